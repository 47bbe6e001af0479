package io.jnetkit.policy;

import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential fuzzer ({@link DiffFuzz}) at test size: the compiled program, the Java model
 * and the policy written in C and built by clang agree on random policies × random frames, and
 * on every reproducer a longer run ({@code bin/difffuzz}) ever wrote.
 */
@HostTest
class DiffFuzzHostTest {
    @Test
    void randomPoliciesAgreeThreeWays() {
        long started = System.nanoTime();
        DiffFuzz.Tally t = DiffFuzz.run(20261202L, 50, 200, null, System.out);
        System.out.println("difffuzz seed 20261202: " + t + ", " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertEquals(List.of(), t.findings.stream().map(DiffFuzz.Case::text).toList());
        assertEquals(50, t.policies);
        // most frames run (the test run refuses only IP frames cut inside the fixed header)
        assertTrue(t.compared > 50 * 200 * 8 / 10, t.toString());
        assertTrue(t.rulesSeen > 500, t.toString());
    }

    @Test
    void committedReproducersAgree() {
        List<DiffFuzz.Case> cases = DiffFuzz.committed();
        assertTrue(cases.size() >= 2, "reproducers found: " + cases.size());
        DiffFuzz.Tally t = DiffFuzz.replay(cases, System.out);
        assertEquals(List.of(), t.findings.stream().map(DiffFuzz.Case::text).toList());
        assertEquals(cases.size(), t.compared + t.refused);
    }

    /** The bypass table ({@link BypassCases}) through the three, too. */
    @Test
    void bypassCasesAgreeThreeWays() {
        List<DiffFuzz.Case> cases = BypassCases.all().stream()
                .map(c -> new DiffFuzz.Case(c.policy(), c.frame(), c.name())).toList();
        DiffFuzz.Tally t = DiffFuzz.replay(cases, System.out);
        assertEquals(List.of(), t.findings.stream().map(DiffFuzz.Case::text).toList());
        assertEquals(cases.size(), t.compared);
    }

    /** The comparison is not vacuous: a C reference written for a slightly different policy is caught. */
    @Test
    void wrongReferenceIsCaught() {
        Policy real = Policy.parse("deny tcp dport 22; allow any");
        Policy wrong = Policy.parse("deny tcp dport 23; allow any");
        FrameGrammar g = new FrameGrammar(new java.util.Random(3), Policy.parse("deny tcp dport 22-23; allow any"));
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) frames.add(g.frame());
        DiffFuzz.Tally t = new DiffFuzz.Tally();
        DiffFuzz.compare(List.of(real), List.of(wrong), List.of(frames), t, null, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertTrue(t.disagreements > 10, t.toString());
        assertTrue(t.findings.getFirst().why().contains("clang"), t.findings.getFirst().why());
    }
}
