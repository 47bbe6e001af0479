package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.KernelObjects;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.cli.attach.TestProgs;
import io.jnetkit.hooks.Bpffs;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jnetkit.cli.policy.PolicyHostTest.intField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state that outlives a command, tried the way users broke it: concurrent appliers, a
 * SIGKILL at every step, {@code ip netns exec}, deleted devices and namespaces, dotted names,
 * re-running the same attach. tcx on veth; the netkit variants are in the guest tier.
 */
@HostTest
class HookStateHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private CliRun ok(String... args) {
        return CliRun.ok(CliRun.withNetns(ns.name(), args));
    }

    private CliRun in(String... args) {
        return CliRun.in(ns.name(), args);
    }

    private Hook ingress(NetNs in, String dev) {
        try (Rtnl rtnl = Rtnl.open(in)) {
            return Hook.tcxIngress(rtnl.links().get(dev).index());
        }
    }

    private List<Integer> onHook(Hook h) {
        return Attachments.query(ns.get(), h).programIds();
    }

    private Map<String, String> env() {
        return Map.of("JNETKIT_BPFFS", bpffs.root().toString());
    }

    /** Show, stats and the kernel agree: one program on the hook, the one show names, whose own maps stats read. */
    private void assertOneTruth(Hook hook, String context) {
        List<Integer> progs = onHook(hook);
        assertEquals(1, progs.size(), context + ": exactly one program on the hook: " + progs);
        String show = ok("policy", "show", "v0", "tcx-ingress", "--json").out();
        assertEquals(progs.getFirst(), intField(show, "prog_id"), context + ": show names the running program\n" + show);
        String stats = ok("policy", "stats", "v0", "tcx-ingress", "--json").out();
        assertEquals(progs.getFirst(), intField(stats, "prog_id"), context + ": stats reads the running program\n" + stats);
        try (Program p = Program.fromId(progs.getFirst())) {
            assertTrue(p.info().mapIds().contains(intField(show, "counters_map_id")), context + ": counters are the program's");
            // The text show prints is the policy the program enforces.
            int port = Integer.parseInt(show.replaceAll("(?s).*\"policy\":\"deny udp dport (\\d+);.*", "$1"));
            assertEquals(PolicyHostTest.DROP, p.testRun(Frames.udp4(port), 1).retval(), context + ": " + show);
            assertEquals(PolicyHostTest.NEXT, p.testRun(Frames.udp4(port + 1), 1).retval(), context + ": " + show);
        }
        assertEquals(List.of(policyPin()), pins(), context + ": one pin, no temporary ones");
    }

    private Path policyPin() {
        return bpffs.root().resolve("jnetkit").resolve(ns.name()).resolve("v0/tcx-ingress/policy");
    }

    private List<Path> pins() {
        try {
            return bpffs.pins();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Three processes apply at once, twenty times; each reaches the same hook another way — the
     * namespace by its name or by an alias (a second /run/netns entry), the bpffs by its mount or
     * by a bind mount of it — so a lock or a pin path that depended on the path would show.
     */
    @Test
    void threeConcurrentAppliesTwentyTimesNeverDisagree() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress(ns.get(), "v0");
        Path nsAlias = Path.of("/run/netns", ns.name() + "-a");
        Path fsAlias = Files.createTempDirectory("jnk-bpffs-alias");
        Files.createFile(nsAlias);
        try {
            run("mount", "--bind", "/run/netns/" + ns.name(), nsAlias.toString());
            run("mount", "--bind", bpffs.root().toString(), fsAlias.toString());
            for (int round = 0; round < 20; round++) {
                List<CliProcess> appliers = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    int port = 1000 + round * 10 + k * 2;
                    String netns = k == 1 ? nsAlias.getFileName().toString() : ns.name();
                    Map<String, String> env = Map.of("JNETKIT_BPFFS", (k == 2 ? fsAlias : bpffs.root()).toString());
                    appliers.add(CliProcess.start(List.of(), env, "-n", netns, "policy", "apply", "v0", "tcx-ingress",
                            "deny udp dport " + port + "; allow any"));
                }
                for (CliProcess p : appliers) {
                    CliRun r = p.await(120);
                    assertEquals(0, r.exit(), "round " + round + ": " + r);
                }
                assertOneTruth(hook, "round " + round);
            }
        } finally {
            runQuietly("umount", fsAlias.toString());
            runQuietly("umount", nsAlias.toString());
            Files.deleteIfExists(nsAlias);
            Files.deleteIfExists(fsAlias);
        }
        ok("policy", "remove", "v0", "tcx-ingress");
        assertEquals(List.of(), onHook(hook));
        assertEquals(List.of(), pins());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static void runQuietly(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
        } catch (Exception e) {
            // best effort in cleanup
        }
    }

    @Test
    void aPolicyFollowingARenamedDeviceIsNeverReportedForTheNewOne() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ok("policy", "apply", "v0", "tcx-ingress", "deny udp dport 5; allow any");
        ok("link", "set", "v0", "name", "v9");
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v2");
        // The pin under v0's name holds a link that runs on v9 now: not v0's policy.
        CliRun show = CliRun.fails(Exit.USAGE, CliRun.withNetns(ns.name(), "policy", "show", "v0", "tcx-ingress"));
        assertTrue(show.err().contains("renamed or moved"), show::toString);
        CliRun apply = CliRun.fails(Exit.USAGE, CliRun.withNetns(ns.name(), "policy", "apply", "v0", "tcx-ingress", "allow any"));
        assertTrue(apply.err().contains("renamed or moved"), apply::toString);
        assertEquals(List.of(), onHook(ingress(ns.get(), "v0")), "nothing was attached to the new v0");
        assertEquals(1, onHook(ingress(ns.get(), "v9")).size(), "v9 keeps its policy");
    }

    @Test
    void detachAllTakesThePolicyPinWithIt() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ok("policy", "apply", "v0", "tcx-ingress", "deny udp dport 5; allow any");
        ok("detach", "v0", "tcx-ingress", "all");
        CliRun show = CliRun.fails(Exit.NOT_FOUND, CliRun.withNetns(ns.name(), "policy", "show", "v0", "tcx-ingress"));
        assertTrue(show.err().contains("no jnetkit policy"), show::toString);
        assertEquals(List.of(), pins());
    }

    @Test
    void sigkillAtEveryStepOfApplyAndReplaceLeavesOneTruth() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress(ns.get(), "v0");
        String unique = "dport " + (20000 + (int) (ProcessHandle.current().pid() % 20000));
        // First apply, killed at each step: either nothing is there, or the whole policy is.
        for (String step : List.of("policy.loaded", "policy.attached", "policy.pinned")) {
            String text = "deny udp " + unique + "; allow any";
            CliProcess p = CliProcess.start(List.of(), withPause(step), "-n", ns.name(), "policy", "apply", "v0",
                    "tcx-ingress", text);
            p.awaitErrLine("jnetkit-fault: paused at " + step, 120);
            p.kill();
            if (Files.exists(policyPin())) {
                assertOneTruth(hook, "killed at " + step);
                ok("policy", "remove", "v0", "tcx-ingress");
            } else {
                assertEquals(List.of(), onHook(hook), "killed at " + step + ": no pin, so nothing attached");
                assertEquals(List.of(), pins(), "killed at " + step);
            }
            assertNoPolicyProgramsLeft(text, Set.of(), "killed at " + step);
        }
        // Replace, killed at each step: the old or the new policy, whole.
        int oldPort = 30000;
        for (String step : List.of("policy.loaded", "policy.updated")) {
            ok("policy", "apply", "v0", "tcx-ingress", "deny udp dport " + oldPort + "; allow any");
            String text = "deny udp dport " + (oldPort + 5) + "; allow any";
            CliProcess p = CliProcess.start(List.of(), withPause(step), "-n", ns.name(), "policy", "apply", "v0",
                    "tcx-ingress", text);
            p.awaitErrLine("jnetkit-fault: paused at " + step, 120);
            p.kill();
            assertOneTruth(hook, "replace killed at " + step);
            String show = ok("policy", "show", "v0", "tcx-ingress").out();
            assertTrue(show.contains(step.equals("policy.updated") ? "dport " + (oldPort + 5) : "dport " + oldPort), show);
            ok("policy", "remove", "v0", "tcx-ingress");
            assertNoPolicyProgramsLeft(text, Set.of(), "replace killed at " + step);
            oldPort += 10;
        }
        // The same for attach: killed between attaching the link and pinning it, nothing stays.
        try (Program prog = TestProgs.returning("jnk_killed", 2)) {
            CliProcess p = CliProcess.start(List.of(), withPause("attach.attached"), "-n", ns.name(), "attach", "v0",
                    "tcx-ingress", "id", String.valueOf(prog.id()));
            p.awaitErrLine("jnetkit-fault: paused at attach.attached", 120);
            assertEquals(List.of(prog.id()), onHook(hook), "attached while paused");
            p.kill();
            awaitEmpty(hook);
            assertEquals(List.of(), pins());
        }
    }

    private Map<String, String> withPause(String step) {
        return Map.of("JNETKIT_BPFFS", bpffs.root().toString(), "JNETKIT_FAULT_PAUSE", step);
    }

    private void awaitEmpty(Hook hook) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (!onHook(hook).isEmpty() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(), onHook(hook), "a killed process's unpinned link goes with it");
    }

    /** No policy program whose bound text is {@code text} is loaded, except {@code allowed} (freed objects may take a moment). */
    private static void assertNoPolicyProgramsLeft(String text, Set<Integer> allowed, String context) {
        long until = System.nanoTime() + 5_000_000_000L;
        List<Integer> left;
        do {
            left = new ArrayList<>();
            for (ProgramInfo pi : BpfObjects.programs()) {
                if (!pi.name().equals("jnk_policy") || allowed.contains(pi.id())) continue;
                for (int m : pi.mapIds()) {
                    try (BpfMap map = BpfMap.fromId(m)) {
                        if (map.name().equals("jnk_policy_src")
                                && new String(map.lookup(new byte[4]).orElse(new byte[0]), StandardCharsets.UTF_8).startsWith(text)) {
                            left.add(pi.id());
                        }
                    } catch (RuntimeException e) {
                        // freed meanwhile
                    }
                }
            }
        } while (!left.isEmpty() && System.nanoTime() < until);
        assertEquals(List.of(), left, context + ": programs of that policy still loaded");
    }

    @Test
    void underIpNetnsExecThePinsGoToTheHostsBpffs() throws Exception {
        Bpffs.locate(); // the host's bpffs (mounted if it was not)
        System.clearProperty("jnetkit.bpffs");
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress(ns.get(), "v0");
        Path hookDir = Path.of("/sys/fs/bpf/jnetkit").resolve(ns.name()).resolve("v0/tcx-ingress");
        try (Program prog = TestProgs.returning("jnk_exec", 2)) {
            List<String> ipNetnsExec = List.of("ip", "netns", "exec", ns.name());
            CliRun r = CliProcess.start(ipNetnsExec, Map.of(), "attach", "v0", "tcx-ingress", "id", String.valueOf(prog.id()))
                    .await(120);
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.err().matches("(?s).*pinning through /proc/\\d+/root/sys/fs/bpf.*"), r::toString);
            CliRun p = CliProcess.start(ipNetnsExec, Map.of(), "policy", "apply", "v0", "tcx-ingress", "deny udp dport 9; allow any")
                    .await(120);
            assertEquals(0, p.exit(), p::toString);
            // Both outlived their processes: pinned in the host's bpffs, still on the hook.
            assertTrue(Files.exists(hookDir.resolve("programs/jnk_exec")), "attach pin in the host's bpffs");
            assertTrue(Files.exists(hookDir.resolve("policy")), "policy pin in the host's bpffs");
            List<Integer> progs = onHook(hook);
            assertEquals(2, progs.size(), progs::toString);
            assertEquals(prog.id(), progs.get(1));
            String show = ok("policy", "show", "v0", "tcx-ingress").out();
            assertTrue(show.contains("\n  1  deny udp dport 9\n  2  allow any\n     default allow\n"), "one rule a line: " + show);
        } finally {
            in("policy", "remove", "v0", "tcx-ingress");
            in("detach", "v0", "tcx-ingress", "all");
        }
        assertEquals(List.of(), onHook(hook));
        assertFalse(Files.exists(hookDir), "pins and directories removed from the host's bpffs");
    }



    /** Attaches a test program and a policy to v0's tcx ingress; returns {links, programs} as the kernel lists them. */
    private List<Set<Integer>> attachBoth(NetNs in, String netns) {
        Hook hook = ingress(in, "v0");
        try (Program prog = TestProgs.returning("jnk_gone", -1)) {
            CliRun.ok("-n", netns, "attach", "v0", "tcx-ingress", "id", String.valueOf(prog.id()));
        }
        CliRun.ok("-n", netns, "policy", "apply", "v0", "tcx-ingress", "deny udp dport 7; allow any");
        Set<Integer> links = new HashSet<>();
        Set<Integer> progs = new HashSet<>();
        for (var e : Attachments.query(in, hook).entries()) {
            links.add(e.linkId());
            progs.add(e.programId());
        }
        assertEquals(2, links.size());
        return List.of(links, progs);
    }

    @Test
    void deletedDeviceThenDetachAllAndPolicyRemoveFreeEverything() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        List<Set<Integer>> ours = attachBoth(ns.get(), ns.name());
        ok("link", "del", "v0");
        assertTrue(KernelObjects.linkIds().containsAll(ours.get(0)), "pinned links outlive their device (defunct)");
        CliRun show = CliRun.fails(Exit.NOT_FOUND, CliRun.withNetns(ns.name(), "policy", "show", "v0", "tcx-ingress"));
        assertTrue(show.err().contains("stale"), show::toString);
        CliRun.fails(Exit.NOT_FOUND, CliRun.withNetns(ns.name(), "policy", "stats", "v0", "tcx-ingress"));
        String r = ok("policy", "remove", "v0", "tcx-ingress").out();
        assertTrue(r.contains("it was stale"), r);
        String d = ok("detach", "v0", "tcx-ingress", "all").out();
        assertTrue(d.contains("which no longer exists") && d.contains("stale"), d);
        KernelObjects.assertGone(ours.get(0), ours.get(1), "after detach all + policy remove");
        assertEquals(List.of(), pins());
        CliRun.fails(Exit.NOT_FOUND, CliRun.withNetns(ns.name(), "detach", "v0", "tcx-ingress", "all"));
    }

    @Test
    void recreatedDeviceShowsStalenessAndPruneFreesEverything() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        List<Set<Integer>> ours = attachBoth(ns.get(), ns.name());
        ok("link", "del", "v0");
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        CliRun show = CliRun.fails(Exit.NOT_FOUND, CliRun.withNetns(ns.name(), "policy", "show", "v0", "tcx-ingress"));
        assertTrue(show.err().contains("stale"), show::toString);
        assertTrue(ok("net", "show", "dev", "v0").out().contains("revision 1"), "nothing is attached to the new v0");
        String pruned = ok("prune").out();
        assertTrue(pruned.contains("pruned 2 stale pins, kept 0 live"), pruned);
        KernelObjects.assertGone(ours.get(0), ours.get(1), "after prune");
        assertEquals(List.of(), pins());
        assertTrue(ok("prune").out().contains("pruned 0 stale pins"));
    }

    @Test
    void deletedNamespaceThenDetachAllAndPolicyRemoveByItsName() {
        NetNs pod = ns.another();
        String podName = pod.name();
        CliRun.ok("-n", podName, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        List<Set<Integer>> ours = attachBoth(pod, podName);
        pod.close();
        NetNamespaces.delete(podName);
        // The kernel tears a deleted namespace's devices down asynchronously: "no longer exists" is
        // certain at once, "defunct" only a moment later.
        CliRun show = CliRun.fails(Exit.NOT_FOUND, "-n", podName, "policy", "show", "v0", "tcx-ingress");
        assertTrue(show.err().contains("is stale"), show::toString);
        assertTrue(CliRun.ok("-n", podName, "policy", "remove", "v0", "tcx-ingress").out().contains("which no longer exists"));
        assertTrue(CliRun.ok("-n", podName, "detach", "v0", "tcx-ingress", "all").out().contains("which no longer exists"));
        KernelObjects.assertGone(ours.get(0), ours.get(1), "after the namespace was deleted");
        assertEquals(List.of(), pins());
    }

    @Test
    void dottedDeviceNamesArePinnable() {
        ok("link", "add", "v0.100", "type", "veth", "peer", "name", "v1.x");
        Hook hook = ingress(ns.get(), "v0.100");
        try (Program prog = TestProgs.returning("jnk_dot", -1)) {
            String a = ok("attach", "v0.100", "tcx-ingress", "id", String.valueOf(prog.id())).out();
            assertTrue(a.contains("/v0%2E100/tcx-ingress/programs/jnk_dot"), a);
        }
        ok("policy", "apply", "v0.100", "tcx-ingress", "deny udp dport 9; allow any");
        assertEquals(2, onHook(hook).size());
        assertTrue(ok("policy", "show", "v0.100", "tcx-ingress").out().contains("dport 9"));
        ok("policy", "remove", "v0.100", "tcx-ingress");
        ok("detach", "v0.100", "tcx-ingress", "all");
        assertEquals(List.of(), onHook(hook));
        assertEquals(List.of(), pins());
    }

    @Test
    void attachingTheSameProgramNameAgainReplacesItUnlessAdd() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress(ns.get(), "v0");
        try (Program first = TestProgs.returning("jnk_same", -1); Program second = TestProgs.returning("jnk_same", 2);
             Program other = TestProgs.returning("jnk_other", -1)) {
            String a = ok("attach", "v0", "tcx-ingress", "id", String.valueOf(first.id()), "--json").out();
            ok("attach", "v0", "tcx-ingress", "id", String.valueOf(other.id()));
            String b = ok("attach", "v0", "tcx-ingress", "id", String.valueOf(second.id())).out();
            assertTrue(b.startsWith("replaced prog id " + first.id() + " by jnk_same"), b);
            // Same link, same place (first), the other program untouched.
            assertEquals(List.of(second.id(), other.id()), onHook(hook));
            assertEquals(intField(a, "link_id"), Attachments.query(ns.get(), hook).entries().getFirst().linkId());
            String c = ok("attach", "v0", "tcx-ingress", "id", String.valueOf(first.id()), "--add").out();
            assertTrue(c.contains("added another copy"), c);
            assertEquals(List.of(second.id(), other.id(), first.id()), onHook(hook));
            assertEquals(3, pins().size(), pins()::toString);
            // Legacy: a second legacy attach of the same name swaps the programs too.
            ok("detach", "v0", "tcx-ingress", "all");
            ok("attach", "v0", "tcx-ingress", "id", String.valueOf(first.id()), "--legacy");
            String l = ok("attach", "v0", "tcx-ingress", "id", String.valueOf(second.id()), "--legacy").out();
            assertTrue(l.contains("replaced prog id " + first.id()), l);
            assertEquals(List.of(second.id()), onHook(hook));
            ok("detach", "v0", "tcx-ingress", "all");
            assertEquals(List.of(), onHook(hook));
            assertEquals(List.of(), pins());
        }
    }

    @Test
    void detachAllAlsoRemovesLegacyProgramsJnetkitDidNotPin() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Hook hook = ingress(ns.get(), "v0");
        try (Program prog = TestProgs.returning("jnk_legacy", -1)) {
            ok("attach", "v0", "tcx-ingress", "id", String.valueOf(prog.id()), "--legacy", "--no-pin");
            assertEquals(List.of(prog.id()), onHook(hook));
            String out = ok("detach", "v0", "tcx-ingress", "all").out();
            assertTrue(out.contains("detached jnk_legacy"), out);
            assertEquals(List.of(), onHook(hook));
        }
    }
}
