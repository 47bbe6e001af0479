package io.jnetkit.bpf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TracePipeLineTest {
    @Test
    void parsesBpfPrintkLines() {
        TracePipe.Line l = TracePipe.Line.parse(
                "          <idle>-0       [002] b.s31  1234.567890: bpf_trace_printk: jnetkit: dropped tcp to port 12345");
        assertEquals(new TracePipe.Line("<idle>", 0, 2, "b.s31", "1234.567890", "bpf_trace_printk",
                "jnetkit: dropped tcp to port 12345", null), l);
        TracePipe.Line m = TracePipe.Line.parse(" java-123 (  123) [000] ..... 5.000001: tracing_mark_write: hi");
        assertEquals("java", m.task());
        assertEquals("hi", m.message());
        assertEquals("odd", TracePipe.Line.parse("odd").line());
    }
}
