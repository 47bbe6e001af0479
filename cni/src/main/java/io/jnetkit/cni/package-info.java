/**
 * The CNI plugin {@code jnetkit}: container runtimes (containerd's CRI plugin, CRI-O, podman's CNI
 * backend) run it per container, and it wires each container as a pod of {@link io.jnetkit.pod.Pods}
 * — a netkit pair with the peer in the runtime's namespace under {@code CNI_IFNAME}, addresses from
 * the delegated IPAM plugin (host-local), host routes, the configured policy, blackhole until it
 * is attached; veth plus tcx where the kernel has no netkit. {@link io.jnetkit.cni.CniPlugin} is
 * the whole protocol (ADD, DEL, CHECK, STATUS, GC, VERSION of spec 1.1) as a library call;
 * {@link io.jnetkit.cni.CniMain} is the executable around it.
 *
 * <pre>
 * {"cniVersion": "1.0.0", "name": "pods", "plugins": [{
 *    "type": "jnetkit",
 *    "hooks": {"primary": {"policy": "deny tcp dport 22; allow any"}},
 *    "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.22.0.0/16"}]]}}]}
 * </pre>
 */
package io.jnetkit.cni;
