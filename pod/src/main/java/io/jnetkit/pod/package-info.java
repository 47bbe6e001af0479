/**
 * Pods: one network namespace wired to its host namespace, the unit the topology engine and a CNI
 * plugin build from. {@link io.jnetkit.pod.Pods} is the only code that wires a pod.
 *
 * <ul>
 *   <li>{@link io.jnetkit.pod.PodSpec}: the pod as wanted — name, namespace, host-side and pod-side
 *       device names, {@link io.jnetkit.pod.Datapath} (auto, netkit, veth), netkit mode, addresses,
 *       and a {@link io.jnetkit.pod.PodProgram} (policy text or BPF object program) per
 *       {@link io.jnetkit.pod.PodHook}. Kernel-free.</li>
 *   <li>{@link io.jnetkit.pod.Pods#up}: converge (idempotent, repairs drift, a failed first
 *       {@code up} leaves nothing); {@link io.jnetkit.pod.Pods#check}: drift as
 *       {@link io.jnetkit.pod.Drift} records; {@link io.jnetkit.pod.Pods#down}: remove exactly what
 *       the pod owns.</li>
 * </ul>
 *
 * <p>Kernel facts relied on: a netkit pair's peer can be created directly in another namespace
 * (IFLA_NETKIT_PEER_INFO carrying IFLA_NET_NS_FD, Linux 6.7), as can a veth's; deleting one end of
 * a pair deletes both, and the kernel removes the routes through a deleted device; a netkit
 * side's default policy applies only while no program is attached to it; netkit in L3 mode is
 * NOARP, so a device route is a complete default route; routes (IPv4 and IPv6) need their device up
 * ("Nexthop device is not up", "Device for nexthop is not up"); tcx links on a veth survive the device going down; /proc/sys/net
 * resolves against the opening thread's network namespace.
 */
package io.jnetkit.pod;
