package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jnetkit up/status/graph --status/down -f on a two-node file: the words and exit codes (the engine's own tests probe traffic). */
@HostTest
class TopologyCliHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    @RegisterExtension
    final TopologyCleanup cleanup = new TopologyCleanup();

    @Test
    void upStatusDown() throws Exception {
        String name = cleanup.newName('t');
        Path file = dir.resolve("t.yaml");
        cleanup.track(file, null);
        Files.writeString(file, """
                name: %s
                defaults: {datapath: veth}
                nodes:
                  - {name: a, pod-cidr: 10.1.0.0/24}
                  - {name: b, pod-cidr: 10.2.0.0/24}
                links: [[a, b]]
                pods:
                  - {name: a1, node: a, hooks: {peer: {policy: "deny udp dport 53; allow any"}}}
                  - {name: b1, node: b}
                """.formatted(name));
        String f = file.toString();
        CliRun up = CliRun.ok("up", "-f", f);
        assertTrue(up.out().contains("created netns tp-" + name + "-a (node a)"), up.out());
        assertTrue(up.out().endsWith("topology " + name + ": up (2 pods on 2 nodes)\n"), up.out());
        assertEquals("topology " + name + ": nothing to change\n", CliRun.ok("up", "-f", f).out());
        CliRun st = CliRun.ok("status", "-f", f);
        assertTrue(st.out().contains("pod a1: ok"), st.out());
        assertTrue(st.out().endsWith("topology " + name + ": no drift\n"), st.out());
        CliRun js = CliRun.ok("status", "-f", f, "--json");
        assertTrue(js.out().startsWith("{\"topology\":\"" + name + "\",\"clean\":true,\"host\":[],\"nodes\":[],\"pods\":{\"a1\":[],\"b1\":[]}}"), js.out());

        NetNamespaces.delete("tp-" + name + "-b1");
        CliRun drift = CliRun.of("status", "-f", f, "--json");
        assertEquals(Exit.FAILED.code, drift.exit(), drift.toString());
        assertTrue(drift.out().contains("{\"kind\":\"NetnsMissing\",\"text\":\"netns tp-" + name + "-b1 is missing\"}"), drift.out());
        assertEquals(Exit.FAILED.code, CliRun.of("status", "-f", f).exit());
        // graph --status draws the same drift: b1 red with its missing namespace, a1 as planned.
        CliRun graph = CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", dir.resolve("g").toString(), "--json");
        assertTrue(graph.out().startsWith("{\"topology\":\"" + name + "\",\"clean\":false,\"files\":[{\"format\":\"dot\""), graph.out());
        String drawn = Files.readString(dir.resolve("g.dot"));
        assertTrue(drawn.contains("live: drift (red)") && drawn.contains("netns tp-" + name + "-b1 is missing"), drawn);
        assertFalse(drawn.contains("netns tp-" + name + "-a1 is missing"), drawn);
        CliRun.ok("up", "-f", f);
        String clean = CliRun.ok("graph", "-f", f, "--status", "--format", "dot", "-o", "-").out();
        assertTrue(clean.contains("live: no drift") && !clean.contains("#c0392b"), clean);
        CliRun.ok("status", "-f", f);

        CliRun down = CliRun.ok("down", "-f", f);
        assertTrue(down.out().endsWith("topology " + name + ": down\n"), down.out());
        for (String n : NetNamespaces.list()) assertFalse(n.startsWith("tp-" + name + "-"), "left " + n);
        assertEquals(java.util.List.of(), bpffs.pins());
        assertEquals("topology " + name + ": nothing to remove\n", CliRun.ok("down", "-f", f).out());
        CliRun gone = CliRun.of("status", "-f", f);
        assertEquals(Exit.FAILED.code, gone.exit(), gone.toString());
        assertTrue(gone.out().contains("node a: netns tp-" + name + "-a is missing"), gone.out());
        cleanup.done();
    }

    /** A pod whose program the verifier refuses: exit 1, one error line naming the pod, the pods before it up. */
    @Test
    void aFailingPodIsNamedAndTheRestStays() throws Exception {
        String name = cleanup.newName('t');
        io.jnetkit.elf.Examples.writeVerifierRefused(dir.resolve("bad.o"));
        Path file = dir.resolve("t.yaml");
        cleanup.track(file, ns.name());
        Files.writeString(file, """
                name: %s
                defaults: {datapath: veth, pool: 10.79.0.0/24}
                pods:
                  - {name: ok}
                  - {name: bad, hooks: {peer: {object: bad.o}}}
                """.formatted(name));
        CliRun up = CliRun.in(ns.name(), "up", "-f", file.toString());
        assertEquals(Exit.KERNEL.code, up.exit(), up.toString());
        assertTrue(up.err().startsWith("jnetkit: pod bad: "), up.err());
        assertTrue(up.out().contains("pod ok: created netns tp-" + name + "-ok"), "the changes made before the failure are shown: " + up);
        assertTrue(NetNamespaces.exists("tp-" + name + "-ok"));
        assertFalse(NetNamespaces.exists("tp-" + name + "-bad"), "a new pod that failed is rolled back");
        CliRun.ok("-n", ns.name(), "down", "-f", file.toString());
        assertFalse(NetNamespaces.exists("tp-" + name + "-ok"));
        cleanup.done();
    }
}
