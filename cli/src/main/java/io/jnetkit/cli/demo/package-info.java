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
 *   <li>ping without the binary: a raw {@code IPPROTO_ICMP} socket receives every ICMP packet of
 *       its namespace with the IP header in front; replies are matched by identifier, sequence
 *       and source, and {@code SO_RCVTIMEO} bounds each wait.</li>
 *   <li>{@code java.net.Socket} creates its descriptor lazily, so a client connects on a thread
 *       inside the namespace; a {@code ServerSocket} binds in its constructor.</li>
 * </ul>
 * On a kernel without netkit (6.7+) the command re-runs itself in the kernel lab guest.
 */
package io.jnetkit.cli.demo;
