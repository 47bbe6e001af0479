package io.jnetkit.bench;

import io.jnetkit.hooks.PinnedHooks;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Pods;
import io.jnetkit.probe.IcmpPinger;
import io.jnetkit.topology.PlannedPod;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a topology of N pods takes to bring up and tear down, for N in a list of sizes (10,
 * 100 and 500 by default): for each size one generated topology without nodes ({@code datapath:
 * auto}, addresses from a pool, a policy {@code deny tcp dport 22; allow any} on the primary hook
 * of every 10th pod), timed as {@code jnetkit up}, {@code up} again (nothing to change),
 * {@code status} and {@code down} would run it — the same {@link TopologyEngine} calls, in one
 * JVM. Prints a table: size, datapath chosen, each wall time, and the per-pod cost of up and down.
 * No assertions: a benchmark prints figures ({@code TopologyBenchHostTest} runs this code at size
 * 3 and checks what it returns).
 *
 * <pre>
 * bin/bench-topology                 # 10 100 500, on this kernel (veth here, netkit where there is one)
 * bin/bench-topology 10 100          # chosen sizes
 * bin/bench-topology --ping 500      # also: every pod pings p1 and back (not timed with the rest)
 * lab/lab run --kernel newest --mem 4G -- bin/bench-topology 10 100 500   # netkit, in the guest
 * </pre>
 *
 * <p>Each size runs in a namespace of its own ({@code ip netns add jnk-bench-…}) standing in for the
 * node, under a random topology name, so pods never meet anything else on the machine; pins go to
 * the host's bpffs, where {@code down} removes them. Whatever happens, the run ends by taking the
 * topology down, deleting every namespace with its prefix and the base namespace, and pruning pins
 * whose device went with them. A warm-up run of {@value #WARMUP} pods (not reported) first loads
 * the classes and JIT-compiles the hot paths, so the first size is not charged for the JVM's start.
 */
public final class TopologyBench {
    static final List<Integer> DEFAULT_SIZES = List.of(10, 100, 500);
    static final int WARMUP = 3;
    /** The policy every 10th pod gets on its primary hook (what it receives). */
    static final String POLICY = "deny tcp dport 22; allow any";
    /** The prefix of the namespace each run makes to stand in for the node. */
    static final String BASE_PREFIX = "jnk-bench-";

    private TopologyBench() {}

    /**
     * One size's figures, in nanoseconds.
     *
     * @param name          the topology's name (its namespaces and devices are {@code tp-NAME-…}; the
     *                      run's base namespace {@code jnk-bench-NAME})
     * @param pods          the number of pods
     * @param datapath      the datapath {@code auto} chose, as the engine said it
     * @param upNanos       the first {@code up}, from nothing
     * @param againNanos    the second {@code up}
     * @param statusNanos   {@code status}
     * @param downNanos     {@code down}
     * @param upChanges     how many changes the first up made
     * @param againChanges  how many the second up made (0 when up is idempotent)
     * @param clean         whether status found no drift after the first up
     * @param removed       how many things down said it removed
     * @param left          namespaces with the topology's prefix still there after down (0 when down is exact)
     * @param pings         with {@code --ping}: echo requests sent (every other pod to p1 and back), else 0
     * @param replies       how many of them were answered
     * @param pingNanos     how long the pings took
     */
    public record Result(String name, int pods, String datapath, long upNanos, long againNanos, long statusNanos, long downNanos,
                         int upChanges, int againChanges, boolean clean, int removed, int left,
                         int pings, int replies, long pingNanos) {
        public double upMsPerPod() {
            return upNanos / 1e6 / pods;
        }

        public double downMsPerPod() {
            return downNanos / 1e6 / pods;
        }
    }

    /** The topology file for {@code pods} pods named {@code name}: pods p1…pN, pool 10.200.0.0/16. */
    public static String yaml(String name, int pods) {
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(name).append('\n');
        b.append("defaults:\n  datapath: auto\n  pool: 10.200.0.0/16\n");
        b.append("pods:\n");
        for (int i = 1; i <= pods; i++) {
            b.append("  - name: p").append(i).append('\n');
            if (i % 10 == 0) {
                b.append("    hooks:\n      primary: {policy: \"").append(POLICY).append("\"}\n");
            }
        }
        return b.toString();
    }

    /** A topology name no other run has: {@code b} and 4 of [a-z0-9] (tp-bXXXX-p500 fits a device name). */
    static String uniqueName() {
        StringBuilder b = new StringBuilder("b");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 4; i++) b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return b.toString();
    }

    /**
     * Brings a generated topology of {@code pods} pods up, up again, checks its status and takes it
     * down, timing each, in a namespace made for the run and deleted after it (with everything
     * left in it, even when a step fails).
     */
    public static Result run(int pods) {
        return run(pods, false);
    }

    /**
     * As {@link #run(int)}; with {@code ping}, after the first up every pod but p1 pings p1 and p1
     * pings it back (real ICMP from inside the pods, one request each, a second to answer): what
     * the neighbour tables and forwarding do at this size, outside the timed steps.
     */
    public static Result run(int pods, boolean ping) {
        String name = uniqueName();
        Topology t = Topology.parse(yaml(name, pods), "bench-" + name + ".yaml");
        TopologyEngine engine = TopologyEngine.open();
        String baseName = BASE_PREFIX + name;
        NetNs base = NetNamespaces.add(baseName);
        RuntimeException failure = null;
        try {
            long t0 = System.nanoTime();
            TopologyEngine.Up up = engine.up(t, base);
            long t1 = System.nanoTime();
            int[] pinged = ping ? pingAll(t) : new int[] {0, 0};
            long pingNanos = System.nanoTime() - t1;
            t1 = System.nanoTime();
            TopologyEngine.Up again = engine.up(t, base);
            long t2 = System.nanoTime();
            TopologyEngine.Status status = engine.status(t, base);
            long t3 = System.nanoTime();
            TopologyEngine.Down down = engine.down(t, base);
            long t4 = System.nanoTime();
            int left = (int) NetNamespaces.list().stream().filter(n -> n.startsWith(t.prefix())).count();
            String datapath = up.datapaths().values().stream().findFirst().orElse("none");
            return new Result(name, pods, datapath, t1 - t0, t2 - t1, t3 - t2, t4 - t3, up.changes().size(),
                    again.changes().size(), status.clean(), down.removed().size(), left, pinged[0], pinged[1], pingNanos);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            cleanUp(engine, t, base, baseName, failure);
        }
    }

    /** Every pod but the first pings the first, and the first pings it: {requests, replies}. */
    private static int[] pingAll(Topology t) {
        List<PlannedPod> plan = t.plan();
        int sent = 0;
        int answered = 0;
        try (NetNs firstNs = NetNs.open(plan.getFirst().spec().netns()); IcmpPinger first = IcmpPinger.open(firstNs)) {
            Inet4Address firstAddress = v4(plan.getFirst());
            for (int i = 1; i < plan.size(); i++) {
                try (NetNs ns = NetNs.open(plan.get(i).spec().netns()); IcmpPinger p = IcmpPinger.open(ns)) {
                    sent += 2;
                    if (p.ping(firstAddress, i, Duration.ofSeconds(1)).isPresent()) answered++;
                    if (first.ping(v4(plan.get(i)), i, Duration.ofSeconds(1)).isPresent()) answered++;
                }
            }
        }
        return new int[] {sent, answered};
    }

    private static Inet4Address v4(PlannedPod p) {
        return (Inet4Address) p.spec().addresses(io.jnetkit.net.IpFamily.V4).getFirst().address();
    }

    /** Takes down what a failed run left: the topology, its namespaces, the base namespace, stale pins. */
    private static void cleanUp(TopologyEngine engine, Topology t, NetNs base, String baseName, RuntimeException failure) {
        List<Runnable> steps = new ArrayList<>();
        if (failure != null) steps.add(() -> engine.down(t, base));
        steps.add(() -> {
            for (String n : NetNamespaces.list()) {
                if (n.startsWith(t.prefix())) NetNamespaces.delete(n);
            }
        });
        steps.add(base::close);
        steps.add(() -> {
            if (NetNamespaces.exists(baseName)) NetNamespaces.delete(baseName);
        });
        // The pins of pods whose devices went with the base namespace (only after a failure is there any).
        if (failure != null) steps.add(() -> PinnedHooks.open().prune());
        for (Runnable s : steps) {
            try {
                s.run();
            } catch (RuntimeException e) {
                if (failure != null) failure.addSuppressed(e);
                else System.err.println("topology bench: clean up: " + e.getMessage());
            }
        }
    }

    /** Open file descriptors of this process, to show that a run leaves none behind. */
    static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    static String row(Result r) {
        return String.format(Locale.ROOT, "| %5d | %-7s | %9s | %9s | %9s | %9s | %10.1f | %10.1f | %5s | %4d |",
                r.pods(), shortDatapath(r.datapath()), ms(r.upNanos()), ms(r.againNanos()), ms(r.statusNanos()),
                ms(r.downNanos()), r.upMsPerPod(), r.downMsPerPod(), r.clean() && r.againChanges() == 0 ? "yes" : "NO",
                r.left());
    }

    /** "veth" or "netkit", from the engine's line ("datapath veth (auto): this kernel has no netkit (…)"). */
    static String shortDatapath(String note) {
        String[] w = note.split(" ");
        return w.length > 1 ? w[1] : note;
    }

    static List<Integer> sizes(String[] args) {
        List<Integer> out = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--ping")) continue;
            int n;
            try {
                n = Integer.parseInt(a);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("read size " + a + ": not a number");
            }
            // 10.200.0.0/16 has 65534 addresses, but device names allow 4 digits after tp-bXXXX-p.
            if (n < 1 || n > 9999) throw new IllegalArgumentException("read size " + a + ": not in 1..9999");
            out.add(n);
        }
        return out.isEmpty() ? DEFAULT_SIZES : out;
    }

    public static void main(String[] args) {
        List<Integer> sizes;
        try {
            sizes = sizes(args);
        } catch (IllegalArgumentException e) {
            System.err.println("topology bench: " + e.getMessage() + "; usage: TopologyBench [--ping] [SIZE...] (default 10 100 500)");
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.println("topology bench: kernel " + System.getProperty("os.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus, " + Pods.choose(Datapath.AUTO).reason());
        out.println("each size: a topology of N pods without nodes, pool 10.200.0.0/16, policy '" + POLICY
                + "' on every 10th pod's primary hook, in a fresh namespace");
        boolean ping = List.of(args).contains("--ping");
        int fds = openFds();
        run(WARMUP, ping);
        out.println("warm-up: " + WARMUP + " pods (not reported); open fds " + fds + " -> " + openFds());
        out.println();
        out.println("| pods  | dp      | up (ms)   | again (ms)| status(ms)| down (ms) | up ms/pod  | down ms/pod| clean | left |");
        out.println("|------:|---------|----------:|----------:|----------:|----------:|-----------:|-----------:|-------|-----:|");
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            Result r = run(n, ping);
            results.add(r);
            out.println(row(r));
            out.flush();
        }
        for (Result r : results) {
            if (r.pings() > 0) {
                out.println(r.pods() + " pods: " + r.replies() + " of " + r.pings() + " echo requests answered (every pod to p1 and"
                        + " back) in " + ms(r.pingNanos()) + " ms");
            }
        }
        out.println();
        out.println("up: the first jnetkit up from nothing; again: the second up (changes nothing); clean: status found no"
                + " drift and the second up changed nothing; left: namespaces of the topology still there after down;"
                + " open fds at the end: " + openFds());
    }
}
