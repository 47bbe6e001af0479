package io.jnetkit.policy;

import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jnetkit.policy.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule count vs the verifier (issue 12): policies of up to {@link Policy#MAX_RULES} rules of any
 * mix load. Before the compiler kept the verifier from learning port ranges and flags on the
 * registers every rule reads, 64 rules of the first kind below failed with E2BIG after a million
 * instructions processed. Timings are printed, not asserted.
 */
@HostTest
class RuleCountHostTest {
    static String issueRules(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int a = 1000 + 37 * i;
            sb.append("count deny ip6 tcp src fd00:").append(Integer.toHexString(i + 1)).append("::/32 dport ")
                    .append(a).append('-').append(a + 20 + i).append(" flags syn\n");
        }
        return sb.toString();
    }

    /** Every kind of condition, in turn: ranges and exact values, both families, flags, counts. */
    static String mixedRules(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(switch (i % 8) {
                case 0 -> "count deny ip6 tcp src fd00:" + Integer.toHexString(i + 1) + "::/32 dport " + (i + 1) + "-" + (i + 300) + " flags syn";
                case 1 -> "allow udp src 10." + i + ".0.0/16 sport 1024-65535 dport " + (i + 1) + "-" + (i + 100);
                case 2 -> "deny tcp dst 192.168." + i + ".0/24 flags rst,!ack";
                case 3 -> "count allow tcp sport " + (i + 2) + " dport 1-1023 flags !syn";
                case 4 -> "deny ip6 udp dst 2001:db8:" + Integer.toHexString(i) + "::/48 dport " + (i * 100 + 1) + "-" + (i * 100 + 99);
                case 5 -> "deny icmp src 172.16." + i + ".1";
                case 6 -> "allow ip4 src 10.0.0.0/" + (8 + i % 24) + " dst 10." + i + ".0.0/16";
                default -> "count deny tcp sport " + (i + 1) + "-" + (2 * i + 10) + " flags fin,!ack";
            }).append('\n');
        }
        return sb + "count default deny";
    }

    private static long loadMillis(String text) {
        Policy p = Policy.parse(text);
        CompiledPolicy c = PolicyCompiler.compile(p);
        long t0 = System.nanoTime();
        try (LoadedPolicy l = c.load()) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // It also decides: one packet against the model.
            byte[] f = ip6().src("fd00:1::9").dport(1005).flags(SYN).build();
            assertEquals(p.decide(f).verdict(), l.program().testRun(f, 1).retval());
            int processed = l.program().info().verifiedInstructions();
            System.out.println("rule count: " + p.rules().size() + " rules, " + c.instructionCount()
                    + " instructions, verifier " + ms + " ms, " + processed + " instructions processed");
            // Linear in the program, not exponential in the rules (a million is the kernel's limit).
            assertTrue(processed < 40 * c.instructionCount() + 5_000, processed + " processed for " + c.instructionCount());
            return ms;
        }
    }

    @Test
    void theIssuesPolicyLoads() {
        for (int n : new int[]{48, 64, 128, Policy.MAX_RULES}) {
            loadMillis(issueRules(n));
        }
    }

    @Test
    void mixedPoliciesOfTheMostRulesLoad() {
        loadMillis(mixedRules(Policy.MAX_RULES));
        RandomPolicies gen = new RandomPolicies(12);
        for (int k = 0; k < 20; k++) {
            List<Rule> rules = new ArrayList<>();
            while (rules.size() < Policy.MAX_RULES) {
                Rule r = gen.rule();
                if (!r.needsNothingBeyondProtocol()) {
                    rules.add(r); // rules that end the program early would make it small
                }
            }
            loadMillis(new Policy(rules, Action.DENY, true).toString());
        }
    }
}
