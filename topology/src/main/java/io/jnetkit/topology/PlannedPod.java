package io.jnetkit.topology;

import io.jnetkit.pod.NetkitTuning;
import io.jnetkit.pod.PodSpec;

/**
 * One pod as the engine will wire it: the validated {@link PodSpec} (addresses assigned, device and
 * namespace names derived), the node it is wired to, and the netkit settings PodSpec lacks.
 *
 * @param spec   namespace {@code tp-TOPOLOGY-POD}, host device {@code tp-TOPOLOGY-POD} unless
 *               {@code host-device} is set, pod device {@code eth0} unless {@code pod-device} is set
 * @param node   the node's name, or null: the namespace the engine runs in (a topology without nodes)
 * @param netkit scrub, peer scrub, headroom, tailroom; {@link NetkitTuning#NONE} for veth pods
 */
public record PlannedPod(PodSpec spec, String node, NetkitTuning netkit) {
    public String name() {
        return spec.name();
    }
}
