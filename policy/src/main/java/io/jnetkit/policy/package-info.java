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
 *       the whole 40-byte header; anything else — ARP, VLAN-tagged, cut inside the IP header — is
 *       "not IP" and matches only rules without any condition (e.g. {@code allow any}).</li>
 *   <li><b>IPv4 options.</b> The transport header is found at IHL×4; IHL &lt; 5 means no
 *       transport header.</li>
 *   <li><b>Fragments.</b> A non-first IPv4 fragment (fragment offset ≠ 0) has no transport
 *       header: it matches rules on protocol and addresses, never rules with ports or flags. So
 *       {@code deny tcp dport 22} drops first fragments to port 22, and the rest cannot be
 *       reassembled into anything; {@code deny tcp} drops every fragment.</li>
 *   <li><b>IPv6 extension headers</b> are not walked: the protocol is the fixed header's Next
 *       Header. A packet whose first header is an extension header (hop-by-hop, routing,
 *       fragment, destination options) has that header's number as protocol and matches only
 *       rules with protocol {@code any}. Policies that must not be bypassed that way should
 *       be allow lists ({@code allow ip6 tcp dport 443; deny ip6}).</li>
 *   <li><b>Truncated packets.</b> Ports and flags are seen only when the whole fixed transport
 *       header (TCP 20 bytes, UDP 8) is present; nothing is ever read past {@code data_end}.</li>
 * </ul>
 * {@link io.jnetkit.policy.Policy#decide(byte[])} implements exactly these rules in Java.
 */
package io.jnetkit.policy;
