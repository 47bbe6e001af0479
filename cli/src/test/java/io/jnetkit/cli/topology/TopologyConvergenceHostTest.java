package io.jnetkit.cli.topology;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.KernelObjects;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoKernelLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jnetkit up} killed with SIGKILL between two of its kernel changes, at 10 points a seeded
 * RNG picks among all the changes a full {@code up} of examples/nodes.yaml makes (the fault point
 * {@code topology.change.N} holds the process after its N-th change; the test then kills it). The
 * next {@code up} must end in the whole topology (no drift, pods talk, the policy holds), and
 * {@code down} must leave no namespace, pin, program, BPF link or state file. The seed is fixed so
 * a failure names a point that can be rerun ({@code -Djnetkit.convergence.seed=N} picks others).
 */
@HostTest
class TopologyConvergenceHostTest {
    private static final long SEED = Long.getLong("jnetkit.convergence.seed", 20261202L);
    private static final int POINTS = 10;

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    @RegisterExtension
    final TopologyCleanup cleanup = new TopologyCleanup();

    private String name;

    @Test
    void aKilledUpConvergesAtTenSeededPoints() throws Exception {
        name = cleanup.newName('k');
        String yaml = Files.readString(Path.of("..", "examples", "nodes.yaml"));
        assertTrue(yaml.contains("\nname: lab\n"), "examples/nodes.yaml is named lab");
        Path file = dir.resolve("nodes.yaml");
        cleanup.track(file, null);
        Files.writeString(file, yaml.replace("\nname: lab\n", "\nname: " + name + "\n"));
        String f = file.toString();

        // How many changes a whole up makes: one line each, then the summary line.
        CliRun full = CliRun.ok("up", "-f", f);
        int total = (int) full.out().lines().count() - 1;
        assertTrue(total > 20, full.out());
        CliRun.ok("down", "-f", f);

        Random rng = new Random(SEED);
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < POINTS) points.add(1 + rng.nextInt(total));
        for (int k : points) {
            String at = "topology.change." + k;
            Set<Integer> progsBefore = new HashSet<>(BpfObjects.programIds());
            Set<Integer> linksBefore = KernelObjects.linkIds();
            CliProcess killed = CliProcess.start(List.of(),
                    Map.of("JNETKIT_BPFFS", bpffs.root().toString(), "JNETKIT_FAULT_PAUSE", at), "up", "-f", f);
            killed.awaitErrLine("jnetkit-fault: paused at " + at, 120);
            killed.kill();

            String context = "after a SIGKILL at change " + k + " of " + total + " (seed " + SEED + ")";
            CliRun up = CliRun.of("up", "-f", f);
            assertEquals(0, up.exit(), context + "\n" + up);
            CliRun status = CliRun.of("status", "-f", f);
            assertEquals(0, status.exit(), context + "\n" + status);
            assertEquals("topology " + name + ": nothing to change\n", CliRun.ok("up", "-f", f).out(), context);
            assertTrue(ping("a2", "10.2.0.3"), context + ": a2 pings b3");
            assertTrue(ping("b1", "10.1.0.3"), context + ": b1 pings a3");

            Set<Integer> progs = new HashSet<>(BpfObjects.programIds());
            progs.removeAll(progsBefore);
            Set<Integer> links = KernelObjects.linkIds();
            links.removeAll(linksBefore);
            // New since the kill, less what is visibly another process' (other test runs share
            // this machine; one of their links, counted as ours, once failed this test).
            Set<String> others = NoKernelLeaks.heldByOthers(bpffs.root());
            progs.removeIf(id -> others.contains("program " + id));
            links.removeIf(id -> others.contains("link " + id));
            assertFalse(progs.isEmpty(), context + ": the policy's program is attached");
            CliRun down = CliRun.of("down", "-f", f);
            assertEquals(0, down.exit(), context + "\n" + down);
            for (String n : NetNamespaces.list()) assertFalse(n.startsWith("tp-" + name + "-"), context + ": netns left " + n);
            assertEquals(List.of(), bpffs.pins(), context);
            assertFalse(Files.exists(Path.of("/run/jnetkit/topologies", name + ".json")), context + ": state file left");
            KernelObjects.assertGone(links, progs, context);
        }
        System.out.println("TopologyConvergenceHostTest: killed up at changes " + points + " of " + total + " (seed " + SEED + ")");
        cleanup.done();
    }

    /** Real ICMP echo from inside pod {@code from}'s namespace. */
    private boolean ping(String from, String to) {
        try (NetNs n = NetNs.open("tp-" + name + "-" + from)) {
            InetAddress target = InetAddress.getByName(to);
            return n.call(() -> {
                for (int i = 0; i < 3; i++) {
                    if (target.isReachable(700)) return true;
                }
                return false;
            });
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
