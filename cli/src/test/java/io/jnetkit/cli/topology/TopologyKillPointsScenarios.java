package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.testkit.KernelInventory;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jnetkit up} of a topology of N pods on two nodes (every other pod with a policy), killed
 * with SIGKILL mid-way, again and again: at points a seeded RNG draws among the changes a whole
 * {@code up} makes (the fault point {@code topology.change.N} holds the process after its N-th
 * kernel change, then the test kills it), and after delays the same RNG draws over the measured
 * duration of a whole {@code up} (a kill wherever the process happens to be, the fault hook
 * unused). After each kill the next {@code up} must converge ({@code status} clean, a third
 * {@code up} changes nothing), and {@code down} must leave nothing the runs made, counted from
 * the kernel by {@link KernelInventory}: namespaces, devices, routes, pins, BPF programs, maps
 * and links by id. Last, a {@code down} killed at a seeded change: the next {@code down} finishes it.
 *
 * <p>On veth by {@link TopologyKillPointsHostTest} (CI size: 8 pods, 3 fault points, 1 timed kill,
 * 1 killed down; full size (issue 12): {@code -Djnetkit.kill.pods=100 -Djnetkit.kill.points=20
 * -Djnetkit.kill.timed=5}), on netkit in the lab guest by {@link TopologyKillPointsNetkitTest}
 * (smoke size). Another draw: {@code -Djnetkit.kill.seed=N}. The points tried are printed, so a
 * failure can be rerun.
 */
abstract class TopologyKillPointsScenarios {
    private static final long SEED = Long.getLong("jnetkit.kill.seed", 1212L);
    private final int PODS = Integer.getInteger("jnetkit.kill.pods", pods());
    private final int POINTS = Integer.getInteger("jnetkit.kill.points", points());
    private final int TIMED = Integer.getInteger("jnetkit.kill.timed", timed());

    /** The datapath the file asks for, as written in YAML. */
    abstract String datapath();

    /** Default size: pods, kills at fault points, kills after a delay. */
    abstract int pods();

    abstract int points();

    abstract int timed();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @RegisterExtension
    final TopologyCleanup cleanup = new TopologyCleanup();

    @TempDir
    Path dir;

    /** N pods on nodes a and b; even pods have a policy on what they receive, every fourth one on what it sends. */
    static String yaml(String name, int pods) {
        return yaml(name, pods, null);
    }

    /** {@link #yaml(String, int)} with a datapath for every pod (null: the default, auto). */
    static String yaml(String name, int pods, String datapath) {
        StringBuilder b = new StringBuilder("name: " + name + "\n");
        if (datapath != null) b.append("defaults:\n  datapath: ").append(datapath).append('\n');
        b.append("nodes:\n  - name: a\n    pod-cidr: 10.31.0.0/24\n  - name: b\n    pod-cidr: 10.32.0.0/24\n");
        b.append("links:\n  - [a, b]\npods:\n");
        for (int i = 0; i < pods; i++) {
            b.append("  - name: p").append(i).append("\n    node: ").append(i % 2 == 0 ? "a" : "b").append('\n');
            if (i % 2 == 0) {
                b.append("    hooks:\n      primary:\n        policy: \"deny tcp dport 22; allow any\"\n");
                if (i % 4 == 0) b.append("      peer:\n        policy: \"count allow any\"\n");
            }
        }
        return b.toString();
    }

