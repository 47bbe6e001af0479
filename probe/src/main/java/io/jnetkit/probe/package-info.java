/**
 * Traffic probes that run inside a network namespace, for demos, tests and health checks:
 * {@link io.jnetkit.probe.IcmpPinger} ({@code ping}), {@link io.jnetkit.probe.TcpProbe}
 * ({@code nc -l} / {@code nc}), and the kernel-free ICMP echo codec
 * {@link io.jnetkit.probe.IcmpEcho}. Nothing here shells out.
 *
 * <p>Kernel traps handled here:
 * <ul>
 *   <li>A socket keeps the namespace it was created in: each probe creates its socket on a
 *       thread inside the target {@link io.jnetkit.netns.NetNs} and then uses it from any thread.
 *       {@code java.net.Socket} creates its descriptor lazily (at connect), so the client
 *       connects inside the namespace; a {@code ServerSocket} binds in its constructor.</li>
 *   <li>A raw {@code IPPROTO_ICMP} socket (CAP_NET_RAW) receives every ICMP packet of its
 *       namespace with the IPv4 header in front; replies are matched by identifier, sequence and
 *       source, and {@code SO_RCVTIMEO} bounds each wait so a deadline is kept.</li>
 *   <li>A TCP port nobody listens on answers the SYN with a RST (ECONNREFUSED); a SYN dropped on
 *       the way gets no answer and the connect times out. {@link io.jnetkit.probe.TcpProbe.Result}
 *       keeps the two apart.</li>
 * </ul>
 */
package io.jnetkit.probe;
