package io.jnetkit.policy;

import io.jnetkit.asm.Asm;
import io.jnetkit.asm.Insn;
import io.jnetkit.asm.Instructions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the compiler emits for every rule kind (instruction shapes, not exact bytes). */
class PolicyCompilerTest {

    /** Policies whose compiled code the unit and host tests check; every one must load. */
    static final List<String> CASES = List.of(
            "allow any", "deny any", "default deny", "count default deny", "count allow any",
            "deny tcp dport 12345; allow any", "count deny tcp dport 12345",
            "deny udp dport 53", "deny tcp sport 1024-65535", "deny tcp dport 1000-2000", "deny udp dport 1-1023",
            "deny tcp flags syn", "deny tcp flags !ack", "deny tcp flags syn,!ack", "deny tcp flags fin,syn,rst,psh,ack,urg,ece,cwr",
            "deny tcp dport 22 flags rst,!fin",
            "deny src 10.1.2.3", "deny dst 10.0.0.0/8", "deny src 128.0.0.0/1", "deny src 0.0.0.0/0", "deny dst 10.255.255.0/24",
            "deny src fd00::1", "deny dst fd00::/64", "deny dst fd00:0:0:10::/60", "deny src 8000::/1", "deny src ::/0",
            "allow icmp; default deny", "allow icmpv6; default deny", "deny ip4", "deny ip6", "deny ip6 tcp", "deny ip4 udp",
            "allow ip4; allow ip6 tcp; deny any",
            "deny tcp; deny udp dport 53; allow any",
            "deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn",
            "count deny udp src 10.0.0.0/8 dport 53; allow icmp; count allow tcp dport 1000-2000 flags syn,!ack; deny tcp; count default allow",
            "deny src 10.0.0.0/8; deny tcp dport 22; deny udp sport 53; allow any",
            "count allow tcp dport 22; count allow udp dport 53; count allow icmp; count allow icmpv6; count default deny",
            "deny tcp src 192.168.1.1 dst 192.168.2.0/24 sport 1024-65535 dport 22 flags syn,!ack",
            "deny ip6 udp src 2001:db8::/32 dst fd00::1 sport 53 dport 1000-2000");

    static Stream<String> cases() {
        return CASES.stream();
    }

