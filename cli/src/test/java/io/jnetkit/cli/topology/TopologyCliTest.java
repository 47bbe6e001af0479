package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** up/down/status -f: help and bad files, before anything touches the kernel. */
class TopologyCliTest {
    @Test
    void badFileIsOneLineWithItsPositionAndExit2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: tbadfile1\npods:\n  - name: web\n    colour: blue\n");
        for (String cmd : new String[] {"up", "down", "status"}) {
            CliRun r = CliRun.fails(Exit.USAGE, cmd, "-f", f.toString());
            assertTrue(r.err().startsWith("jnetkit: " + f + ":4:5: "), r.err());
        }
        for (String n : NetNamespaces.list()) assertFalse(n.startsWith("tp-tbadfile1-"), "created " + n);
    }

    @Test
    void missingFileIsExit2(@TempDir Path dir) {
        CliRun r = CliRun.fails(Exit.USAGE, "up", "-f", dir.resolve("none.yaml").toString());
        assertTrue(r.err().contains("read topology: no such file"), r.err());
    }

    @Test
    void helpShowsTheSchemaAndAnExample() {
        for (String cmd : new String[] {"up", "down", "status"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("README, \"Topology files\""), r.out());
            assertTrue(r.out().contains("pod-cidr: 10.1.0.0/24"), r.out());
            assertTrue(r.out().contains("jnetkit up -f examples/three-pods.yaml"), r.out());
        }
    }

    @Test
    void fileIsRequired() {
        CliRun r = CliRun.of("up");
        assertEquals(Exit.USAGE.code, r.exit(), r.toString());
        assertTrue(r.err().contains("--file=FILE"), r.err());
    }
}
