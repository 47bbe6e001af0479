package io.jnetkit.cni;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.JvmCommand;
import io.jnetkit.testkit.KernelInventory;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin as a runtime runs it — a process ({@link CniMain}) per call, its host side in a
 * fresh node namespace ({@code nsenter --net}), Debian's host-local for addresses — killed with
 * SIGKILL mid-ADD and mid-DEL after delays a seeded RNG draws over the measured duration of a
 * call. After each kill the runtime's retry (ADD again then DEL, or DEL at once; DEL again) succeeds, and
 * nothing is left: no device or route in the node or the container, no pin, no BPF program, map
 * or link that was pinned ({@link KernelInventory}), no lease. And N ADDs at once, each its own
 * process, for N containers of one network: N different addresses, then N DELs at once.
 *
 * <p>CI size: 3 kills of ADD, 2 of DEL, 6 ADDs at once (one JVM each). Full size (issue 12):
 * {@code -Djnetkit.cni.kills=10 -Djnetkit.cni.parallel=20}; another draw: {@code -Djnetkit.cni.seed=N}.
 */
@HostTest
class CniFaultsHostTest {
    private static final long SEED = Long.getLong("jnetkit.cni.seed", 1213L);
    private static final int KILLS = Integer.getInteger("jnetkit.cni.kills", 3);
    private static final int PARALLEL = Integer.getInteger("jnetkit.cni.parallel", 6);

    @RegisterExtension
    final FreshNetns node = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    private final List<String> containers = new ArrayList<>();
    private String network;

    @AfterEach
    void removeContainers() {
        for (String c : containers) if (NetNamespaces.exists(c)) NetNamespaces.delete(c);
    }

    private String config() {
        if (network == null) network = FreshNetns.uniqueName("n");
        return """
                {"cniVersion": "1.0.0", "name": "%s", "type": "jnetkit",
                 "hooks": {"primary": {"policy": "deny tcp dport 22; allow any"}, "peer": {"policy": "count allow any"}},
                 "logFile": "%s", "stateDir": "%s",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.125.0.0/24"}], [{"subnet": "fd25::/64"}]],
                          "dataDir": "%s"}}
                """.formatted(network, dir.resolve("cni.log"), dir.resolve("state"), dir.resolve("ipam"));
    }

    private String container() {
        String name = FreshNetns.uniqueName("c");
        NetNamespaces.add(name).close();
        containers.add(name);
        return name;
    }

