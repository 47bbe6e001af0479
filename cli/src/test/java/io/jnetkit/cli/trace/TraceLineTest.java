package io.jnetkit.cli.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceLineTest {
    @Test
    void parsesBpfPrintkLines() {
        TraceCommand.Line l = TraceCommand.parse(
                "          <idle>-0       [002] b.s31  1234.567890: bpf_trace_printk: jnetkit: dropped tcp to port 12345");
        assertEquals(new TraceCommand.Line("<idle>", 0, 2, "b.s31", "1234.567890", "bpf_trace_printk",
                "jnetkit: dropped tcp to port 12345", null), l);
        TraceCommand.Line m = TraceCommand.parse(" java-123 (  123) [000] ..... 5.000001: tracing_mark_write: hi");
        assertEquals("java", m.task());
        assertEquals("hi", m.message());
        assertEquals("odd", TraceCommand.parse("odd").line());
    }
}
