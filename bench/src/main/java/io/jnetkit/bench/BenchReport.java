package io.jnetkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code RESULTS.md} and its PNG charts from the raw outputs {@code bin/bench-all} leaves
 * in {@code DIR/raw}: {@code machine.txt} (key: value lines), {@code policy.tsv} (PolicyBench),
 * {@code pods.txt} (bin/bench-pods), {@code batch.txt}, {@code topology.txt}, {@code startup.json}
 * (bin/bench-startup --json, when there is one), {@code dataplane.tsv} (DataplaneBench) and
 * {@code memory.tsv} (bin/bench-memory). A missing file becomes "not measured in this run" with
 * its reason from {@code raw/NAME.skipped}, never a failure: the report shows what ran. A
 * hand-written {@code DIR/NOTES.md}, when there is one, goes in after the machine table.
 *
 * <pre>
 * java … io.jnetkit.bench.BenchReport bench/results     # writes RESULTS.md and *.png there
 * </pre>
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchReport DIR   (reads DIR/raw, writes DIR/RESULTS.md and DIR/*.png)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.writeString(dir.resolve("RESULTS.md"), write(dir));
        System.out.println("wrote " + dir.resolve("RESULTS.md"));
    }

    /** Draws the charts into {@code dir} and returns the markdown. */
    static String write(Path dir) throws IOException {
        Path raw = dir.resolve("raw");
        StringBuilder md = new StringBuilder();
        Map<String, String> machine = keyValues(read(raw.resolve("machine.txt")));
        md.append("# jnetkit benchmark results\n\n");
        md.append("Written by `bin/bench-all").append("quick".equals(machine.get("mode")) ? " --quick" : "")
                .append("` (io.jnetkit.bench.BenchReport); every comparison below comes from this one run. ")
                .append("The machine is shared with other work, so absolute figures are rough: the ratios side by side are what count.\n\n");
        md.append("| | |\n|---|---|\n");
        for (Map.Entry<String, String> e : machine.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
        // Hand-written notes on the committed run (what it shows, what bounds a goal), kept across runs.
        String notes = read(dir.resolve("NOTES.md")).strip();
        if (!notes.isEmpty()) md.append("## Notes on this run\n\n").append(notes).append("\n\n");
        policy(md, dir, raw);
        pods(md, dir, raw);
        verbatim(md, raw, "batch.txt", "Batch mode (`bin/bench-batch`)",
                "One generated command list through `ip -batch`, `jnetkit -batch` and a process per command.");
        verbatim(md, raw, "topology.txt", "Topologies (`bin/bench-topology`)",
                "`jnetkit up` (cold), `up` again, `status` and `down` of generated topologies, through the library in one JVM.");
        startup(md, dir, raw);
        dataplane(md, dir, raw);
        memory(md, dir, raw);
        return md.toString();
    }

    // ---- policies

    static void policy(StringBuilder md, Path dir, Path raw) throws IOException {
        md.append("## Programs (`bin/bench`)\n\n");
        List<String[]> rows = tsv(raw.resolve("policy.tsv"));
        if (rows.isEmpty()) {
            skipped(md, raw, "policy");
            return;
        }
        md.append("ns/packet through BPF_PROG_TEST_RUN: **raw** is the wall time per run, **net** subtracts a program that only "
                + "returns, timed right before the programs in the same round (median over rounds, [min–max]; a net at or "
                + "below zero is within the harness noise and shown as 0).\n\n");
        md.append("| workload | packet | instructions jnetkit / clang | verifier-processed | load µs | raw ns jnetkit / clang (ratio) | net ns jnetkit / clang |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        List<PolicyBench.Row> parsed = new ArrayList<>();
        for (String[] r : rows) parsed.add(row(r));
        for (int i = 0; i < parsed.size(); i++) {
            PolicyBench.Row j = parsed.get(i);
            if (!j.kind().equals("clang") || !j.program().equals("jnetkit")) continue;
            PolicyBench.Row c = i + 1 < parsed.size() && parsed.get(i + 1).program().equals("clang") ? parsed.get(i + 1) : null;
            if (c == null) continue;
            md.append(String.format(Locale.ROOT, "| %s | %s | %d / %d (%.2f) | %d / %d | %.0f / %.0f | %.2f / %.2f (%.2f) | %.2f %s / %.2f %s |%n",
                    j.workload(), j.packet(), j.xlated(), c.xlated(), j.xlated() / (double) c.xlated(), j.verified(), c.verified(),
                    j.loadUs(), c.loadUs(), j.stat().raw(), c.stat().raw(), j.stat().raw() / c.stat().raw(),
                    j.stat().net(), range(j.stat()), c.stat().net(), range(c.stat())));
        }
        md.append("\nPolicies of growing size, jnetkit alone (the packet walks every rule; the LPM trie holds the CIDR rules' "
                + "prefixes, one lookup a packet, and runs on past the compiler's rule limit):\n\n");
        md.append("| workload | rules | packet | xlated insns | verifier-processed | load µs | raw ns | net ns [min–max] |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---|\n");
        Map<String, TreeMap<Integer, Double>> curves = new LinkedHashMap<>();
        for (PolicyBench.Row r : parsed) {
            if (r.kind().equals("clang")) continue;
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %.0f | %.2f | %.2f %s |%n", r.workload(), r.size(),
                    r.packet(), r.xlated(), r.verified(), r.loadUs(), r.stat().raw(), r.stat().net(), range(r.stat())));
            String name = switch (r.kind()) {
                case "cidrs" -> "CIDR rules";
                case "lpm" -> "LPM trie";
                default -> "mixed rules";
            } + ", " + r.packet().replaceAll(" \\(.*", "");
            curves.computeIfAbsent(name, k -> new TreeMap<>()).put(r.size(), r.stat().net());
        }
        // The trie runs on to 65536 prefixes: on a linear axis up to that the chains would be a dot.
        int chainMax = parsed.stream().filter(r -> !r.kind().equals("clang") && !r.kind().equals("lpm"))
                .mapToInt(PolicyBench.Row::size).max().orElse(Integer.MAX_VALUE);
        curves.values().forEach(m -> m.tailMap(chainMax, false).clear());
        md.append('\n');
        for (String v : PolicyBench.sweepVerdict(parsed)) md.append("- ").append(v.strip()).append('\n');
        for (String v : PolicyBench.trieVerdict(parsed)) md.append("- ").append(v.strip()).append('\n');
        md.append('\n');
        List<Charts.Series> series = new ArrayList<>();
        curves.forEach((name, m) -> series.add(new Charts.Series(name,
                m.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                m.values().stream().mapToDouble(Double::doubleValue).toArray())));
        Charts.line(dir.resolve("policy-ns-per-rule.png"), "Policy cost per packet vs rules (net of the harness)",
                "rules in the policy", "ns/packet (net)", series, false);
        md.append("![ns/packet per rule count](policy-ns-per-rule.png)\n\n");
    }

    static PolicyBench.Row row(String[] r) {
        PolicyBench.Stat s = new PolicyBench.Stat(d(r[9]), d(r[10]), d(r[11]), d(r[12]), d(r[13]), d(r[14]), Long.parseLong(r[15]));
        return new PolicyBench.Row(r[0], r[1], Integer.parseInt(r[2]), r[3], r[4], Integer.parseInt(r[5]), Integer.parseInt(r[6]),
                d(r[7]), d(r[8]), s);
    }

    private static String range(PolicyBench.Stat s) {
        return String.format(Locale.ROOT, "[%.2f–%.2f]", s.netMin(), s.netMax());
    }

    // ---- pods

    /** A line of bin/bench-pods' table: way, pods, up ms, down ms, up/pod, down/pod. */
    private static final Pattern POD_LINE = Pattern.compile(
            "^(\\S+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");
    /** A row of bin/bench-topology's table: | pods | dp | up | again | status | down | up/pod | down/pod | ... */
    private static final Pattern TOPO_ROW = Pattern.compile(
            "^\\|\\s*(\\d+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9.]+)\\s*\\|\\s*([0-9.]+)\\s*\\|.*");

    static void pods(StringBuilder md, Path dir, Path raw) throws IOException {
        md.append("## Pods (`bin/bench-pods`, `bin/bench-topology`)\n\n");
        String text = read(raw.resolve("pods.txt"));
        Map<String, TreeMap<Integer, Double>> perPod = new LinkedHashMap<>();
        if (text.isEmpty()) {
            skipped(md, raw, "pods");
        } else {
            md.append("N pods wired (namespace, pair with the pod end made in the pod, addresses, routes, up) and torn down, "
                    + "each way in a fresh node namespace, side by side:\n\n```\n").append(text.strip()).append("\n```\n\n");
            for (String line : text.lines().toList()) {
                Matcher m = POD_LINE.matcher(line);
                if (m.matches()) {
                    int n = Integer.parseInt(m.group(2));
                    perPod.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(n, (d(m.group(3)) + d(m.group(4))) / n);
                }
            }
        }
        for (String line : read(raw.resolve("topology.txt")).lines().toList()) {
            Matcher m = TOPO_ROW.matcher(line);
            if (m.matches()) {
                perPod.computeIfAbsent("jnetkit up/down (topology)", k -> new TreeMap<>())
                        .put(Integer.parseInt(m.group(1)), d(m.group(7)) + d(m.group(8)));
            }
        }
        if (!perPod.isEmpty()) {
            md.append("| way | ").append(String.join(" | ", sizes(perPod).stream().map(n -> "N=" + n + " ms/pod").toList()))
                    .append(" |\n|---|").append("---:|".repeat(sizes(perPod).size())).append('\n');
            TreeMap<Integer, Double> base = perPod.get("jnetkit-library");
            for (Map.Entry<String, TreeMap<Integer, Double>> e : perPod.entrySet()) {
                md.append("| ").append(e.getKey());
                for (int n : sizes(perPod)) {
                    Double v = e.getValue().get(n);
                    Double b = base == null ? null : base.get(n);
                    md.append(" | ").append(v == null ? "" : String.format(Locale.ROOT, "%.2f", v));
                    if (v != null && b != null && b > 0 && !e.getKey().equals("jnetkit-library")) {
                        md.append(String.format(Locale.ROOT, " (%.2f×)", v / b));
                    }
                }
                md.append(" |\n");
            }
            md.append("\n(up+down per pod; in brackets: that way's time / the jnetkit library's, above 1 means jnetkit is faster)\n\n");
            List<Charts.Series> series = new ArrayList<>();
            perPod.forEach((name, m) -> series.add(new Charts.Series(name,
                    m.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    m.values().stream().mapToDouble(Double::doubleValue).toArray())));
            Charts.line(dir.resolve("pods-per-pod.png"), "Per-pod cost (up + down) vs number of pods", "pods (log)",
                    "ms per pod (log)", series, true);
            md.append("![per-pod cost vs N](pods-per-pod.png)\n\n");
        }
    }

    private static List<Integer> sizes(Map<String, TreeMap<Integer, Double>> m) {
        TreeMap<Integer, Boolean> all = new TreeMap<>();
        m.values().forEach(t -> t.keySet().forEach(k -> all.put(k, true)));
        return List.copyOf(all.keySet());
    }

    // ---- start-up

    /**
     * bin/bench-startup --json: {"results": [{"command": …, "tool": …, "median_ms": …, "x_jvm": …,
     * "x_native": …}, …], …}; one object per command and tool, fields in any order.
     */
    private static final Pattern STARTUP_OBJ = Pattern.compile("\\{[^{}]*\"median_ms\"[^{}]*\\}");

    private static String field(String obj, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|[0-9.]+|null)").matcher(obj);
        if (!m.find() || m.group(1).equals("null")) return null;
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static void startup(StringBuilder md, Path dir, Path raw) throws IOException {
        md.append("## Start-up (`bin/bench-startup`)\n\n");
        String json = read(raw.resolve("startup.json"));
        if (json.isEmpty()) {
            skipped(md, raw, "startup");
            return;
        }
        // command -> tool -> median ms, in the order they come
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        List<String> tools = new ArrayList<>();
        md.append("Wall time per call, median (× java -version: over the same runtime's JVM floor; × native: over ip's or bpftool's):\n\n");
        md.append("| command | tool | median ms | × java -version | × native |\n|---|---|---:|---:|---:|\n");
        Matcher o = STARTUP_OBJ.matcher(json);
        while (o.find()) {
            String c = field(o.group(), "command"), t = field(o.group(), "tool"), m = field(o.group(), "median_ms");
            if (c == null || m == null) continue;
            if (t == null) t = "jnetkit";
            medians.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(t, d(m));
            if (!tools.contains(t)) tools.add(t);
            String xj = field(o.group(), "x_jvm"), xn = field(o.group(), "x_native");
            md.append("| ").append(c).append(" | ").append(t).append(" | ").append(m).append(" | ")
                    .append(xj == null ? "" : xj).append(" | ").append(xn == null ? "" : xn).append(" |\n");
        }
        md.append('\n');
        if (medians.isEmpty()) {
            md.append("```json\n").append(json.strip()).append("\n```\n\n");
            return;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        List<String> commands = List.copyOf(medians.keySet());
        for (String t : tools) {
            double[] v = new double[commands.size()];
            for (int i = 0; i < v.length; i++) v[i] = medians.get(commands.get(i)).getOrDefault(t, Double.NaN);
            series.put(t, v);
        }
        Charts.bars(dir.resolve("startup.png"), "Start-up per command (median wall time)", "ms", commands, series);
        md.append("![start-up per command](startup.png)\n\n");
    }

    // ---- data plane

    static void dataplane(StringBuilder md, Path dir, Path raw) throws IOException {
        md.append("## Data plane in the guest (`bin/bench-dataplane`)\n\n");
        List<String[]> rows = tsv(raw.resolve("dataplane.tsv"));
        if (rows.isEmpty()) {
            skipped(md, raw, "dataplane");
            return;
        }
        String where = keyValues(read(raw.resolve("machine.txt"))).getOrDefault("data plane", "");
        if (where.startsWith("on the host")) {
            md.append("On the host kernel (no netkit there: veth only, no ratio; ").append(where).append(").\n\n");
        } else md.append("One lab guest boot: iperf3 TCP throughput (one stream) and a 1-byte TCP ping-pong (TCP_RR), pod→host and "
                + "pod→pod through the host, the variants interleaved round by round. **The guest runs under TCG** (software "
                + "emulation; KVM does not work on these machines): absolute figures mean little, the netkit/veth ratios from "
                + "the same boot are what count.\n\n");
        Map<String, Double> v = new LinkedHashMap<>();
        md.append("| variant | path | Gbit/s | RR µs |\n|---|---|---:|---:|\n");
        for (String[] r : rows) v.put(r[0] + "|" + r[1] + "|" + r[2], d(r[3]));
        for (String[] r : rows) {
            if (!r[2].equals("gbps")) continue;
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.1f |%n", r[0], r[1], d(r[3]),
                    v.getOrDefault(r[0] + "|" + r[1] + "|rr_us", Double.NaN)));
        }
        List<String> cats = new ArrayList<>();
        List<Double> tput = new ArrayList<>(), rr = new ArrayList<>();
        StringBuilder ratios = new StringBuilder("\n| netkit / veth | path | throughput | RR latency |\n|---|---|---:|---:|\n");
        for (String policy : List.of("", "+policy")) {
            for (String path : List.of("pod-host", "pod-pod")) {
                Double nk = v.get("netkit" + policy + "|" + path + "|gbps"), ve = v.get("veth" + policy + "|" + path + "|gbps");
                Double nkr = v.get("netkit" + policy + "|" + path + "|rr_us"), ver = v.get("veth" + policy + "|" + path + "|rr_us");
                if (nk == null || ve == null || nkr == null || ver == null) continue;
                ratios.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", policy.isEmpty() ? "no policy" : "with policy",
                        path, nk / ve, nkr / ver));
                cats.add(path + (policy.isEmpty() ? "" : " +policy"));
                tput.add(nk / ve);
                rr.add(nkr / ver);
            }
        }
        if (!cats.isEmpty()) {
            md.append(ratios).append("\n(throughput above 1: netkit moves more; RR latency below 1: netkit answers faster)\n\n");
            Map<String, double[]> s = new LinkedHashMap<>();
            s.put("throughput netkit/veth", tput.stream().mapToDouble(Double::doubleValue).toArray());
            s.put("RR latency netkit/veth", rr.stream().mapToDouble(Double::doubleValue).toArray());
            Charts.bars(dir.resolve("dataplane-ratios.png"), "netkit / veth in one guest boot (TCG)", "ratio", cats, s);
            md.append("![netkit/veth ratios](dataplane-ratios.png)\n\n");
        } else {
            md.append("\n(no netkit in this kernel: veth only, no ratio)\n\n");
        }
    }

    // ---- memory

    static void memory(StringBuilder md, Path dir, Path raw) throws IOException {
        md.append("## Memory (`bin/bench-memory`)\n\n");
        List<String[]> rows = tsv(raw.resolve("memory.tsv"));
        if (rows.isEmpty()) {
            skipped(md, raw, "memory");
            return;
        }
        md.append("Peak resident set (ru_maxrss: the largest process of the command — the JVM for jnetkit) and wall time:\n\n");
        md.append("| what | tool | peak RSS MiB | wall ms |\n|---|---|---:|---:|\n");
        for (String[] r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s |%n", r[0], r[1], d(r[2]) / 1024, r[3]));
        }
        md.append('\n');
    }

    // ---- helpers

    static void verbatim(StringBuilder md, Path raw, String file, String title, String what) throws IOException {
        md.append("## ").append(title).append("\n\n");
        String text = read(raw.resolve(file));
        if (text.isEmpty()) {
            skipped(md, raw, file.replaceAll("\\..*", ""));
            return;
        }
        md.append(what).append("\n\n```\n").append(text.strip()).append("\n```\n\n");
    }

    static void skipped(StringBuilder md, Path raw, String name) throws IOException {
        String why = read(raw.resolve(name + ".skipped")).strip();
        md.append("Not measured in this run").append(why.isEmpty() ? "." : ": " + why).append("\n\n");
    }

    static String read(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p) : "";
    }

    /** The data lines of a tab-separated file with a header line. */
    static List<String[]> tsv(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = read(p).lines().filter(l -> !l.isBlank()).toList();
        for (int i = 1; i < lines.size(); i++) out.add(lines.get(i).split("\t", -1));
        return out;
    }

    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int c = line.indexOf(':');
            if (c > 0) m.put(line.substring(0, c).strip(), line.substring(c + 1).strip());
        }
        return m;
    }

    private static double d(String s) {
        return Double.parseDouble(s.strip());
    }
}
