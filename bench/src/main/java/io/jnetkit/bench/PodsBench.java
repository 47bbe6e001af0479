package io.jnetkit.bench;

import io.jnetkit.net.Cidr;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.pod.Pods;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N pods through the library, one {@link Pods#up} each, then one batch {@link Pods#down} — the
 * jnetkit side of {@code bin/bench-pods}, which runs Go's vishvananda/netlink and a bash script of
 * {@code ip} commands making the same pods beside it. Each pod: a namespace {@code PREFIXi}, a
 * pair whose pod end is made inside it as {@code eth0}, {@code 10.100.x.y/32} in the pod, the
 * routes, the host end {@code hPREFIXi} up with its route (and, with {@code --policy}, a compiled
 * policy on the peer hook, which the others cannot do). A warm-up of 30 pods ({@code -Dpods.warmup=N}) first (not timed), so
 * the JVM's start and JIT are not charged. Prints {@code jnetkit-library N UP_MS DOWN_MS}.
 *
 * <pre>
 * java … io.jnetkit.bench.PodsBench N veth|netkit PREFIX BASE_NETNS [--policy]
 * </pre>
 */
public final class PodsBench {
    private PodsBench() {}

    static final String POLICY = "deny tcp dport 22; allow any";
    /**
     * Pods wired and removed before the timed run. 3 left most of the code interpreted (C1
     * compiles a method after some 200 calls): N = 100 then cost 50% more per pod than N = 500,
     * which is the JIT, not the pods. A long-running agent (the CNI server, a topology engine)
     * runs compiled code.
     */
    static final int WARM_UP = Integer.getInteger("pods.warmup", 30);
    /** {@code -Dpods.parallel=false}: one {@link Pods#up(NetNs, PodSpec)} after the other. */
    static final boolean PARALLEL = !"false".equals(System.getProperty("pods.parallel"));
    /** {@code -Dpods.threads=N}: pods wired at a time (default {@link Pods#PARALLEL_PODS}). */
    static final int THREADS = Integer.getInteger("pods.threads", Pods.PARALLEL_PODS);

    static PodSpec spec(String prefix, int i, Datapath dp, boolean policy) {
        PodSpec.Builder b = PodSpec.builder(prefix + i).netns(prefix + i).hostDevice("h" + prefix + i)
                .datapath(dp).address(new Cidr(Cidr.parseAddress("10." + (100 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256)), 32));
        if (policy) b.peerPolicy(POLICY);
        return b.build();
    }

    /** Up then down of {@code n} pods; returns {up ns, down ns}. */
    static long[] run(Pods pods, NetNs base, int n, String prefix, Datapath dp, boolean policy) {
        List<PodSpec> specs = new ArrayList<>();
        for (int i = 1; i <= n; i++) specs.add(spec(prefix, i, dp, policy));
        long t0 = System.nanoTime();
        try {
            if (PARALLEL) pods.up(base, specs, THREADS);
            else for (PodSpec s : specs) pods.up(base, s);
        } catch (RuntimeException e) {
            pods.down(base, specs);
            throw e;
        }
        long t1 = System.nanoTime();
        pods.down(base, specs);
        long t2 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1};
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: PodsBench N veth|netkit PREFIX BASE_NETNS [--policy]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        Datapath dp = Datapath.valueOf(args[1].toUpperCase(Locale.ROOT));
        String prefix = args[2];
        boolean policy = args.length > 4 && args[4].equals("--policy");
        Pods pods = Pods.open();
        try (NetNs base = NetNs.open(args[3])) {
            Pods.enableForwarding(base);
            run(pods, base, WARM_UP, prefix + "w", dp, policy); // warm-up
            long[] t = run(pods, base, n, prefix, dp, policy);
            System.out.printf(Locale.ROOT, "jnetkit-library%s %d %.1f %.1f%n", policy ? "+policy" : "", n, t[0] / 1e6, t[1] / 1e6);
        }
        if (!NetNamespaces.list().stream().filter(s -> s.startsWith(prefix)).toList().isEmpty()) {
            System.err.println("PodsBench: namespaces with prefix " + prefix + " left behind");
            System.exit(1);
        }
    }
}