    /** One plugin call as a process. */
    private Process start(String command, String cid, String netns) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + node.name()));
        cmd.addAll(JvmCommand.of(CniMain.class));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", cid);
        env.put("CNI_NETNS", "/run/netns/" + netns);
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", CniScenarios.CNI_PATH);
        env.put("JNETKIT_BPFFS", bpffs.root().toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(config().getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private record Result(int exit, String stdout) {}

    private static Result await(Process p) throws Exception {
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = p.getInputStream()) {
                out.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete(e.toString());
            }
        });
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the plugin did not finish in 180 s");
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }

    private Result call(String command, String cid, String netns) throws Exception {
        return await(start(command, cid, netns));
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** host-local's leases of the network (one file per address). */
    private List<String> leases() throws IOException {
        Path d = dir.resolve("ipam").resolve(network);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9.]+|[0-9a-f:]+")).sorted().toList();
        }
    }

    private KernelInventory inventory(String container) {
        return new KernelInventory(bpffs.root(), n -> false, List.of(node.name(), container));
    }

    private void assertNothingLeft(KernelInventory inv, KernelInventory.Snapshot before,
                                   List<KernelInventory.Snapshot> seen, String context) throws IOException {
        KernelInventory.Leftovers left = inv.leftovers(before, seen);
        assertTrue(left.none(), context + ": " + left.report());
        assertEquals(List.of(), leases(), context + ": leases left");
    }

    @Test
    void killedAddsAndDelsAreRetriedAndLeaveNothing() throws Exception {
        // A VERSION call (the JVM's start and exit, no work) and one whole ADD and DEL, to measure them:
        // the kills land between the JVM's start-up and the call's end, where the plugin works.
        String c0 = container();
        long t0 = System.nanoTime();
        assertEquals(0, call("VERSION", "cid-v", c0).exit());
        long startNanos = System.nanoTime() - t0;
        KernelInventory inv0 = inventory(c0);
        KernelInventory.Snapshot before0 = inv0.take();
        t0 = System.nanoTime();
        Result add = call("ADD", "cid-0", c0);
        long addNanos = System.nanoTime() - t0;
        assertEquals(0, add.exit(), add.stdout());
        KernelInventory.Snapshot up0 = inv0.take();
        assertEquals(2 * 4, up0.pinned().size(), "two pinned links, their programs and their two maps each: " + up0.pinned());
        t0 = System.nanoTime();
        Result del = call("DEL", "cid-0", c0);
        long delNanos = System.nanoTime() - t0;
        assertEquals(0, del.exit(), del.stdout());
        assertNothingLeft(inv0, before0, List.of(up0), "a whole ADD and DEL");

        Random rng = new Random(SEED);
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            String c = container();
            String cid = "cid-a" + i;
            KernelInventory inv = inventory(c);
            KernelInventory.Snapshot before = inv.take();
            List<KernelInventory.Snapshot> seen = new ArrayList<>();
            long delay = (startNanos + (long) (rng.nextDouble() * Math.max(0, addNanos - startNanos))) / 1_000_000;
            Process p = start("ADD", cid, c);
            Thread.sleep(delay);
            kill(p);
            tried.add("ADD at " + delay + " ms" + (i % 2 == 0 ? " (ADD, DEL)" : " (DEL)"));
            String context = "ADD killed after " + delay + " ms of " + addNanos / 1_000_000 + " (seed " + SEED + ")";
            seen.add(inv.take());
            // Runtimes differ: CRI retries the sandbox (ADD again, later DEL); libcni's callers DEL a failed ADD at once.
            if (i % 2 == 0) {
                Result again = call("ADD", cid, c);
                assertEquals(0, again.exit(), context + ": ADD again: " + again.stdout());
                seen.add(inv.take());
            } else {
                context += ", then DEL at once";
            }
            Result d = call("DEL", cid, c);
            assertEquals(0, d.exit(), context + ": DEL: " + d.stdout());
            assertNothingLeft(inv, before, seen, context);
        }
        for (int i = 0; i < Math.max(1, KILLS - 1); i++) {
            String c = container();
            String cid = "cid-d" + i;
            KernelInventory inv = inventory(c);
            KernelInventory.Snapshot before = inv.take();
            List<KernelInventory.Snapshot> seen = new ArrayList<>();
            Result a = call("ADD", cid, c);
            assertEquals(0, a.exit(), a.stdout());
            seen.add(inv.take());
            long delay = (startNanos + (long) (rng.nextDouble() * Math.max(0, delNanos - startNanos))) / 1_000_000;
            Process p = start("DEL", cid, c);
            Thread.sleep(delay);
            kill(p);
            tried.add("DEL at " + delay + " ms");
            String context = "DEL killed after " + delay + " ms of " + delNanos / 1_000_000 + " (seed " + SEED + ")";
            seen.add(inv.take());
            Result d = call("DEL", cid, c);
            assertEquals(0, d.exit(), context + ": DEL again: " + d.stdout());
            assertNothingLeft(inv, before, seen, context);
        }
        System.out.println("CniFaultsHostTest: VERSION " + startNanos / 1_000_000 + " ms, ADD " + addNanos / 1_000_000 + " ms, DEL " + delNanos / 1_000_000
                + " ms as processes; killed " + tried + " (seed " + SEED + "); every retry converged, nothing left");
    }

    /**
     * Regression: an ADD killed right after host-local leased its addresses made every retry of
     * that ADD fail ("… has been allocated to CID, duplicate allocation is not allowed").
     */
    @Test
    void anAddKilledRightAfterItsLeaseIsRetried() throws Exception {
        String c = container();
        KernelInventory inv = inventory(c);
        KernelInventory.Snapshot before = inv.take();
        config();
        Process p = start("ADD", "cid-l", c);
        long until = System.nanoTime() + 120_000_000_000L;
        while (leases().isEmpty() && p.isAlive() && System.nanoTime() < until) Thread.sleep(2);
        kill(p);
        assertEquals(2, leases().size(), "killed with its two leases taken: " + leases());
        Result again = call("ADD", "cid-l", c);
        assertEquals(0, again.exit(), again.stdout());
        assertEquals(2, leases().size(), "the retry holds two leases, not four: " + leases());
        KernelInventory.Snapshot up = inv.take();
        assertEquals(0, call("DEL", "cid-l", c).exit());
        assertNothingLeft(inv, before, List.of(up), "an ADD killed after its lease, retried, then DEL");
    }

    @Test
    void parallelAddsGetDifferentAddresses() throws Exception {
        int n = PARALLEL;
        List<String> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) cs.add(container());
        List<String> watched = new ArrayList<>(cs);
        watched.add(node.name());
        KernelInventory inv = new KernelInventory(bpffs.root(), x -> false, watched);
        KernelInventory.Snapshot before = inv.take();
        List<Process> adds = new ArrayList<>();
        for (int i = 0; i < n; i++) adds.add(start("ADD", "cid-" + i, cs.get(i)));
        List<String> v4 = new ArrayList<>();
        for (Process p : adds) {
            Result r = await(p);
            assertEquals(0, r.exit(), r.stdout());
            @SuppressWarnings("unchecked")
            Map<String, Object> res = (Map<String, Object>) Json.parse(r.stdout().getBytes(StandardCharsets.UTF_8));
            v4.add((String) ((Map<?, ?>) ((List<?>) res.get("ips")).get(0)).get("address"));
        }
        assertEquals(n, new HashSet<>(v4).size(), n + " different addresses: " + v4);
        assertEquals(2 * n, leases().size(), leases().toString());
        KernelInventory.Snapshot during = inv.take();
        assertEquals(n * 8, during.pinned().size(), during.summary());
        assertTrue(CniScenarios.ping(cs.get(0), java.net.InetAddress.getByName(v4.getLast().replaceAll("/.*", ""))),
                "the first container pings the last");
        List<Process> dels = new ArrayList<>();
        for (int i = 0; i < n; i++) dels.add(start("DEL", "cid-" + i, cs.get(i)));
        for (Process p : dels) assertEquals(0, await(p).exit());
        KernelInventory.Leftovers left = inv.leftovers(before, List.of(during));
        assertTrue(left.none(), left.report());
        assertEquals(List.of(), leases());
    }
}
