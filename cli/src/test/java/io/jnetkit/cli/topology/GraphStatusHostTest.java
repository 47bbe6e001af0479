package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliRun;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jnetkit graph --status: the live topology compared first, drift drawn red. */
@HostTest
class GraphStatusHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    private String name;
    private Path file;

    @AfterEach
    void down() {
        if (file == null) return;
        CliRun.of("down", "-f", file.toString());
        for (String n : NetNamespaces.list()) {
            if (n.startsWith("tp-" + name + "-")) NetNamespaces.delete(n);
        }
    }

    @Test
    void driftIsRedUntilTheTopologyIsUp() throws Exception {
        StringBuilder b = new StringBuilder("g");
        for (int i = 0; i < 7; i++) b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(ThreadLocalRandom.current().nextInt(36)));
        name = b.toString();
        file = dir.resolve("g.yaml");
        Files.writeString(file, """
                name: %s
                defaults: {datapath: veth}
                nodes:
                  - {name: a, pod-cidr: 10.1.0.0/24}
                  - {name: b, pod-cidr: 10.2.0.0/24}
                links: [[a, b]]
                pods:
                  - {name: a1, node: a}
                  - {name: b1, node: b}
                """.formatted(name));
        String f = file.toString();
        String down = CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", "-").out();
        assertTrue(down.contains("live: drift (red)"), down);
        assertTrue(down.contains("netns tp-" + name + "-a1 is missing"), down);
        assertTrue(down.contains("node a: netns tp-" + name + "-a is missing"), down);

        CliRun.ok("up", "-f", f);
        String up = CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", "-").out();
        assertTrue(up.contains("live: no drift"), up);
        assertFalse(up.contains("#c0392b"), up);

        NetNamespaces.delete("tp-" + name + "-b1");
        CliRun json = CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", dir.resolve("g").toString(), "--json");
        assertTrue(json.out().startsWith("{\"topology\":\"" + name + "\",\"clean\":false,\"files\":[{\"format\":\"dot\""), json.out());
        String drawn = Files.readString(dir.resolve("g.dot"));
        assertTrue(drawn.contains("netns tp-" + name + "-b1 is missing"), drawn);
        assertFalse(drawn.contains("netns tp-" + name + "-a1 is missing"), drawn);
        assertEquals(1, CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", dir.resolve("h").toString())
                .out().lines().filter(l -> l.equals("topology " + name + ": drift drawn in red")).count());
    }
}
