/**
 * {@code jnetkit demo}: the netkit seed walkthrough, automated and verified — namespace, netkit
 * pair, addresses, ping, TCP on two ports, the port filter on the pair's peer hook, detach,
 * cleanup — each step printed with the iproute2/bpftool command it replaces.
 *
 * <p>Kernel traps handled here:
 * <ul>
 *   <li>The seed moves the <em>primary</em> (task_nk) into the container namespace and keeps the
 *       peer (nk0) on the host. Both netkit hooks are addressed through the primary's ifindex in
 *       the primary's namespace, so the peer-hook attach runs inside task_netns (the peer's
 *       ifindex gives EACCES). The peer list runs on what nk0 transmits: host → container.</li>
 *   <li>Deleting a namespace name does not delete its devices while anything (an open
 *       descriptor, a socket) holds the namespace; cleanup deletes the pair explicitly through
 *       nk0 first, which is synchronous, then the name.</li>
 * </ul>
 * ping and the TCP checks are the library's {@link io.jnetkit.probe.IcmpPinger} and
 * {@link io.jnetkit.probe.TcpProbe}; the undo stack is {@link io.jnetkit.netns.Rollback}.
 * On a kernel without netkit (6.7+) the command re-runs itself in the kernel lab guest.
 */
package io.jnetkit.cli.demo;
