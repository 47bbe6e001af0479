package io.jnetkit.bpf;

import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host kernel's trace pipe: what is written to trace_marker comes out of it, parsed. */
@HostTest
class TracePipeHostTest {
    @Test
    void readsAMarkerLineAndParsesIt() throws Exception {
        try (TracePipe pipe = TracePipe.open()) {
            assertTrue(pipe.path().endsWith("trace_pipe"), pipe.path().toString());
            String marker = "jnetkit-tracepipe-" + UUID.randomUUID();
            // Three copies: the pipe is global and another reader on this host may take a line.
            for (int i = 0; i < 3; i++) {
                Files.writeString(pipe.tracingDir().resolve("trace_marker"), marker + "\n");
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            TracePipe.Line found = null;
            while (found == null && System.nanoTime() < deadline) {
                Optional<String> line = pipe.readLine(Duration.ofMillis(500));
                if (line.isPresent() && line.get().contains(marker)) found = TracePipe.Line.parse(line.get());
            }
            assertTrue(found != null, "the marker never came out of " + pipe.path());
            assertEquals("tracing_mark_write", found.event());
            assertEquals(marker, found.message());
            assertTrue(found.pid() != null && found.pid() > 0, found.toString());
        }
    }

    @Test
    void aReadKeepsItsTimeout() {
        try (TracePipe pipe = TracePipe.open()) {
            long t0 = System.nanoTime();
            pipe.readLine(Duration.ofMillis(200));   // a line or nothing, but never a hang
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1000, "took " + ms + " ms for a 200 ms timeout");
        }
    }
}