    private static String asm(String policy) {
        return PolicyCompiler.compile(policy).disassembly();
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex, Pattern.MULTILINE).matcher(text).results().count();
    }

    @Test
    void constantPolicies() {
        assertEquals("\tr0 = -1\n\texit\n", asm("allow any").replaceAll("(?m)^\\w+:\n", ""));
        assertEquals("\tr0 = 2\n\texit\n", asm("deny any").replaceAll("(?m)^\\w+:\n", ""));
        assertEquals(2, PolicyCompiler.compile("default deny").instructionCount());
        assertEquals(2, PolicyCompiler.compile("allow any; deny tcp").instructionCount());
        CompiledPolicy c = PolicyCompiler.compile("count default deny");
        assertTrue(c.counts());
        assertTrue(c.disassembly().contains("*(u32 *)(r10 - 4) = 0"), c.disassembly());
        assertEquals(1, c.countersSpec().maxEntries());
    }

    @Test
    void theProgramSpecKeepsTheCountersMapSymbolic() {
        // The compiler's instructions go to the ProgramSpec as they are: the counters map is
        // resolved by Program.load, not patched into bytes here.
        CompiledPolicy c = PolicyCompiler.compile("count deny tcp dport 22; allow any");
        io.jnetkit.bpf.ProgramSpec spec = c.programSpec(io.jnetkit.bpf.AttachType.NETKIT_PEER);
        assertEquals(c.program(), spec.instructions());
        assertEquals(java.util.List.of(PolicyCompiler.COUNTERS_MAP), spec.instructions().mapNames());
        assertEquals(PolicyCompiler.PROGRAM_NAME, spec.name());
        assertTrue(PolicyCompiler.compile("deny tcp dport 22").programSpec(null).instructions().references().isEmpty());
    }

    @Test
    void seedIsTight() {
        CompiledPolicy c = PolicyCompiler.compile("deny tcp dport 12345; allow any");
        String a = c.disassembly();
        // clang -O2 compiles the same filter (reference.c's port_filter: the IPv6 extension
        // header walk, deny when the ports cannot be read or a VLAN tag hides them) to 153
        // (PolicyHostTest prints both).
        assertTrue(c.instructionCount() <= 101, c.instructionCount() + "\n" + a);
        assertEquals(2, count(a, "r5 = \\*\\(u32 \\*\\)\\(r1 \\+ 16\\)"), "skb->protocol, compared with the EtherType");
        assertFalse(c.counts());
        assertTrue(c.program().mapRefs().isEmpty());
        assertEquals(0, count(a, "call"));
        assertEquals(2, count(a, "r\\d = \\*\\(u16 \\*\\)\\(r2 \\+ 12\\)"), "EtherType loaded once (and for short frames)");
        assertEquals(1, count(a, "r4 = \\*\\(u8 \\*\\)\\(r2 \\+ 14\\)"), "IHL read");
        assertEquals(1, count(a, "if w4 & 65311 goto"), "fragment offset test");
        assertEquals(1, count(a, "r9 = \\*\\(u16 \\*\\)\\(r2 \\+ 16\\)"), "IPv4 dport after IHL*4");
        assertEquals(1, count(a, "r9 = \\*\\(u16 \\*\\)\\(r6 \\+ 56\\)"), "IPv6 dport after the extension headers");
        assertEquals(1, count(a, "if w5 == 6 goto tcp"), "IPv6 TCP without extension headers: one compare");
        assertEquals(2, count(a, "r8 = 1155199692699598849 ll"), "the extension header test");
        assertEquals(1, count(a, "if r0 < 8 goto ext_loop"), "the walk's bound");
        assertEquals(2, count(a, "\\*\\(u32 \\*\\)\\(r1 \\+ 48\\) = r"), "the round trip through cb[0], restored");
        assertEquals(2, count(a, "w9 [!=]= 14640"), "port 12345 in network order");
        assertEquals(0, count(a, "be16"), "no byte swap for an exact port");
        assertEquals(1, count(a, "r0 = 2$"));
        assertEquals(1, count(a, "r0 = -1$"));
    }

    @Test
    void counting() {
        String a = asm("count deny tcp dport 12345; count allow udp; count default deny");
        assertEquals(2, count(a, "map\\(jnk_counters\\) ll"), "one tail per verdict");
        assertEquals(2, count(a, "lock \\*\\(u64 \\*\\)\\(r0 \\+ 0\\) \\+= r1"));
        assertEquals(2, count(a, "lock \\*\\(u64 \\*\\)\\(r0 \\+ 8\\) \\+= r6"));
        assertEquals(2, count(a, "r6 = \\*\\(u32 \\*\\)\\(r1 \\+ 0\\)"), "skb->len");
        assertEquals(1, count(asm("count deny tcp; count deny udp"), "map\\(jnk_counters\\) ll"), "deny tail only");
        for (int i = 0; i <= 2; i++) {
            assertEquals(1, count(a, "\\*\\(u32 \\*\\)\\(r10 - 4\\) = " + i + "$"), "counter " + i);
        }
        CompiledPolicy c = PolicyCompiler.compile("count deny tcp dport 12345; count allow udp; count default deny");
        assertEquals(3, c.countersSpec().maxEntries());
        assertEquals(16, c.countersSpec().valueSize());
        assertEquals("jnk_counters", c.countersSpec().name());
        assertEquals(List.of("jnk_counters"), c.program().mapNames());
    }

    @Test
    void ipv4Addresses() {
        String host = asm("deny src 10.1.2.3");
        assertTrue(host.contains("r6 = *(u32 *)(r2 + 26)"), host);
        assertFalse(host.contains("be32"), host);
        assertTrue(host.contains("if w6 != 50462986 goto") || host.contains("if w6 == 50462986 goto"), host); // 10.1.2.3 read little-endian: 0x0302010a
        assertFalse(host.contains("r4 &= 15"), "no transport header parsing:\n" + host);
        String net = asm("deny dst 10.0.0.0/8");
        assertTrue(net.contains("r7 = *(u32 *)(r2 + 30)"), net);
        assertTrue(net.contains("r7 = be32 r7"), net);
        // One unsigned compare of dst - 10.0.0.0 on r4, so that the verifier learns nothing of r7.
        assertTrue(net.contains("w4 = -167772160\n\tw4 += w7\n"), net);
        assertTrue(net.contains("if w4 <= 16777215 goto") || net.contains("if w4 > 16777215 goto"), net);
        assertFalse(net.contains("if w7"), net);
        String top = asm("deny src 128.0.0.0/1");
        assertEquals(1, count(top, "w4 \\+= w6"), top);
        String all = asm("deny src 0.0.0.0/0");
        assertFalse(all.contains("r6"), "/0 only says IPv4:\n" + all);
    }

    @Test
    void ipv6Addresses() {
        String host = asm("deny src fd00::1");
        for (int off : new int[]{22, 26, 30, 34}) {
            assertTrue(host.contains("r4 = *(u32 *)(r2 + " + off + ")"), off + "\n" + host);
        }
        assertFalse(host.contains("w4 &="), host);
        String net = asm("deny dst fd00::/64");
        assertEquals(2, count(net, "r4 = \\*\\(u32 \\*\\)\\(r2 \\+ (38|42)\\)"), net);
        assertEquals(0, count(net, "r2 \\+ (46|50)"), net);
        String partial = asm("deny dst fd00:0:0:10::/60");
        assertEquals(1, count(partial, "w4 &= -251658241"), partial); // ff ff ff f0 read little-endian
        assertEquals(1, count(partial, "w4 [!=]= 268435456 goto"), partial); // 00 00 00 10
        assertFalse(asm("deny ip6 tcp").contains("w4 != 8 "), "no IPv4 code for an IPv6-only policy");
    }

    @Test
    void ports() {
        String exact = asm("deny udp dport 53");
        assertTrue(exact.contains("r9 = *(u16 *)(r2 + 16)"), exact);
        assertTrue(exact.contains("13568"), exact); // 53 in network order
        assertTrue(exact.contains("r4 += 22"), "UDP header bound 14 + 8:\n" + exact);
        String range = asm("deny tcp sport 1024-65535");
        assertTrue(range.contains("r8 = *(u16 *)(r2 + 14)"), range);
        assertTrue(range.contains("r8 = be16 r8"), range);
        assertTrue(range.contains("w4 = -1024\n\tw4 += w8\n\tif w4 <= 64511 goto"), range);
        assertFalse(range.contains("65535"), range);
        String both = asm("deny tcp dport 1000-2000");
        assertTrue(both.contains("w4 = -1000\n\tw4 += w9\n\tif w4 <= 1000 goto"), both);
        assertFalse(both.contains("if w9"), "never on r9 itself:\n" + both);
        assertTrue(both.contains("r4 += 34"), "TCP header bound 14 + 20:\n" + both);
        String two = asm("deny tcp dport 22; deny udp dport 53");
        assertTrue(two.contains("if w5 == 17 goto"), "TCP/UDP dispatch:\n" + two);
    }

    @Test
    void flags() {
        String syn = asm("deny tcp flags syn");
        assertTrue(syn.contains("r0 = *(u8 *)(r2 + 27)"), syn);
        assertTrue(syn.contains("w4 = w0\n\tw4 &= 2\n"), "on a copy (the verifier learns nothing of r0):\n" + syn);
        assertFalse(syn.contains("if w0"), syn);
        String notAck = asm("deny tcp flags !ack");
        assertTrue(notAck.contains("w4 &= 16"), notAck);
        String mixed = asm("deny tcp flags syn,!ack");
        assertTrue(mixed.contains("w4 &= 18"), mixed);
        assertTrue(mixed.contains("if w4 == 2 goto"), mixed);
        String six = asm("deny ip6 tcp flags syn");
        assertTrue(six.contains("r0 = *(u8 *)(r6 + 67)"), six);
    }

    @Test
    void protocolsAndFamilies() {
        String icmp = asm("allow icmp; default deny");
        assertTrue(icmp.contains("r5 = *(u8 *)(r2 + 23)"), icmp);
        assertTrue(icmp.contains("if w5 == 1 goto") || icmp.contains("if w5 != 1 goto"), icmp);
        assertFalse(icmp.contains("56710"), "no IPv6 code:\n" + icmp);
        String icmp6 = asm("allow icmpv6; default deny");
        assertTrue(icmp6.contains("r5 = *(u8 *)(r2 + 20)"), icmp6);
        assertTrue(icmp6.contains("r4 += 54"), icmp6);
        String fam = asm("allow ip4; allow ip6 tcp; deny any");
        assertFalse(fam.contains("r4 &= 15"), fam);
        String nonIp = asm("deny ip4");
        assertTrue(nonIp.contains("if w4 != 8 goto other"), nonIp);
        assertTrue(nonIp.contains("if w4 == 129 goto tag"), "802.1Q in the bytes is denied:\n" + nonIp);
    }

    @Test
    void sharedPrefixBeforeTheTransportFork() {
        String a = asm("deny src 10.0.0.0/8; deny tcp dport 22; deny udp sport 53; allow any");
        assertEquals(1, count(a, "w4 \\+= w6"), "the address rule once, before the fork:\n" + a);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void disassemblyReassembles(String text) {
        CompiledPolicy c = PolicyCompiler.compile(text);
        Instructions p = c.program();
        assertEquals(p, Asm.assemble(c.disassembly()), c.disassembly());
        assertAcyclic(p, c.disassembly());
    }

    /**
     * No loops but the IPv6 extension header walk's (its back edge is {@code if r0 < 8}, r0
     * counting headers): every path ends at an exit (backward jumps to moved return blocks are
     * fine).
     */
    static void assertAcyclic(Instructions p, String text) {
        int n = p.slotCount();
        int[] state = new int[n + 1];
        java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
        stack.push(new int[]{0, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int slot = top[0];
            if (top[1] == 0) {
                if (state[slot] == 2) {
                    stack.pop();
                    continue;
                }
                assertTrue(state[slot] != 1, "loop through slot " + slot + ":\n" + text);
                state[slot] = 1;
            }
            Insn i = p.insnAtSlot(slot);
            List<Integer> succ = new java.util.ArrayList<>();
            boolean exit = i.opcode() == 0x95;
            boolean ja = i.opcode() == 0x05;
            if (!exit && !ja) succ.add(slot + i.slots());
            boolean walkBackEdge = i.opcode() == 0xa5 && i.dst() == 0 && i.imm() == PacketView.MAX_EXT_HEADERS
                    && i.off() < 0;
            if (i.isJump() && i.opcode() != 0x85 && !exit && !walkBackEdge) succ.add(slot + 1 + i.off());
            if (top[1] < succ.size()) {
                int next = succ.get(top[1]++);
                assertTrue(next < n, "falls off the end at " + slot + ":\n" + text);
                stack.push(new int[]{next, 0});
            } else {
                state[slot] = 2;
                stack.pop();
            }
        }
    }

    @Test
    void randomPoliciesCompileAndReassemble() {
        RandomPolicies gen = new RandomPolicies(42);
        for (int n = 0; n < 500; n++) {
            Policy policy = gen.policy(n < 450 ? 12 : 80);
            assertEquals(policy, Policy.parse(policy.toString()));
            CompiledPolicy c = PolicyCompiler.compile(policy);
            String text = c.disassembly();
            assertEquals(c.program(), Asm.assemble(text), policy + "\n" + text);
            assertAcyclic(c.program(), text);
            assertEquals(c.program().slotCount(), c.instructionCount());
            assertTrue(c.instructionCount() < 200 + 60 * policy.rules().size(), policy + ": " + c.instructionCount());
        }
    }

    @Test
    void maxPolicyCompiles() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Policy.MAX_RULES; i++) {
            sb.append("count deny ip6 tcp src fd00::").append(Integer.toHexString(i + 1))
                    .append("/128 dst 2001:db8::/48 sport 1-1023 dport ").append(i + 1).append(" flags syn,!ack\n");
        }
        CompiledPolicy c = PolicyCompiler.compile(sb.toString());
        assertEquals(Policy.MAX_RULES + 1, c.countersSpec().maxEntries());
        assertTrue(c.instructionCount() < 32_767, "jump offsets fit in 16 bits: " + c.instructionCount());
    }
    // ---------------------------------------------------------------- LPM tries

    /** {@code n} rules "PREFIX deny src 172.16.K.0/24" for K from {@code from}; ";"-separated. */
    static String cidrRun(String prefix, String side, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < from + n; k++) {
            sb.append(prefix).append(" ").append(side).append(" 172.").append(16 + k / 256).append('.').append(k % 256).append(".0/24; ");
        }
        return sb.toString();
    }

    @Test
    void aLongCidrRunIsOneTrieLookup() {
        String text = "allow tcp dport 22; " + cidrRun("count deny", "src", 0, 200) + "deny udp; count default allow";
        CompiledPolicy c = PolicyCompiler.compile(text);
        assertEquals(1, c.tries().size());
        CompiledPolicy.LpmTrie t = c.tries().getFirst();
        assertEquals(1, t.firstRule());
        assertEquals(200, t.prefixes().size());
        assertTrue(t.src());
        assertEquals(List.of("rules 2-201: one LPM trie lookup in jnk_lpm_0 (200 src prefixes)"), c.notes());
        assertEquals(new io.jnetkit.bpf.MapSpec("jnk_lpm_0", io.jnetkit.bpf.MapType.LPM_TRIE, 8, 4, 200, 1), t.spec());
        // Key {u32 prefixlen (host order), address (network order)}, value the rule index.
        var e = t.entries().entrySet().stream().skip(199).findFirst().orElseThrow();
        assertEquals(List.of(24, 0, 0, 0, 172, 16, 199, 0), unsigned(e.getKey()));
        assertEquals(List.of(200, 0, 0, 0), unsigned(e.getValue()));
        String asm = c.disassembly();
        assertTrue(asm.contains("r1 = map(jnk_lpm_0) ll"), asm);
        assertTrue(c.program().mapRefs().stream().anyMatch(r -> r.name().equals("jnk_lpm_0")));
        assertTrue(c.counts());
        // No compare per prefix is left: far fewer instructions than the chain.
        CompiledPolicy chain = PolicyCompiler.compileChains(Policy.parse(text));
        assertTrue(chain.tries().isEmpty());
        assertTrue(c.instructionCount() * 4 < chain.instructionCount(), c.instructionCount() + " vs " + chain.instructionCount());
        assertEquals(c.program(), Asm.assemble(asm));
        assertAcyclic(c.program(), asm);
    }

    private static List<Integer> unsigned(byte[] b) {
        List<Integer> out = new java.util.ArrayList<>();
        for (byte x : b) out.add(x & 0xff);
        return out;
    }

    @Test
    void aShortRunStaysAChain() {
        int n = PolicyCompiler.MIN_LPM_RUN;
        assertEquals(1, PolicyCompiler.compile(cidrRun("deny", "dst", 0, n)).tries().size());
        CompiledPolicy c = PolicyCompiler.compile(cidrRun("deny", "dst", 0, n - 1) + "allow any");
        assertTrue(c.tries().isEmpty());
        assertTrue(c.notes().isEmpty());
        assertTrue(c.program().mapRefs().isEmpty());
    }

    @Test
    void overlappingPrefixesStayAChain() {
        // 172.16.0.0/16 in the middle overlaps every /24 before and after it: the trie would pick
        // the longer prefix where the rules pick the first.
        String text = cidrRun("deny", "src", 0, 100) + "allow src 172.16.0.0/12; " + cidrRun("deny", "src", 100, 100);
        assertTrue(PolicyCompiler.compile(text).tries().isEmpty());
        text = cidrRun("deny", "src", 0, 100) + "deny src 172.16.0.0/12; " + cidrRun("deny", "src", 100, 100);
        assertTrue(PolicyCompiler.compile(text).tries().isEmpty());
        // A duplicate prefix (the second never matches) ends a run too.
        int n = PolicyCompiler.MIN_LPM_RUN;
        text = cidrRun("deny", "src", 0, n) + cidrRun("deny", "src", n - 1, n - 1);
        CompiledPolicy c = PolicyCompiler.compile(text);
        assertEquals(1, c.tries().size());
        assertEquals(0, c.tries().getFirst().firstRule());
    }

    @Test
    void actionsCountsSidesAndFamiliesSplitRuns() {
        int n = PolicyCompiler.MIN_LPM_RUN;
        CompiledPolicy c = PolicyCompiler.compile(cidrRun("deny", "src", 0, n) + cidrRun("allow", "src", n, n));
        assertEquals(List.of(0, n), c.tries().stream().map(CompiledPolicy.LpmTrie::firstRule).toList());
        assertEquals(List.of("jnk_lpm_0", "jnk_lpm_1"), c.tries().stream().map(CompiledPolicy.LpmTrie::name).toList());
        c = PolicyCompiler.compile(cidrRun("deny", "src", 0, n) + cidrRun("count deny", "src", n, n));
        assertEquals(2, c.tries().size());
        c = PolicyCompiler.compile(cidrRun("deny", "src", 0, n) + cidrRun("deny", "dst", n, n));
        assertEquals(2, c.tries().size());
        assertFalse(c.tries().get(1).src());
        // Every other rule of another kind: no run at all.
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 200; k++) {
            sb.append(k % 2 == 0 ? "deny" : "allow").append(" src 10.0.").append(k).append(".0/24; ");
        }
        assertTrue(PolicyCompiler.compile(sb.toString()).tries().isEmpty());
        // A port, protocol or second address makes a rule no trie rule.
        assertTrue(PolicyCompiler.compile(cidrRun("deny tcp", "src", 0, 200)).tries().isEmpty());
        // IPv6: a 20-byte key.
        StringBuilder v6 = new StringBuilder();
        for (int k = 0; k < 200; k++) {
            v6.append("count deny dst fd00:").append(Integer.toHexString(k + 1)).append("::/32; ");
        }
        c = PolicyCompiler.compile(v6 + "deny ip4");
        assertEquals(1, c.tries().size());
        assertEquals(20, c.tries().getFirst().spec().keySize());
    }
}
