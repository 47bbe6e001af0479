/**
 * Policies without clang: a small allow/deny language for netkit and tcx hooks, compiled
 * straight to BPF bytecode in the JVM.
 *
 * <pre>{@code
 * Policy p = Policy.parse("count deny tcp dport 12345; allow any");
 * CompiledPolicy c = PolicyCompiler.compile(p);          // kernel-free: c.disassembly()
 * try (LoadedPolicy l = c.load(AttachType.NETKIT_PEER)) {
 *     // attach l.program() …
 *     l.stats().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Rules are tried in order; the first that matches decides; otherwise the default (allow unless
 * the policy says {@code default deny}). Decisions made for the hook:
 * <ul>
 *   <li><b>Verdicts.</b> allow returns NEXT (-1), deny DROP (2). NEXT lets programs attached
 *       after the policy still look at the packet; netkit and tcx pass the packet when the last
 *       program returns NEXT (also with netkit policy blackhole: the device policy applies only
 *       with no program attached).</li>
 *   <li><b>Where the headers are.</b> The frame starts at the Ethernet header in both netkit
 *       modes (L3 mode still builds one); IP is parsed at offset 14 always.</li>
 *   <li><b>What is IPv4/IPv6.</b> EtherType 0x0800 with the whole 20-byte header, 0x86DD with
 *       the whole 40-byte header; anything else — ARP, cut inside the IP header — is "not IP"
 *       and matches only rules without any condition (e.g. {@code allow any}).</li>
 *   <li><b>What cannot be read decides for safety.</b> When the program cannot read what a
 *       condition is about — the ports of a TCP/UDP header that is not whole in the frame, the
 *       protocol behind an unparseable IPv6 chain, anything behind a VLAN tag in the frame's
 *       bytes — the condition is unknown: a deny rule whose other conditions hold matches (the
 *       packet might be what it denies), an allow rule does not (it might not be what it
 *       allows). So deny lists drop such packets, allow lists do not let them through, and
 *       {@code allow any} still passes them. Such packets are malformed or crafted: the
 *       receiving stack drops truncated headers itself, but a first fragment too short to hold
 *       the ports (RFC 1858, RFC 7112) would otherwise slip past {@code deny tcp dport 22}.</li>
 *   <li><b>IPv4 options.</b> The transport header is found at IHL×4; IHL &lt; 5 means the
 *       transport header cannot be found (unknown, above).</li>
 *   <li><b>Fragments.</b> A non-first fragment (IPv4 fragment offset ≠ 0, or an IPv6 fragment
 *       header with offset ≠ 0) has no transport header: it matches rules on protocol and
 *       addresses, never rules with ports or flags. So {@code deny tcp dport 22} drops first
 *       fragments to port 22, and the rest cannot be reassembled into anything; {@code deny tcp}
 *       drops every fragment. A first fragment must hold the whole fixed transport header
 *       (TCP 20 bytes, UDP 8), else its ports are unknown.</li>
 *   <li><b>IPv6 extension headers</b> are walked: hop-by-hop (0), routing (43), destination
 *       options (60), AH (51) and fragment (44); the protocol is the first other Next Header
 *       (ESP 50 and No Next Header 59 end the walk with that protocol and no ports). At most
 *       {@value io.jnetkit.policy.PacketView#MAX_EXT_HEADERS} headers, each wholly in the frame,
 *       starting within {@value io.jnetkit.policy.PacketView#MAX_EXT_BYTES} bytes after the
 *       fixed header; a longer or truncated chain is unparseable: protocol and ports unknown
 *       (addresses are still matched).</li>
 *   <li><b>VLAN tags.</b> netkit devices offload VLAN tags (the tag a VLAN device in the pod
 *       adds is in the skb's metadata, not in the frame): such frames are matched on the IP
 *       packet they carry. A tag in the frame's bytes (802.1Q 0x8100, 802.1ad 0x88A8, frames of
 *       at least 38 bytes; written by a raw socket) hides everything behind it.</li>
 *   <li><b>Tunnels and ICMP errors</b> are matched on the outer header: IPIP (4), IPv6-in-IPv6
 *       (41) and GRE (47) are protocols without ports, the packet inside is not read; an ICMP
 *       or ICMPv6 error is ICMP whatever header it quotes. Stop tunnels with an allow list or a
 *       rule on their addresses.</li>
 *   <li><b>TCP data offset</b> is not checked: the ports are at the start of the header, and
 *       the receiving stack drops a segment whose offset is below 5.</li>
 *   <li><b>The EtherType and {@code skb->protocol} must agree.</b> The family is the frame's
 *       EtherType, but the receiving stack goes by {@code skb->protocol}, which netkit (since
 *       6.10) no longer recomputes from the frame after the program; a raw socket in the pod
 *       sets it freely ({@code sll_protocol}). A frame of at least 34 bytes where the two
 *       differ and either says IPv4 or IPv6 hides its content, like a VLAN tag: deny rules
 *       match it ({@link io.jnetkit.policy.PacketView#of(byte[], int)}).</li>
 *   <li><b>Truncated packets.</b> Nothing is ever read past {@code data_end}.</li>
 * </ul>
 * {@link io.jnetkit.policy.Policy#decide(byte[])} implements exactly these rules in Java.
 */
package io.jnetkit.policy;
