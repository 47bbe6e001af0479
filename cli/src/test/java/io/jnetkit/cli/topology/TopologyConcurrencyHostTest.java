package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodHook;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.KernelInventory;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.topology.PlannedPod;
import io.jnetkit.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jnetkit processes racing on one topology: two {@code up}s of it at once, and {@code policy apply}
 * on a pod's hook while {@code up} puts the file's policy there. Locks serialise them (the
 * topology's, the pod's, the hook's: {@link io.jnetkit.hooks.HookLock}), so the end state must be
 * one a sequential order gives: both {@code up}s succeed and the topology has no drift; the hook
 * runs exactly one program, pinned once, whose stored text is one of the two policies — the
 * file's ({@code status} clean) or the one applied last ({@code status} names the difference) —
 * never a mix; the next {@code up} converges, {@code down} leaves nothing.
 */
@HostTest
class TopologyConcurrencyHostTest {
    private static final String APPLIED = "deny udp dport 53; allow any";
    private static final String FILE_POLICY = "deny tcp dport 23; allow any";

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @RegisterExtension
    final TopologyCleanup cleanup = new TopologyCleanup();

    @TempDir
    Path dir;

    private CliProcess start(String... args) {
        return CliProcess.start(List.of(), Map.of("JNETKIT_BPFFS", bpffs.root().toString()), args);
    }

    @Test
    void twoUpsAtOnceAndPolicyApplyRacingUp() throws Exception {
        String name = cleanup.newName('r');
        Path file = dir.resolve("race.yaml");
        String yaml = TopologyKillPointsScenarios.yaml(name, 6);
        Files.writeString(file, yaml);
        cleanup.track(file, null);
        String f = file.toString();
        KernelInventory inventory = new KernelInventory(bpffs.root(), n -> n.startsWith("tp-" + name + "-"), List.of());
        KernelInventory.Snapshot before = inventory.take();
        List<KernelInventory.Snapshot> seen = new ArrayList<>();

        // Two ups of one topology at once: both succeed, the second finds the first's work done.
        long t0 = System.nanoTime();
        CliProcess a = start("up", "-f", f);
        CliProcess b = start("up", "-f", f);
        CliRun ra = a.await(300);
        long upMs = (System.nanoTime() - t0) / 1_000_000;
        CliRun rb = b.await(300);
        assertEquals(0, ra.exit(), ra.toString());
        assertEquals(0, rb.exit(), rb.toString());
        assertTrue(ra.out().contains("nothing to change") || rb.out().contains("nothing to change"),
                "one of them found everything done:\n" + ra + "\n" + rb);
        assertEquals(0, CliRun.of("status", "-f", f).exit());
        assertEquals("topology " + name + ": nothing to change\n", CliRun.ok("up", "-f", f).out());
        seen.add(inventory.take());

        // policy apply on p0's primary hook racing an up that replaces p0's policy by the file's new one.
        Topology t = Topology.read(file);
        PodSpec p0 = t.plan().stream().filter(p -> p.name().equals("p0")).map(PlannedPod::spec).findFirst().orElseThrow();
        String nodeA = t.node("a").netns();
        HookName primary = PodHook.PRIMARY.on(Datapath.VETH);
        Files.writeString(file, yaml.replace("policy: \"deny tcp dport 22; allow any\"", "policy: \"" + FILE_POLICY + "\""));
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            // Back to the file's old policy first, so that every round's up has a change to make.
            if (round > 0) {
                Files.writeString(file, yaml);
                CliRun.ok("up", "-f", f);
                Files.writeString(file, yaml.replace("policy: \"deny tcp dport 22; allow any\"", "policy: \"" + FILE_POLICY + "\""));
            }
            CliProcess up = start("up", "-f", f);
            // The apply starts with the up, half-way through it, and about when it ends.
            long delay = round * upMs / 2;
            Thread.sleep(delay);
            CliProcess apply = start("-n", nodeA, "policy", "apply", p0.hostDevice(), primary.word(), APPLIED);
            CliRun ru = up.await(300);
            CliRun rp = apply.await(300);
            assertEquals(0, ru.exit(), ru.toString());
            assertEquals(0, rp.exit(), rp.toString());
            String context = "round " + round + "\n" + ru + "\n" + rp;
            try (NetNs ns = NetNs.open(nodeA); HookTarget h = HookTarget.resolve(ns, p0.hostDevice(), primary)) {
                assertEquals(1, h.query().programIds().size(), context + ": one program on the hook");
            }
            CliRun show = CliRun.ok("-n", nodeA, "policy", "show", p0.hostDevice(), primary.word());
            boolean fileWon = show.out().contains("deny tcp dport 23");
            boolean applyWon = show.out().contains("deny udp dport 53");
            assertTrue(fileWon != applyWon, context + "\n" + show);
            CliRun status = CliRun.of("status", "-f", f);
            if (fileWon) {
                assertEquals(0, status.exit(), context + "\n" + status);
            } else {
                assertEquals(6, status.exit(), context + "\n" + status);
                assertTrue(status.out().contains("pod p0: primary hook (" + primary.word() + "): policy is \""),
                        context + "\n" + status);
            }
            outcomes.add("apply after " + delay + " ms: " + (fileWon ? "up's policy" : "apply's policy"));
            CliRun.ok("up", "-f", f);
            assertEquals(0, CliRun.of("status", "-f", f).exit(), context);
            seen.add(inventory.take());
        }
        System.out.println("TopologyConcurrencyHostTest: two ups at once (" + upMs + " ms): both exit 0; policy apply racing up: "
                + outcomes);
        CliRun.ok("down", "-f", f);
        KernelInventory.Leftovers left = inventory.leftovers(before, seen);
        assertTrue(left.none(), left.report());
        cleanup.done();
    }
}
