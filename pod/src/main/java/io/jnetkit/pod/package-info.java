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
 *   <li>Many pods: {@link io.jnetkit.pod.Pods#up(io.jnetkit.netns.NetNs, java.util.List)} wires
 *       several at a time, {@link io.jnetkit.pod.Pods#down(io.jnetkit.netns.NetNs, java.util.List)}
 *       lets the kernel destroy their namespaces together.</li>
 * </ul>
 *
 * <p><b>Cost per pod</b> (what {@code bin/bench-pods} measures against Go's netlink): a new pod is a
 * namespace made on the calling thread, one pair create, one batch of requests per side sent in one
 * datagram ({@link io.jnetkit.rtnl.RtnlBatch}) with the ifindexes the create returned, a socket in
 * the pod; eight round trips where a request each with a name lookup each took 24. What remains is
 * the kernel's: making the namespace (~0.5-1 ms, scales over cores), the pair (~0.5 ms under the
 * rtnl lock, serial), and with a program one RCU grace period per tcx or netkit attach and another
 * per device destroyed with one attached (7-15 ms here, under the rtnl lock: serial).
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
