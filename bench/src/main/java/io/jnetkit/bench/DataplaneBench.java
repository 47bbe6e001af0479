package io.jnetkit.bench;

import io.jnetkit.net.Cidr;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.pod.Pods;
import io.jnetkit.rtnl.Rtnl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data plane side by side in one kernel: TCP throughput (iperf3, one stream) and TCP
 * request/response latency (a 1-byte ping-pong over one connection with TCP_NODELAY, what
 * netperf's TCP_RR measures) from a pod to its host and from a pod to another pod through the
 * host, over netkit and over veth, each with and without a policy on the pods' peer hooks
 * ({@value #POLICY}, the traffic passes it). Every variant's pods exist at once (made by
 * {@link Pods#up}, as {@code jnetkit pod up} makes them), and rounds interleave the variants, so
 * load on the machine falls on all of them alike; the report is the median per variant and the
 * netkit/veth ratios. No assertions: a benchmark prints figures.
 *
 * <pre>
 * lab/lab run -- bin/bench-dataplane       # the guest has netkit: netkit and veth
 * java … io.jnetkit.bench.DataplaneBench [--datapaths netkit,veth] [--seconds S] [--rounds R]
 *                                        [--transactions N] [--tsv FILE]
 * </pre>
 *
 * <p>Under TCG (the lab's guests here) every instruction is emulated: absolute figures are far
 * below a real machine's and say little; the ratios within one boot are what count.
 */
public final class DataplaneBench {
    static final String POLICY = "deny tcp dport 22; allow any";
    /** The host's own address, on the node namespace's lo: what pod-to-host traffic goes to. */
    static final String HOST = "10.99.0.1";

    private DataplaneBench() {}

    record Variant(Datapath datapath, boolean policy, PodSpec a, PodSpec b) {
        String label() {
            return datapath.name().toLowerCase(Locale.ROOT) + (policy ? "+policy" : "");
        }
    }

    /** One figure: variant label, path (pod-host, pod-pod), metric (gbps, rr_us) and the per-round values. */
    record Figure(String variant, String path, String metric, List<Double> values) {
        double median() {
            double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Datapath> datapaths = null;
        int seconds = 3, rounds = 2, transactions = 500;
        Path tsv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--datapaths" -> datapaths = Arrays.stream(args[++i].split(","))
                        .map(s -> Datapath.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--transactions" -> transactions = Integer.parseInt(args[++i]);
                case "--tsv" -> tsv = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: DataplaneBench [--datapaths netkit,veth] [--seconds S] [--rounds R] "
                            + "[--transactions N] [--tsv FILE]");
                    System.exit(2);
                }
            }
        }
        if (datapaths == null) {
            datapaths = Pods.choose(Datapath.AUTO).datapath() == Datapath.NETKIT
                    ? List.of(Datapath.NETKIT, Datapath.VETH) : List.of(Datapath.VETH);
        }
        List<Figure> figures = run(datapaths, seconds, rounds, transactions);
        print(figures, seconds, rounds, transactions);
        if (tsv != null) writeTsv(tsv, figures);
    }

    /** Makes the pods, measures every variant {@code rounds} times (interleaved), takes everything down. */
    static List<Figure> run(List<Datapath> datapaths, int seconds, int rounds, int transactions) throws Exception {
        String tag = "jdp" + ProcessHandle.current().pid() % 100000;
        String baseName = tag + "n";
        NetNs base = NetNamespaces.add(baseName);
        Pods pods = Pods.open();
        List<Variant> variants = new ArrayList<>();
        List<PodSpec> all = new ArrayList<>();
        try {
            Pods.enableForwarding(base);
            try (Rtnl r = Rtnl.open(base)) {
                r.addresses().add("lo", HOST + "/32");
                r.links().setUp("lo", true);
            }
            int k = 0;
            for (Datapath dp : datapaths) {
                for (boolean policy : new boolean[] {false, true}) {
                    k++;
                    PodSpec a = spec(tag + k + "a", "10.98." + k + ".1", dp, policy);
                    PodSpec b = spec(tag + k + "b", "10.98." + k + ".2", dp, policy);
                    all.add(a);
                    all.add(b);
                    pods.up(base, a);
                    pods.up(base, b);
                    variants.add(new Variant(dp, policy, a, b));
                }
            }
            Map<String, Figure> figures = new LinkedHashMap<>();
            for (Variant v : variants) {
                for (String path : List.of("pod-host", "pod-pod")) {
                    for (String metric : List.of("gbps", "rr_us")) {
                        figures.put(v.label() + path + metric, new Figure(v.label(), path, metric, new ArrayList<>()));
                    }
                }
            }
            int port = 5201;
            for (int round = 0; round < rounds; round++) {
                // Rotate the order each round: no variant is always first after a quiet moment.
                for (int j = 0; j < variants.size(); j++) {
                    Variant v = variants.get((j + round) % variants.size());
                    String a = address(v.a()), b = address(v.b());
                    figures.get(v.label() + "pod-host" + "gbps").values().add(iperf(v.a().netns(), baseName, HOST, port++, seconds));
                    figures.get(v.label() + "pod-pod" + "gbps").values().add(iperf(v.a().netns(), v.b().netns(), b, port++, seconds));
                    figures.get(v.label() + "pod-host" + "rr_us").values().add(pingPong(v.a().netns(), baseName, HOST, port++, transactions));
                    figures.get(v.label() + "pod-pod" + "rr_us").values().add(pingPong(v.a().netns(), v.b().netns(), b, port++, transactions));
                    System.err.printf(Locale.ROOT, "DataplaneBench: round %d %s done (%s -> %s)%n", round + 1, v.label(), a, b);
                }
            }
            return List.copyOf(figures.values());
        } finally {
            try {
                pods.down(base, all);
            } finally {
                base.close();
                NetNamespaces.delete(baseName);
            }
        }
    }

    static PodSpec spec(String name, String address, Datapath dp, boolean policy) {
        PodSpec.Builder b = PodSpec.builder(name).netns(name).hostDevice("h" + name).datapath(dp)
                .address(new Cidr(Cidr.parseAddress(address), 32));
        if (policy) b.peerPolicy(POLICY);
        return b.build();
    }

    static String address(PodSpec s) {
        return s.addresses().getFirst().address().getHostAddress();
    }

    private static final Pattern RECEIVED = Pattern.compile(
            "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    /**
     * One iperf3 TCP stream from {@code clientNs} to a one-off server in {@code serverNs}
     * listening on {@code address}: the receiver's Gbit/s. Both run under {@code nsenter --net}
     * (not {@code ip netns exec}, which remounts /sys).
     */
    static double iperf(String clientNs, String serverNs, String address, int port, int seconds) throws Exception {
        Path serverLog = Files.createTempFile("jnetkit-iperf3-", ".log");
        Process server = new ProcessBuilder("nsenter", "--net=" + NetNamespaces.pathOf(serverNs), "iperf3", "-s", "-1",
                "-B", address, "-p", String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(serverLog.toFile()).start();
        try {
            String out = "";
            for (int attempt = 0; attempt < 100; attempt++) {
                Process client = new ProcessBuilder("nsenter", "--net=" + NetNamespaces.pathOf(clientNs), "iperf3", "-c", address,
                        "-p", String.valueOf(port), "-t", String.valueOf(seconds), "-J").redirectErrorStream(true).start();
                out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                client.waitFor();
                Matcher m = RECEIVED.matcher(out);
                if (m.find()) return Double.parseDouble(m.group(1)) / 1e9;
                // iperf3 3.12 -J exits 0 even when it could not connect: go by the text.
                if (!out.contains("refused")) break;
                Thread.sleep(100); // the server is not listening yet
            }
            throw new IllegalStateException("run iperf3 " + clientNs + " -> " + address + ": " + firstError(out)
                    + " (server: " + Files.readString(serverLog).strip().replace('\n', ' ') + ")");
        } finally {
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
            Files.deleteIfExists(serverLog);
        }
    }

    private static String firstError(String iperfJson) {
        Matcher m = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"").matcher(iperfJson);
        return m.find() ? m.group(1) : iperfJson.strip().lines().findFirst().orElse("no output");
    }

    /**
     * {@code transactions} request/response exchanges of one byte each way over one TCP connection
     * (TCP_NODELAY) from {@code clientNs} to a server in {@code serverNs}, after a tenth as many
     * for warm-up: the median round trip in µs. The sockets are made inside the namespaces and
     * then used from ordinary threads (a socket stays in the namespace it was made in).
     */
    static double pingPong(String clientNs, String serverNs, String address, int port, int transactions) throws Exception {
        ServerSocket listener;
        try (NetNs ns = NetNs.open(serverNs)) {
            listener = ns.call(() -> new ServerSocket(port, 1, InetAddress.getByName(address)));
        }
        Thread echo = Thread.ofPlatform().name("rr-echo").start(() -> {
            try (listener; Socket s = listener.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int c;
                while ((c = in.read()) >= 0) out.write(c);
            } catch (IOException e) {
                // the client closed the connection: done
            }
        });
        try (NetNs ns = NetNs.open(clientNs);
             Socket s = ns.call(() -> {
                 Socket c = new Socket();
                 c.connect(new InetSocketAddress(address, port), 10_000);
                 return c;
             })) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int warm = Math.max(1, transactions / 10);
            long[] rtt = new long[transactions];
            for (int i = -warm; i < transactions; i++) {
                long t0 = System.nanoTime();
                out.write('x');
                if (in.read() < 0) throw new IOException("connection closed by the echo server");
                if (i >= 0) rtt[i] = System.nanoTime() - t0;
            }
            Arrays.sort(rtt);
            return rtt[rtt.length / 2] / 1e3;
        } finally {
            echo.join(10_000);
        }
    }

    static void print(List<Figure> figures, int seconds, int rounds, int transactions) {
        System.out.printf(Locale.ROOT, "# data plane: kernel %s, %d cores; iperf3 one TCP stream %d s, ping-pong %d x 1 byte; "
                        + "%d interleaved rounds, medians%n", System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors(), seconds, transactions, rounds);
        System.out.printf("%-16s %-9s %12s %12s%n", "variant", "path", "Gbit/s", "RR µs");
        for (Figure f : figures) {
            if (!f.metric().equals("gbps")) continue;
            Figure rr = find(figures, f.variant(), f.path(), "rr_us");
            System.out.printf(Locale.ROOT, "%-16s %-9s %12.3f %12.1f%n", f.variant(), f.path(), f.median(), rr.median());
        }
        for (String policy : List.of("", "+policy")) {
            for (String path : List.of("pod-host", "pod-pod")) {
                Figure nk = find(figures, "netkit" + policy, path, "gbps"), ve = find(figures, "veth" + policy, path, "gbps");
                if (nk == null || ve == null) continue;
                Figure nkr = find(figures, "netkit" + policy, path, "rr_us"), ver = find(figures, "veth" + policy, path, "rr_us");
                System.out.printf(Locale.ROOT, "netkit/veth%-8s %-9s throughput %.2f, RR latency %.2f%n", policy, path,
                        nk.median() / ve.median(), nkr.median() / ver.median());
            }
        }
    }

    static Figure find(List<Figure> figures, String variant, String path, String metric) {
        return figures.stream().filter(f -> f.variant().equals(variant) && f.path().equals(path) && f.metric().equals(metric))
                .findFirst().orElse(null);
    }

    static void writeTsv(Path file, List<Figure> figures) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("variant\tpath\tmetric\tmedian\tvalues");
            for (Figure f : figures) {
                w.printf(Locale.ROOT, "%s\t%s\t%s\t%.4f\t%s%n", f.variant(), f.path(), f.metric(), f.median(),
                        String.join(",", f.values().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList()));
            }
        }
    }
}
