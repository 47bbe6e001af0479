package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.KernelObjects;
import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.cli.attach.TestProgs;
import io.jnetkit.hooks.Bpffs;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.hooks.PolicyStore;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state defects on netkit (the seed's layout: primary task_nk in the pod, peer nk0 on the
 * host): concurrent appliers through the library, a deleted pod namespace under pinned
 * attachments and policies, {@code --no-follow}, and {@code ip netns exec}.
 */
@NetkitTest
class HookStateNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void threeConcurrentAppliersTwentyTimesNeverDisagree() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        Fixtures.seedPair(host, pod.name(), "10.0.0.2");
        PolicyStore store = PolicyStore.open();
        for (int round = 0; round < 20; round++) {
            List<CompletableFuture<Void>> appliers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                int port = 1000 + round * 10 + k * 2;
                appliers.add(CompletableFuture.runAsync(() -> {
                    try (NetNs h = NetNs.open(host); HookTarget t = HookTarget.resolve(h, "nk0", HookName.PEER)) {
                        store.apply(t, PolicyCompiler.compile(Policy.parse("deny udp dport " + port + "; allow any")));
                    }
                }, r -> Thread.ofPlatform().start(r)));
            }
            for (CompletableFuture<Void> f : appliers) f.get(60, TimeUnit.SECONDS);
            try (NetNs h = NetNs.open(host); HookTarget t = HookTarget.resolve(h, "nk0", HookName.PEER)) {
                List<Integer> progs = t.query().programIds();
                assertEquals(1, progs.size(), "round " + round + ": " + progs);
                PolicyStore.Shown shown = store.show(t);
                assertEquals(progs.getFirst(), shown.progId(), "round " + round);
                assertEquals(progs.getFirst(), store.stats(t).progId(), "round " + round);
                int port = Integer.parseInt(shown.policy().replaceAll("deny udp dport (\\d+);.*", "$1"));
                try (Program p = Program.fromId(shown.progId())) {
                    assertTrue(p.info().mapIds().contains(shown.countersMapId()));
                    assertEquals(PolicyHostTest.DROP, p.testRun(Frames.udp4(port), 1).retval(), "round " + round);
                    assertEquals(PolicyHostTest.NEXT, p.testRun(Frames.udp4(port + 1), 1).retval(), "round " + round);
                }
            }
            assertEquals(1, bpffs.pins().size(), () -> "one pin: " + bpffsPins());
        }
        CliRun.ok("-n", host, "policy", "remove", "nk0", "peer");
        assertTrue(bpffs.emptyOfPins());
    }

    private String bpffsPins() {
        try {
            return bpffs.pins().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Attaches a test program and a policy to nk0's peer hook; returns {links, programs} from the kernel. */
    private static List<Set<Integer>> attachBoth(String host, NetNs pod) {
        try (Program prog = TestProgs.returning("jnk_gone", -1)) {
            CliRun.ok("-n", host, "attach", "nk0", "peer", "id", String.valueOf(prog.id()));
        }
        CliRun.ok("-n", host, "policy", "apply", "nk0", "peer", "deny udp dport 7; allow any");
        Set<Integer> links = new HashSet<>();
        Set<Integer> progs = new HashSet<>();
        try (NetNs h = NetNs.open(host); HookTarget t = HookTarget.resolve(h, "nk0", HookName.PEER)) {
            for (HookQuery.Entry e : t.query().entries()) {
                links.add(e.linkId());
                progs.add(e.programId());
            }
        }
        assertEquals(2, links.size());
        return List.of(links, progs);
    }


    @Test
    void deletedPodNamespaceThenDetachAllAndPolicyRemoveFreeEverything() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        String podName = pod.name();
        Fixtures.seedPair(host, podName, "10.0.0.2");
        List<Set<Integer>> ours = attachBoth(host, pod);
        pod.close();
        NetNamespaces.delete(podName); // takes the pair with it: the links are defunct, still pinned
        CliRun show = CliRun.of("-n", podName, "policy", "show", "task_nk", "peer");
        assertEquals(Exit.NOT_FOUND.code, show.exit(), show::toString);
        assertTrue(show.err().contains("stale"), show::toString);
        String r = CliRun.ok("-n", podName, "policy", "remove", "task_nk", "peer").out();
        assertTrue(r.contains("which no longer exists"), r);
        String d = CliRun.ok("-n", podName, "detach", "task_nk", "peer", "all").out();
        assertTrue(d.contains("which no longer exists"), d);
        KernelObjects.assertGone(ours.get(0), ours.get(1), "after detach all + policy remove");
        assertTrue(bpffs.emptyOfPins(), this::bpffsPins);
    }

    @Test
    void deletedPodNamespaceThenPruneFreesEverything() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        String podName = pod.name();
        Fixtures.seedPair(host, podName, "10.0.0.2");
        List<Set<Integer>> ours = attachBoth(host, pod);
        pod.close();
        NetNamespaces.delete(podName);
        String pruned = CliRun.ok("prune").out();
        assertTrue(pruned.contains("pruned 2 stale pins, kept 0 live"), pruned);
        KernelObjects.assertGone(ours.get(0), ours.get(1), "after prune");
        assertTrue(bpffs.emptyOfPins(), this::bpffsPins);
    }

    @Test
    void followingThePeerIsSaidAndNoFollowRefuses() {
        String host = ns.name();
        NetNs pod = ns.another();
        Fixtures.seedPair(host, pod.name(), "10.0.0.2");
        try (Program prog = TestProgs.returning("jnk_follow", -1)) {
            String id = String.valueOf(prog.id());
            CliRun strict = CliRun.fails(Exit.USAGE, "-n", host, "--no-follow", "attach", "nk0", "peer", "id", id);
            assertTrue(strict.err().contains("is the netkit peer of task_nk in netns " + pod.name()), strict::toString);
            CliRun followed = CliRun.ok("-n", host, "attach", "nk0", "peer", "id", id);
            assertTrue(followed.out().contains("nk0 in netns " + host + " is the netkit peer of task_nk in netns "
                    + pod.name()), followed::toString);
            // From the primary's own namespace nothing is followed, so --no-follow is fine.
            CliRun.ok("-n", pod.name(), "--no-follow", "detach", "task_nk", "peer", "all");
        }
        assertTrue(bpffsPinsEmpty());
    }

    private boolean bpffsPinsEmpty() {
        try {
            return bpffs.emptyOfPins();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void underIpNetnsExecAnAttachmentOutlivesTheProcess() throws Exception {
        String ip = System.getenv("JNETKIT_IPROUTE2");
        assertTrue(ip != null && Files.isExecutable(Path.of(ip)), "JNETKIT_IPROUTE2 names iproute2's ip (bin/test sets it)");
        Bpffs.locate();
        System.clearProperty("jnetkit.bpffs");
        String host = ns.name();
        NetNs pod = ns.another();
        Fixtures.seedPair(host, pod.name(), "10.0.0.2");
        Path hookDir = Path.of("/sys/fs/bpf/jnetkit").resolve(pod.name()).resolve("task_nk/peer");
        try (Program prog = TestProgs.returning("jnk_exec", -1)) {
            List<String> exec = List.of(ip, "netns", "exec", host);
            CliRun a = CliProcess.start(exec, Map.of(), "attach", "nk0", "peer", "id", String.valueOf(prog.id())).await(300);
            assertEquals(0, a.exit(), a::toString);
            // (policy apply under ip netns exec is covered on the host; a JVM start here costs ~40 s under TCG)
            assertTrue(Files.exists(hookDir.resolve("programs/jnk_exec")), "attach pin in the host's bpffs");
            try (NetNs h = NetNs.open(host); HookTarget t = HookTarget.resolve(h, "nk0", HookName.PEER)) {
                assertEquals(List.of(prog.id()), Attachments.query(t.netns(), t.hook()).programIds());
            }
        } finally {
            CliRun.of("-n", host, "policy", "remove", "nk0", "peer");
            CliRun.of("-n", host, "detach", "nk0", "peer", "all");
        }
        assertFalse(Files.exists(hookDir), "pins removed from the host's bpffs");
    }
}
