package io.jnetkit.cli.trace;

import io.jnetkit.bpf.TracePipe;
import io.jnetkit.cli.CliRun;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trace on the host kernel: a line written to trace_marker comes out of trace_pipe. */
@HostTest
class TraceHostTest {
    @Test
    void followsTracePipeUntilTheTimeout() throws Exception {
        CliRun first = CliRun.of("trace", "--timeout", "0.2");   // mounts tracefs when it is not mounted
        assertEquals(0, first.exit(), first::toString);
        String marker = "jnetkit-test-" + UUID.randomUUID();
        Files.writeString(TracePipe.TRACING.resolve("trace_marker"), marker);
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("trace", "--timeout", "1.5", "--json");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "stops at the timeout");
        assertTrue(r.out().lines().anyMatch(l -> l.contains("\"event\":\"tracing_mark_write\"") && l.contains(marker)),
                r::toString);
        // one whole object per line, never an empty one (a marker's trailing newline included)
        Files.writeString(TracePipe.TRACING.resolve("trace_marker"), marker + "\n\n");
        CliRun again = CliRun.of("trace", "--timeout", "1", "--json");
        assertTrue(again.out().lines().findAny().isPresent(), again::toString);
        for (String l : again.out().lines().toList()) {
            Object o = io.jnetkit.cli.parity.JsonTree.parse(l);
            assertTrue(o instanceof java.util.Map<?, ?> m && (m.containsKey("message") || m.containsKey("line"))
                    && !String.valueOf(m.containsKey("message") ? m.get("message") : m.get("line")).isBlank(), l);
        }
    }

    @Test
    void stopsAfterLines() throws Exception {
        CliRun.of("trace", "--timeout", "0.2");
        Files.writeString(TracePipe.TRACING.resolve("trace_marker"), "jnetkit-a\n");
        Files.writeString(TracePipe.TRACING.resolve("trace_marker"), "jnetkit-b\n");
        CliRun r = CliRun.of("trace", "--lines", "1", "--timeout", "5");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(1, r.out().lines().count(), r::toString);
    }
}
