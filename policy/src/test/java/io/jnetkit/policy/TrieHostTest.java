package io.jnetkit.policy;

import io.jnetkit.bpf.MapType;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.jnetkit.policy.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long CIDR runs compiled to one LPM trie lookup, in the host kernel: BPF_PROG_TEST_RUN's
 * verdicts and the per-rule counters equal {@link Policy#decide} for packets in the first,
 * middle and last prefix, outside all, and ones whose ports or protocol cannot be read — the
 * lookup sits in every path (before and after the split on transport protocols, TCP with flags
 * kept across it, fragments, an unparseable IPv6 chain).
 */
@HostTest
class TrieHostTest {

    /** 253 src /24s between rules on ports and flags: the run sits in the per-protocol code. */
    static Policy ip4Deny() {
        return Policy.parse("count deny tcp dport 22 flags syn; "
                + PolicyCompilerTest.cidrRun("count deny", "src", 0, 253)
                + "count allow udp dport 53; count deny tcp flags rst; count default allow");
    }

    /** An allow list of 250 dst /24s before the split, then a port rule; not counted. */
    static Policy ip4Allow() {
        return Policy.parse(PolicyCompiler.MIN_LPM_RUN > 250 ? "" : PolicyCompilerTest.cidrRun("allow", "dst", 0, 250)
                + "deny tcp dport 80; allow icmp; count default deny");
    }

    /** 200 IPv6 src /32s between rules of both families. */
    static Policy ip6Deny() {
        StringBuilder sb = new StringBuilder("deny ip4 src 10.0.0.0/8; count deny ip6 udp dport 53; ");
        for (int k = 0; k < 200; k++) {
            sb.append("count deny src fd00:").append(Integer.toHexString(k + 1)).append("::/32; ");
        }
        return Policy.parse(sb + "count allow tcp flags ack; count default deny");
    }

    static String v4(int k) {
        return "172." + (16 + k / 256) + "." + (k % 256) + ".9";
    }

    static String v6(int k) {
        return "fd00:" + Integer.toHexString(k + 1) + "::9";
    }

    /** Frames of every kind for an address (as the rule's side) and a family. */
    static List<byte[]> frames(boolean v6, boolean src, String addr) {
        List<Function<B, B>> kinds = List.of(
                b -> b, b -> b.flags(SYN).dport(22), b -> b.flags(RST), b -> b.proto(UDP).dport(53), b -> b.proto(UDP).dport(80),
                b -> b.proto(v6 ? ICMPV6 : ICMP), b -> b.dport(80).flags(ACK),
                b -> b.dport(22).flags(SYN).cut(v6 ? 60 : 40),           // ports unreadable
                b -> b.proto(UDP).dport(53).cut(v6 ? 58 : 38),
                b -> v6 ? b.frag6(8, false).dport(22) : b.frag(8, false).dport(22), // non-first fragment
                b -> v6 ? b.ext(0, 8).dport(22).flags(SYN) : b.ihl(6).dport(22).flags(SYN),
                b -> v6 ? b.ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).ext(0, 8).dport(22)
                        : b.ihl(4).dport(22), // unparseable chain / IHL < 5
                b -> b.etherType(0x8100).payload(20));                      // a VLAN tag in the bytes
        List<byte[]> out = new ArrayList<>();
        for (Function<B, B> k : kinds) {
            B b = v6 ? ip6() : ip4();
            b = src ? b.src(addr) : b.dst(addr);
            out.add(k.apply(b).build());
        }
        return out;
    }

    private static void agree(Policy policy, boolean v6, boolean src, List<String> addrs) {
        CompiledPolicy c = PolicyCompiler.compile(policy);
        assertEquals(1, c.tries().size(), c.notes().toString());
        List<String> mismatches = new ArrayList<>();
        long[] want = new long[policy.rules().size() + 1];
        int sent = 0;
        try (LoadedPolicy l = c.load()) {
            assertEquals(MapType.LPM_TRIE, l.tries().getFirst().info().type());
            for (String a : addrs) {
                for (boolean family : new boolean[]{v6, !v6}) {
                    String addr = family == v6 ? a : family ? "fd00::9" : "10.1.2.3";
                    for (byte[] f : frames(family, src, addr)) {
                        Policy.Decision d = policy.decide(f);
                        int got;
                        try {
                            got = l.program().testRun(f, 1).retval();
                        } catch (io.jnetkit.sys.KernelException e) {
                            continue; // cut inside the IP header: BPF_PROG_TEST_RUN refuses it
                        }
                        sent++;
                        if (got != d.verdict()) {
                            mismatches.add(addr + " " + PacketView.of(f) + ": model " + d + ", kernel " + got);
                        }
                        int idx = d.rule() < 0 ? policy.rules().size() : d.rule();
                        if (d.rule() < 0 ? policy.countDefault() : policy.rules().get(d.rule()).count()) {
                            want[idx]++;
                        }
                    }
                }
            }
            for (RuleStats s : l.stats()) {
                if (s.packets() != want[s.index()]) {
                    mismatches.add("counter " + s + ": want " + want[s.index()]);
                }
            }
            System.out.println("trie: " + c.notes() + ", " + c.instructionCount() + " instructions (chain "
                    + PolicyCompiler.compileChains(policy).instructionCount() + "), " + sent + " frames agree: "
                    + mismatches.isEmpty());
        }
        assertEquals(List.of(), mismatches);
        assertTrue(sent > 50, "frames sent: " + sent);
    }

    @Test
    void ip4DenyRunAgreesWithModel() {
        agree(ip4Deny(), false, true, List.of(v4(0), v4(1), v4(126), v4(252), v4(253), "172.15.255.9", "10.0.0.1"));
    }

    @Test
    void ip4AllowRunAgreesWithModel() {
        agree(ip4Allow(), false, false, List.of(v4(0), v4(125), v4(249), v4(250), "192.168.0.1"));
    }

    @Test
    void ip6DenyRunAgreesWithModel() {
        agree(ip6Deny(), true, true, List.of(v6(0), v6(100), v6(199), v6(200), "fd00::9", "2001:db8::1"));
    }

    /** Random frames from the fuzzer's grammar against the three policies. */
    @Test
    void randomFramesAgreeWithModel() {
        RandomPolicies gen = new RandomPolicies(99);
        List<String> mismatches = new ArrayList<>();
        for (Policy policy : List.of(ip4Deny(), ip4Allow(), ip6Deny())) {
            try (LoadedPolicy l = PolicyCompiler.compile(policy).load()) {
                for (int k = 0; k < 300; k++) {
                    byte[] f = gen.frame();
                    int got;
                    try {
                        got = l.program().testRun(f, 1).retval();
                    } catch (io.jnetkit.sys.KernelException e) {
                        continue;
                    }
                    if (got != policy.decide(f).verdict()) {
                        mismatches.add(PacketView.of(f) + ": model " + policy.decide(f) + ", kernel " + got);
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