    @Test
    void aKilledUpConvergesAndDownLeavesNothing() throws Exception {
        String name = cleanup.newName('q');
        Path file = dir.resolve("pods.yaml");
        Files.writeString(file, yaml(name, PODS, datapath()));
        cleanup.track(file, null);
        String f = file.toString();
        KernelInventory inventory = new KernelInventory(bpffs.root(), n -> n.startsWith("tp-" + name + "-"), List.of());
        KernelInventory.Snapshot before = inventory.take();
        List<KernelInventory.Snapshot> seen = new ArrayList<>();

        // One whole up, as a process, to measure it and count its changes (one line each, then a summary).
        long t0 = System.nanoTime();
        CliRun full = start(Map.of(), f).await(600);
        long upNanos = System.nanoTime() - t0;
        assertEquals(0, full.exit(), full.toString());
        int total = (int) full.out().lines().count() - 1;
        assertTrue(total > PODS * 3, full.out());
        seen.add(inventory.take());
        int downTotal = (int) CliRun.ok("down", "-f", f).out().lines().count() - 1;
        assertTrue(downTotal >= PODS, "down removes each pod");

        Random rng = new Random(SEED);
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < Math.min(POINTS, total)) points.add(1 + rng.nextInt(total));
        List<String> tried = new ArrayList<>();
        for (int k : points) {
            String at = "topology.change." + k;
            CliProcess p = start(Map.of("JNETKIT_FAULT_PAUSE", at), f);
            p.awaitErrLine("jnetkit-fault: paused at " + at, 300);
            p.kill();
            tried.add("change " + k + "/" + total);
            convergeAndDown(f, name, "after a SIGKILL at change " + k + " of " + total + " (seed " + SEED + ")",
                    inventory, before, seen);
        }
        for (int i = 0; i < TIMED; i++) {
            long delayMs = (long) (rng.nextDouble() * upNanos / 1_000_000);
            CliProcess p = start(Map.of(), f);
            Thread.sleep(delayMs);
            p.kill();
            tried.add(delayMs + " ms of " + upNanos / 1_000_000);
            convergeAndDown(f, name, "after a SIGKILL " + delayMs + " ms into an up of " + upNanos / 1_000_000
                    + " ms (seed " + SEED + ")", inventory, before, seen);
        }
        // And a down killed half-way: the next down finishes it.
        int k = 1 + rng.nextInt(downTotal);
        CliRun.ok("up", "-f", f);
        seen.add(inventory.take());
        String at = "topology.change." + k;
        CliProcess p = CliProcess.start(List.of(), Map.of("JNETKIT_BPFFS", bpffs.root().toString(), "JNETKIT_FAULT_PAUSE", at),
                "down", "-f", f);
        p.awaitErrLine("jnetkit-fault: paused at " + at, 300);
        p.kill();
        tried.add("down's change " + k + "/" + downTotal);
        seen.add(inventory.take());
        CliRun down = CliRun.of("down", "-f", f);
        assertEquals(0, down.exit(), "after a SIGKILL at down's change " + k + "\n" + down);
        KernelInventory.Leftovers left = inventory.leftovers(before, seen);
        assertTrue(left.none(), "after a SIGKILL at down's change " + k + ": " + left.report());
        System.out.println(getClass().getSimpleName() + ": " + datapath() + ", " + PODS + " pods, " + total + " changes per up, killed at "
                + tried + " (seed " + SEED + "); each time up converged and down left nothing; "
                + seen.getFirst().summary() + " while up");
        cleanup.done();
    }

    private void convergeAndDown(String f, String name, String context, KernelInventory inventory,
                                 KernelInventory.Snapshot before, List<KernelInventory.Snapshot> seen) {
        // What the killed process left pinned counts as the test's too, even if the next up replaces it.
        seen.add(inventory.take());
        CliRun up = CliRun.of("up", "-f", f);
        assertEquals(0, up.exit(), context + "\n" + up);
        CliRun status = CliRun.of("status", "-f", f);
        assertEquals(0, status.exit(), context + "\n" + status);
        assertEquals("topology " + name + ": nothing to change\n", CliRun.ok("up", "-f", f).out(), context);
        KernelInventory.Snapshot during = inventory.take();
        seen.add(during);
        assertEquals(PODS + 2, during.netns().size(), context + ": every pod's namespace and both nodes'");
        assertFalse(during.pinned().isEmpty(), context + ": the policies are pinned");
        CliRun down = CliRun.of("down", "-f", f);
        assertEquals(0, down.exit(), context + "\n" + down);
        KernelInventory.Leftovers left = inventory.leftovers(before, seen);
        assertTrue(left.none(), context + ": " + left.report());
        assertFalse(Files.exists(Path.of("/run/jnetkit/topologies", name + ".json")), context + ": state file left");
    }

    private CliProcess start(Map<String, String> env, String f) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JNETKIT_BPFFS", bpffs.root().toString());
        return CliProcess.start(List.of(), all, "up", "-f", f);
    }
}
