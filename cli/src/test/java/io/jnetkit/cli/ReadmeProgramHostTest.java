package io.jnetkit.cli;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library program run on the host kernel (veth + tcx: it has no netkit), its node a
 * fresh namespace: the pod comes up with its policy, the counters are read, the pod goes.
 */
@HostTest
class ReadmeProgramHostTest {
    @RegisterExtension
    final FreshNetns node = new FreshNetns();

    @Test
    void theReadmesProgramMakesAPodReadsItsCountersAndCleansUp(@TempDir Path dir) throws Exception {
        Path classes = ReadmeProgram.compile(dir);
        String pod = "rp" + Long.toString(ProcessHandle.current().pid() % 1_000_000, 36);
        ProcessBuilder pb = new ProcessBuilder(ReadmeProgram.command(classes, node.name(), pod));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program did not end");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("pod " + pod + " (veth)") || out.contains("pod " + pod + " (netkit)"), out);
            assertTrue(out.contains("count allow tcp dport 80: 0 packets, 0 bytes"), out);
            assertTrue(out.lines().anyMatch(l -> l.contains("default deny") && l.endsWith(" bytes")), out);
        } finally {
            if (NetNamespaces.exists(pod)) NetNamespaces.delete(pod);   // the program's down did not run
        }
        assertFalse(NetNamespaces.exists(pod), "the pod's namespace is left behind");
    }
}
