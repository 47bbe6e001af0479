package io.jnetkit.pod;

import java.util.Locale;

/**
 * How a pod is connected to its host namespace.
 *
 * <ul>
 *   <li>{@link #NETKIT}: a netkit pair ({@code ip link add HOSTDEV type netkit mode l3 peer name eth0
 *       netns POD}); the pod's programs run on the pair's own hooks, {@code netkit/peer} (what the pod
 *       sends) and {@code netkit/primary} (what it receives). Linux 6.7+.</li>
 *   <li>{@link #VETH}: a veth pair; the same programs run on tcx of the host-side device,
 *       {@code tcx/ingress} (what the pod sends) and {@code tcx/egress} (what it receives).
 *       Linux 6.6+ (tcx).</li>
 *   <li>{@link #AUTO}: netkit when the kernel has it, else veth ({@link Pods#choose}).</li>
 * </ul>
 */
public enum Datapath {
    AUTO, NETKIT, VETH;

    /** "auto", "netkit", "veth". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Datapath parse(String word) {
        for (Datapath d : values()) {
            if (d.word().equals(word == null ? "" : word.toLowerCase(Locale.ROOT))) return d;
        }
        throw new IllegalArgumentException("unknown datapath \"" + word + "\"; expected auto, netkit or veth");
    }

    @Override
    public String toString() {
        return word();
    }
}
