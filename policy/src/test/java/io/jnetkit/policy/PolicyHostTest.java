package io.jnetkit.policy;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Program;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jnetkit.policy.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled policies in the host kernel: the verifier accepts every one, BPF_PROG_TEST_RUN gives
 * the verdicts of the reference semantics ({@link Policy#decide}) and of the clang-built
 * reference programs (src/test/c/reference.c), and the counters match the packets sent.
 */
@HostTest
class PolicyHostTest {
    private static final int NEXT = -1, DROP = 2;
    private static BpfCollection reference;

    @BeforeAll
    static void loadReference() {
        reference = BpfCollection.load(CollectionSpec.readResource("io/jnetkit/policy/reference.o"));
    }

    @AfterAll
    static void closeReference() {
        if (reference != null) {
            reference.close();
        }
    }

    static Stream<String> everyPolicy() {
        return Stream.concat(PolicyCompilerTest.CASES.stream(), Examples.POLICIES.values().stream());
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void verifierAcceptsIt(String text) {
        CompiledPolicy c = PolicyCompiler.compile(text);
        try (LoadedPolicy l = c.load(AttachType.NETKIT_PEER)) {
            assertEquals(PolicyCompiler.PROGRAM_NAME, l.program().name());
            assertTrue(l.program().info().xlatedLength() >= 8 * c.instructionCount() - 16,
                    "xlated " + l.program().info().xlatedLength() / 8 + " vs " + c.instructionCount());
            assertEquals(c.policy().rules().size() + 1, l.stats().size());
            assertTrue(l.stats().stream().allMatch(s -> s.packets() == 0 && s.bytes() == 0));
        }
    }

    @Test
    void seedByHand() {
        try (LoadedPolicy l = PolicyCompiler.compile("count deny tcp dport 12345; allow any").load()) {
            Program p = l.program();
            assertEquals(DROP, run(p, tcp4(12345)));
            assertEquals(NEXT, run(p, tcp4(12346)));
            assertEquals(NEXT, run(p, ip4().proto(UDP).dport(12345).build()));
            assertEquals(DROP, run(p, ip4().ihl(15).dport(12345).build()));
            assertEquals(DROP, run(p, ip4().ihl(4).dport(12345).build()));
            assertEquals(DROP, run(p, ip4().frag(0, true).dport(12345).build()));
            assertEquals(NEXT, run(p, ip4().frag(185, true).dport(12345).build()));
            assertEquals(null, tryRun(p, ip4().dport(12345).cut(14).build()));
            assertEquals(null, tryRun(p, ip4().dport(12345).cut(33).build()));
            assertEquals(NEXT, run(p, ip4().etherType(0x0806).cut(14).build()));
            assertEquals(DROP, run(p, ip4().dport(12345).cut(34).build()));
            assertEquals(DROP, run(p, ip4().dport(12345).cut(37).build()));
            assertEquals(DROP, run(p, ip4().dport(12345).cut(53).build()));
            assertEquals(DROP, run(p, ip4().dport(12345).cut(54).build()));
            assertEquals(DROP, run(p, ip6().dport(12345).build()));
            assertEquals(DROP, run(p, ip6().dport(12345).cut(73).build()));
            assertEquals(DROP, run(p, ip6().ext(0, 8).dport(12345).build()));
            assertEquals(NEXT, run(p, ip6().ext(0, 8).dport(12346).build()));
            assertEquals(NEXT, run(p, ip4().etherType(0x0806).dport(12345).build()));
            List<RuleStats> s = l.stats();
            assertEquals(new RuleStats(0, "count deny tcp dport 12345", 11,
                    54 + 94 + 54 + 54 + 34 + 37 + 53 + 54 + 74 + 73 + 82), s.get(0));
            assertEquals(new RuleStats(1, "allow any", 0, 0), s.get(1));
            assertEquals(new RuleStats(2, "default allow", 0, 0), s.get(2));
            assertTrue(s.get(2).isDefault());
        }
    }

    private static int run(Program p, byte[] frame) {
        return p.testRun(frame, 1).retval();
    }

    /**
     * BPF_PROG_TEST_RUN refuses (EINVAL) a frame whose EtherType is IPv4 or IPv6 but that is cut
     * inside the fixed IP header; on a device such frames can still come (AF_PACKET in L2
     * mode), and the verifier proves the program never reads past data_end for them.
     */
    private static boolean testRunRefuses(byte[] f) {
        int type = f.length >= 14 ? (f[12] & 0xff) << 8 | (f[13] & 0xff) : 0;
        return type == 0x0800 && f.length < 34 || type == 0x86dd && f.length < 54;
    }

    /** The verdict, or null for a frame the test run refuses (checked to be one of those). */
    private static Integer tryRun(Program p, byte[] frame) {
        try {
            int r = run(p, frame);
            assertTrue(!testRunRefuses(frame), "expected EINVAL for " + PacketView.of(frame));
            return r;
        } catch (io.jnetkit.sys.KernelException e) {
            assertTrue(testRunRefuses(frame), e.getMessage() + " for " + frame.length + " bytes");
            return null;
        }
    }

    /** The bypass table: the compiled program gives the documented verdict, as the model does. */
    @ParameterizedTest
    @MethodSource("io.jnetkit.policy.BypassTest#cases")
    void bypassCasesInTheKernel(BypassCases.Case c) {
        try (LoadedPolicy l = PolicyCompiler.compile(c.policy()).load()) {
            assertEquals(c.verdict(), run(l.program(), c.frame()), c + ": " + PacketView.of(c.frame()));
            assertEquals(Policy.parse(c.policy()).decide(c.frame()).verdict(), run(l.program(), c.frame()));
        }
    }

    /** The packet table through the compiled policy, the model and the clang reference. */
    @Test
    void examplesAgreeWithModelAndClang() {
        List<String> mismatches = new ArrayList<>();
        int compared = 0, refused = 0;
        for (Map.Entry<String, String> e : Examples.POLICIES.entrySet()) {
            Policy policy = Policy.parse(e.getValue());
            Program clang = reference.program(e.getKey());
            try (LoadedPolicy l = PolicyCompiler.compile(policy).load()) {
                long[][] want = new long[policy.rules().size() + 1][2];
                for (Examples.Frame f : Examples.frames()) {
                    Policy.Decision d = policy.decide(f.bytes());
                    Integer ours = tryRun(l.program(), f.bytes());
                    Integer theirs = tryRun(clang, f.bytes());
                    if (ours == null) {
                        refused++;
                        continue;
                    }
                    compared++;
                    if (ours != d.verdict() || theirs != d.verdict()) {
                        mismatches.add(e.getKey() + " / " + f + ": model " + d + ", jnetkit " + ours + ", clang " + theirs);
                    }
                    int idx = d.rule() < 0 ? policy.rules().size() : d.rule();
                    boolean counted = d.rule() < 0 ? policy.countDefault() : policy.rules().get(d.rule()).count();
                    if (counted) {
                        want[idx][0]++;
                        want[idx][1] += f.bytes().length;
                    }
                }
                for (RuleStats s : l.stats()) {
                    if (s.packets() != want[s.index()][0] || s.bytes() != want[s.index()][1]) {
                        mismatches.add(e.getKey() + " counter " + s + ": want " + want[s.index()][0] + " packets, "
                                + want[s.index()][1] + " bytes");
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(compared > 7 * 100, "compared " + compared);
        assertEquals(3 * Examples.POLICIES.size(), refused, "frames cut inside the IP header");
    }

    /** Random policies × random frames: the kernel's verdicts and counters are the model's. */
    @Test
    void randomPoliciesAgreeWithModel() {
        RandomPolicies gen = new RandomPolicies(7);
        List<String> mismatches = new ArrayList<>();
        for (int n = 0; n < 150 && mismatches.size() < 10; n++) {
            Policy policy = gen.policy(n < 130 ? 10 : 60);
            try (LoadedPolicy l = PolicyCompiler.compile(policy).load()) {
                long[] want = new long[policy.rules().size() + 1];
                for (int k = 0; k < 80; k++) {
                    byte[] f = gen.frame();
                    Policy.Decision d = policy.decide(f);
                    Integer got = tryRun(l.program(), f);
                    if (got == null) {
                        continue;
                    }
                    if (got.intValue() != d.verdict()) {
                        mismatches.add(policy + "\n  " + PacketView.of(f) + " (" + f.length + " bytes): model " + d
                                + ", kernel " + got);
                    }
                    int idx = d.rule() < 0 ? policy.rules().size() : d.rule();
                    if (d.rule() < 0 ? policy.countDefault() : policy.rules().get(d.rule()).count()) {
                        want[idx]++;
                    }
                }
                for (RuleStats s : l.stats()) {
                    if (s.packets() != want[s.index()]) {
                        mismatches.add(policy + "\n  counter " + s + ": want " + want[s.index()]);
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** The yardstick: xlated instructions of the seed policy vs clang -O2's port_filter. */
    @Test
    void seedIsNoLongerThanClang() {
        try (LoadedPolicy l = PolicyCompiler.compile("deny tcp dport 12345; allow any").load()) {
            int ours = l.program().info().xlatedLength() / 8;
            int clang = reference.program("port_filter").info().xlatedLength() / 8;
            System.out.println("seed policy: jnetkit " + ours + " xlated instructions, clang -O2 port_filter " + clang);
            assertTrue(ours <= clang, "jnetkit " + ours + " > clang " + clang);
            for (byte[] f : List.of(tcp4(12345), tcp4(80), ip6().dport(12345).build(), ip4().proto(UDP).build())) {
                assertEquals(run(reference.program("port_filter"), f), run(l.program(), f));
            }
        }
    }

    @Test
    void largestPolicyLoads() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Policy.MAX_RULES; i++) {
            sb.append(i % 3 == 0 ? "count deny ip6 tcp src fd00::" + Integer.toHexString(i + 1) + " dst 2001:db8::/48 "
                    + "sport 1-1023 dport " + (i + 1) + " flags syn,!ack\n"
                    : i % 3 == 1 ? "count allow udp src 10." + i + ".0.0/16 dport " + (i + 1) + "-" + (i + 100) + "\n"
                    : "deny tcp dst 192.168." + i + ".1 flags rst\n");
        }
        sb.append("count default deny");
        Policy policy = Policy.parse(sb.toString());
        try (LoadedPolicy l = PolicyCompiler.compile(policy).load()) {
            assertEquals(NEXT, run(l.program(), ip4().proto(UDP).src("10.1.0.9").dport(2).build()));
            assertEquals(DROP, run(l.program(), ip4().dst("192.168.2.1").flags(RST).build()));
            assertEquals(DROP, run(l.program(), ip6().src("fd00::1").dst("2001:db8::5").ports(80, 1).flags(SYN).build()));
            assertEquals(1, l.stats().get(0).packets());
            assertEquals(1, l.stats().get(1).packets());
            assertEquals(0, l.stats().get(Policy.MAX_RULES).packets());
        }
    }
}
