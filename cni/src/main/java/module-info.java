/**
 * The CNI plugin {@code jnetkit}: container runtimes (containerd, CRI-O, podman) call it per
 * container; it wires the container as a pod through {@link io.jnetkit.pod.Pods}, with its
 * addresses from a delegated IPAM plugin (host-local).
 */
module io.jnetkit.cni {
    requires transitive io.jnetkit.pod;
    requires io.jnetkit.netns;
    requires io.jnetkit.rtnetlink;
    requires io.jnetkit.abi;
    requires com.fasterxml.jackson.core;

    exports io.jnetkit.cni;
}
