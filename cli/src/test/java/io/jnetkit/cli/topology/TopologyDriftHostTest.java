package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliRun;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.KernelInventory;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.topology.PlannedPod;
import io.jnetkit.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is taken from under a live topology (veth pods with policies on two nodes): a pod's host
 * device that carries an attached program, a pod's namespace, the bpffs the pins live on
 * (the test's own, {@link PrivateBpffs}: never the host's). Each time {@code jnetkit status}
 * names what is missing and exits 6 ("check failed"), {@code jnetkit up} repairs it, and at the
 * end {@code jnetkit down} leaves nothing ({@link KernelInventory}).
 */
@HostTest
class TopologyDriftHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @RegisterExtension
    final TopologyCleanup cleanup = new TopologyCleanup();

    @TempDir
    Path dir;

    @Test
    void statusReportsWhatWasTakenAwayAndUpRepairsIt() throws Exception {
        String name = cleanup.newName('d');
        Path file = dir.resolve("drift.yaml");
        Files.writeString(file, TopologyKillPointsScenarios.yaml(name, 4));
        cleanup.track(file, null);
        String f = file.toString();
        Topology t = Topology.read(file);
        PodSpec p0 = pod(t, "p0"); // primary and peer policies, node a
        PodSpec p1 = pod(t, "p1"); // no policy, node b
        String nodeA = t.node("a").netns();
        String nodeB = t.node("b").netns();
        KernelInventory inventory = new KernelInventory(bpffs.root(), n -> n.startsWith("tp-" + name + "-"), List.of());
        KernelInventory.Snapshot before = inventory.take();
        List<KernelInventory.Snapshot> seen = new ArrayList<>();
        CliRun.ok("up", "-f", f);
        seen.add(inventory.take());
        assertEquals(0, CliRun.of("status", "-f", f).exit());

        // 1. The host device that carries p0's program (tcx on the host end of a veth pair).
        try (NetNs a = NetNs.open(nodeA); Rtnl r = Rtnl.open(a)) {
            r.links().delete(p0.hostDevice());
        }
        CliRun status = drifted(f, "pod p0: host device " + p0.hostDevice() + " is missing");
        assertTrue(status.out().contains("pod p1: ok"), status.toString());
        repaired(f, name);
        seen.add(inventory.take());

        // 2. A pod's namespace (its end of the pair goes with it, and so the host end).
        NetNamespaces.delete(p1.netns());
        drifted(f, "pod p1: netns " + p1.netns() + " is missing");
        repaired(f, name);
        seen.add(inventory.take());

        // 3. The bpffs under every pin, unmounted: the pinned links go, so the programs are
        // detached. status names the bpffs (and the hooks left without programs); up mounts a
        // bpffs there again and pins again, as bpftool mounts one where it pins.
        KernelInventory.Snapshot pinned = inventory.take();
        assertFalse(pinned.pins().isEmpty());
        umount(bpffs.root());
        CliRun status3 = drifted(f, "bpffs " + bpffs.root() + " is not mounted: every pin under it is gone");
        assertTrue(status3.out().lines().anyMatch(l -> l.startsWith("pod p0: peer hook (") && l.endsWith("is not attached")),
                status3.toString());
        assertTrue(status3.out().contains("pod p1: ok"), status3.toString());
        repaired(f, name);
        assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + bpffs.root() + " "), "up mounted a bpffs again");
        seen.add(inventory.take());
        // A directory with files in it is no unmounted bpffs: never mounted over, the user's to fix.
        umount(bpffs.root());
        Path stray = Files.writeString(bpffs.root().resolve("stray"), "x");
        for (String cmd : List.of("status", "up")) {
            CliRun r = CliRun.of(cmd, "-f", f);
            assertEquals(2, r.exit(), r.toString());
            assertEquals("jnetkit: " + bpffs.root() + " (from jnetkit.bpffs / JNETKIT_BPFFS) is not a mounted bpffs and not empty\n",
                    r.err(), r.toString());
        }
        Files.delete(stray);
        repaired(f, name);
        seen.add(inventory.take());

        // 4. A node's link device: the node's drift, then repaired.
        try (NetNs b = NetNs.open(nodeB); Rtnl r = Rtnl.open(b)) {
            String linkDev = r.links().list().stream().map(l -> l.name()).filter(n -> n.startsWith("to-")).findFirst()
                    .orElseThrow();
            r.links().delete(linkDev);
        }
        drifted(f, "node b: link device to-");
        repaired(f, name);
        seen.add(inventory.take());

        CliRun.ok("down", "-f", f);
        KernelInventory.Leftovers left = inventory.leftovers(before, seen);
        assertTrue(left.none(), left.report());
        cleanup.done();
    }

    private static PodSpec pod(Topology t, String name) {
        return t.plan().stream().filter(p -> p.name().equals(name)).map(PlannedPod::spec).findFirst().orElseThrow();
    }

    /** {@code status} exits 6 and one of its lines starts with {@code line}. */
    private static CliRun drifted(String f, String line) {
        CliRun s = CliRun.of("status", "-f", f);
        assertEquals(6, s.exit(), s.toString());
        assertTrue(s.out().lines().anyMatch(l -> l.startsWith(line)), "a line \"" + line + "…\" in\n" + s);
        assertTrue(s.out().strip().endsWith("' repairs it)"), s.toString());
        return s;
    }

    private static void repaired(String f, String name) {
        CliRun up = CliRun.ok("up", "-f", f);
        assertFalse(up.out().startsWith("topology " + name + ": nothing to change"), up.toString());
        CliRun s = CliRun.of("status", "-f", f);
        assertEquals(0, s.exit(), s.toString());
        assertEquals("topology " + name + ": nothing to change\n", CliRun.ok("up", "-f", f).out());
    }

    private static void umount(Path p) throws IOException, InterruptedException {
        run("umount", p.toString());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
