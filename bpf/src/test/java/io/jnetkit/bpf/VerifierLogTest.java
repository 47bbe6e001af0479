package io.jnetkit.bpf;

import io.jnetkit.sys.Errno;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summarising a verifier log: last relevant lines plus "(N lines omitted)". */
class VerifierLogTest {
    // What 6.18 prints for a bare `exit` at log level 1.
    static final String EXIT_ONLY = """
            func#0 @0
            0: R1=ctx() R10=fp0
            0: (95) exit
            R0 !read_ok
            processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
            """;

    @Test
    void statisticsAreSkippedAndTheRestCounted() {
        String s = VerifierException.summarize(EXIT_ONLY, 3, false);
        assertEquals("""
                verifier log:
                  0: R1=ctx() R10=fp0
                  0: (95) exit
                  R0 !read_ok
                  (2 lines omitted)""", s);
    }

    @Test
    void oneLineSummary() {
        assertEquals("verifier log:\n  R0 !read_ok\n  (4 lines omitted)", VerifierException.summarize(EXIT_ONLY, 1, false));
    }

    @Test
    void longLogShowsOnlyTheEnd() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 500; i++) log.append(i).append(": (b7) r0 = ").append(i).append('\n');
        log.append("\n");
        log.append("invalid access to packet, off=14 size=4, R2(id=0,off=14,r=0)\n");
        log.append("R2 offset is outside of the packet\n");
        log.append("processed 501 insns (limit 1000000) max_states_per_insn 0 total_states 3 peak_states 3 mark_read 1\n");
        String s = VerifierException.summarize(log.toString(), 3, false);
        assertEquals("verifier log:\n  499: (b7) r0 = 499\n"
                + "  invalid access to packet, off=14 size=4, R2(id=0,off=14,r=0)\n"
                + "  R2 offset is outside of the packet\n  (500 lines omitted)", s);
    }

    @Test
    void sourceLineFromLineInfoIsShown() {
        String log = """
                func#0 @0
                0: R1=ctx() R10=fp0
                ; void *data = (void *)(long)skb->data; @ broken.c:8
                0: (61) r2 = *(u32 *)(r1 +76)
                ; __u32 v = *(__u32 *)(data + 14); @ broken.c:12
                4: (61) r1 = *(u32 *)(r2 +14)
                invalid access to packet, off=14 size=4, R2(id=0,off=14,r=14)
                R2 offset is outside of the packet
                processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
                """;
        assertEquals("""
                verifier log:
                  ; __u32 v = *(__u32 *)(data + 14); @ broken.c:12
                  4: (61) r1 = *(u32 *)(r2 +14)
                  invalid access to packet, off=14 size=4, R2(id=0,off=14,r=14)
                  R2 offset is outside of the packet
                  (5 lines omitted)""", VerifierException.summarize(log, 3, false));
        VerifierException e = new VerifierException("load program broken", Errno.EACCES, log, false);
        assertEquals("__u32 v = *(__u32 *)(data + 14); @ broken.c:12", e.sourceLine().orElseThrow());
        assertTrue(new VerifierException("x", Errno.EACCES, EXIT_ONLY, false).sourceLine().isEmpty());
    }

    @Test
    void shortLogHasNoOmittedLine() {
        assertEquals("verifier log:\n  unknown opcode ff", VerifierException.summarize("unknown opcode ff\n", 3, false));
        assertEquals("verifier log:\n  a\n  b\n  (1 line omitted)", VerifierException.summarize("x\na\nb\n", 2, false));
    }

    @Test
    void exceptionMessageAndLog() {
        VerifierException e = new VerifierException("load program bad", Errno.EACCES, EXIT_ONLY, false);
        assertTrue(e.getMessage().startsWith("load program bad: EACCES (Permission denied): verifier log:\n"),
                e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"));
        assertTrue(e.getMessage().endsWith("(2 lines omitted)"));
        assertEquals(EXIT_ONLY, e.log());
        assertEquals(5, e.lines().size());
        assertEquals(Errno.EACCES, e.errno());
        VerifierException cut = new VerifierException("load program big", Errno.EACCES, "x\n", true);
        assertTrue(cut.getMessage().contains("log truncated"), cut.getMessage());
    }
}
