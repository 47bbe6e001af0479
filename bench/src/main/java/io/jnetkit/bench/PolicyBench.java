package io.jnetkit.bench;

import io.jnetkit.asm.Asm;
import io.jnetkit.asm.Cond;
import io.jnetkit.asm.Helper;
import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.Size;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.bpf.ProgramType;
import io.jnetkit.bpf.TestRun;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.policy.CompiledPolicy;
import io.jnetkit.policy.LoadedPolicy;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import static io.jnetkit.asm.Reg.R0;
import static io.jnetkit.asm.Reg.R1;
import static io.jnetkit.asm.Reg.R2;
import static io.jnetkit.asm.Reg.R3;
import static io.jnetkit.asm.Reg.R4;
import static io.jnetkit.asm.Reg.R10;

/**
 * jnetkit-compiled policies against the same filters written in C and compiled by
 * {@code clang -O2}, side by side in one run, then policies of growing size (256 port rules;
 * 8, 64 and 256 CIDR rules; the same CIDRs as one BPF_MAP_TYPE_LPM_TRIE lookup, up to 65536
 * prefixes) alone: instruction counts as the kernel reports them (xlated, after
 * verification and rewriting), instructions the verifier processed, load time, and ns per packet
 * through BPF_PROG_TEST_RUN. No assertions: a benchmark prints figures.
 *
 * <pre>
 * bin/bench                      # builds, compiles the C, runs: 10^6 repeats x 5 rounds
 * bin/bench --repeat 2000000 --rounds 7
 * bin/bench --tsv FILE           # also one line per measurement, for bin/bench-all's report
 * </pre>
 *
 * <p>Per-packet time is the wall-clock time of the test-run syscall / repeat (fractional ns; the
 * syscall's fixed cost is spread over the repeats); the kernel's own average (whole ns) is shown
 * beside it. The harness's own cost per run is measured with a program that only returns
 * ({@code r0 = -1; exit}), run on the same frame <em>in the same round, right before</em> the
 * programs it is subtracted from: a baseline measured once, up front, drifted with the load of the
 * machine and once came out slower than the programs, which made "net" negative. Each round's net
 * is its raw time minus that round's baseline; the report gives the median over rounds with the
 * min–max spread, and a net at or below zero is printed as "~0" (the program's cost is inside the
 * harness noise) with the raw figure beside it, never as a negative number.
 */
public final class PolicyBench {
    static final int NEXT = -1, DROP = 2;

    record Packet(String label, byte[] frame) {}

    /**
     * A policy to measure; {@code cObject}/{@code cProgram} name its clang equivalent, or are
     * null for the size sweep (jnetkit alone). {@code kind} and {@code size} place it in the sweep.
     */
    record Workload(String name, String kind, int size, String policy, String cObject, String cProgram,
                    List<Packet> packets) {}

    /** The seed filter: the seed's one rule, as a policy and as examples/port_filter.c minus its counters and printk. */
    static final String SEED = "deny tcp dport 12345; allow any";

    /** 20 rules of the kinds a host firewall has: ports and ranges, addresses, flags, ICMP; two counted. */
    static final String RULES20 = String.join("\n",
            "deny tcp dport 23",
            "deny tcp dport 135-139",
            "deny udp dport 137-138",
            "deny tcp dport 445",
            "deny udp dport 161-162",
            "deny ip4 src 10.66.0.0/16",
            "deny ip6 src 2001:db8:bad::/48",
            "deny ip4 dst 192.0.2.0/24",
            "deny tcp dport 3389",
            "deny udp dport 1900",
            "deny tcp dst 10.0.0.99/32 dport 22",
            "deny udp sport 19",
            "deny tcp dport 6000-6063",
            "deny tcp dport 8000-8999 flags syn,!ack",
            "count deny icmp",
            "count deny tcp dport 12345",
            "allow tcp dport 80",
            "allow tcp dport 443",
            "allow udp dport 53",
            "allow icmpv6",
            "default deny");

    /**
     * {@code n} rules of the mixed kinds of {@link #RULES20} (TCP/UDP ports and ranges, IPv4 and
     * IPv6 sources, flags), none matching the benchmark's frames, then {@code allow tcp dport 80}
     * and {@code default deny}: a packet to port 80 walks all of them.
     */
    static String mixedRules(int n) {
        List<String> rules = new ArrayList<>();
        for (int i = 0; rules.size() < n - 1; i++) {
            switch (i % 6) {
                case 0 -> rules.add("deny tcp dport " + (1000 + i));
                case 1 -> rules.add("deny udp dport " + (2000 + i) + "-" + (2000 + i + 3));
                case 2 -> rules.add("deny ip4 src 10." + (200 + i / 256 % 50) + "." + (i % 256) + ".0/24");
                case 3 -> rules.add("deny ip6 src 2001:db8:" + Integer.toHexString(i) + "::/48");
                case 4 -> rules.add("deny tcp dport " + (3000 + i) + " flags syn,!ack");
                default -> rules.add("deny udp sport " + (4000 + i));
            }
        }
        rules.add("allow tcp dport 80");
        rules.add("default deny");
        return String.join("\n", rules);
    }

    /**
     * {@code n} rules each denying one IPv4 source prefix (a /24 out of 172.16.0.0/12), as a
     * block list of many CIDRs is written in this language today (one rule a prefix), default
     * allow. The frames come from 10.0.0.1, so they walk every prefix and reach the default.
     */
    static String cidrRules(int n) {
        StringJoiner j = new StringJoiner("\n");
        for (int i = 0; i < n; i++) j.add("deny ip4 src " + dotted(cidrPrefix(i)) + "/24");
        return j.add("default allow").toString();
    }

    /**
     * The i-th /24 of the CIDR sweep, as a host-order address: 172.16.0.0/24, 172.16.1.0/24, …
     * (172.16.0.0/12 holds 4096 of them; the trie's 65536 run on into 173.15.255.0/24, still
     * far from the frames' 10.0.0.1).
     */
    static int cidrPrefix(int i) {
        return 0xac10_0000 + (i << 8);
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** Sizes of the CIDR sweep: the compare chain up to the compiler's rule limit, the trie on to 65536. */
    static final int[] CIDR_SIZES = {8, 64, 256, 4096, 65536};

    /**
     * The CIDR sweep's frames for {@code n} prefixes: from 10.0.0.1, in no prefix (the chain
     * walks every rule; the trie stops at its root, whose prefix differs in the first bits), and
     * from an address in the last prefix (the chain walks every rule to the last; the trie walks
     * down to a leaf: its deepest path). Both decide the same for both programs.
     */
    static List<Packet> cidrPackets(int n) {
        byte[] miss = Frames.tcp4(80, 0x10);
        return List.of(new Packet("tcp4 10.0.0.1 (no prefix)", miss),
                new Packet("tcp4 last prefix (drop)", Frames.withSrc4(miss, cidrPrefix(n - 1) + 1)));
    }

    static List<Workload> workloads(boolean sweep) {
        List<Packet> seed = List.of(
                new Packet("tcp4 :12345 (drop)", Frames.tcp4(12345, 0x02)),
                new Packet("tcp4 :80", Frames.tcp4(80, 0x02)),
                new Packet("udp4 :53", Frames.udp4(53)),
                new Packet("tcp6 :443", Frames.tcp6(443, 0x10)));
        List<Packet> r20 = List.of(
                new Packet("tcp4 :443 (rule 18)", Frames.tcp4(443, 0x10)),
                new Packet("udp4 :53 (rule 19)", Frames.udp4(53)),
                new Packet("tcp6 :80 (rule 17)", Frames.tcp6(80, 0x10)),
                new Packet("tcp4 :12345 (rule 16)", Frames.tcp4(12345, 0x02)),
                new Packet("tcp4 :9999 (default)", Frames.tcp4(9999, 0x10)));
        List<Workload> out = new ArrayList<>(List.of(
                new Workload("seed filter", "clang", 1, SEED, "seed_equiv.o", "seed_equiv", seed),
                new Workload("20-rule policy", "clang", 20, RULES20, "rules20_equiv.o", "rules20_equiv", r20)));
        if (sweep) {
            List<Packet> last = List.of(new Packet("tcp4 :80 (last rule)", Frames.tcp4(80, 0x10)),
                    new Packet("tcp6 :80 (last rule)", Frames.tcp6(80, 0x10)));
            for (int n : new int[] {20, 64, 256}) {
                out.add(new Workload(n + " mixed rules", "rules", n, mixedRules(n), null, null, last));
            }
            for (int n : CIDR_SIZES) {
                if (n > Policy.MAX_RULES) break; // one rule a prefix: the compiler takes no more
                out.add(new Workload(n + " CIDR rules", "cidrs", n, cidrRules(n), null, null, cidrPackets(n)));
            }
            for (int n : CIDR_SIZES) {
                if (n > Policy.MAX_RULES || n < PolicyCompiler.MIN_LPM_RUN) continue;
                out.add(new Workload(n + " CIDR rules as compiled", "cidrs-compiled", n, cidrRules(n), null, null, cidrPackets(n)));
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path objects = Path.of("bench/target/c");
        Path tsv = null;
        int repeat = 1_000_000;
        int rounds = 5;
        boolean sweep = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tsv" -> tsv = Path.of(args[++i]);
                case "--no-sweep" -> sweep = false;
                default -> {
                    System.err.println("usage: PolicyBench [--objects DIR] [--repeat N] [--rounds N] [--tsv FILE] [--no-sweep]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(Locale.ROOT, "jnetkit policy benchmark: kernel %s, %s, BPF_PROG_TEST_RUN x %,d repeats, "
                        + "%d interleaved rounds (baseline, then the programs, in turn), medians [min–max]%n",
                System.getProperty("os.version"), cpuModel(), repeat, rounds);
        List<Row> rows = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try (Program baseline = Program.load(ProgramSpec.of("jnk_baseline", ProgramType.SCHED_CLS,
                Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, NEXT), 0x95L)))) {
            for (Workload w : workloads(sweep)) {
                summary.add(run(w, baseline, objects, repeat, rounds, rows));
            }
            if (sweep) {
                for (int n : CIDR_SIZES) runTrie(n, baseline, repeat, rounds, rows);
            }
        }
        System.out.println();
        System.out.println("summary (jnetkit / clang; below 1.00 means jnetkit is smaller or faster):");
        summary.stream().filter(s -> !s.isEmpty()).forEach(System.out::println);
        sweepVerdict(rows).forEach(System.out::println);
        trieVerdict(rows).forEach(System.out::println);
        if (tsv != null) writeTsv(tsv, rows);
    }

    static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
    }

    record Timed(double wallNs, long kernelNs, int retval) {}

    static Timed timed(Program p, byte[] frame, int repeat) {
        long t0 = System.nanoTime();
        TestRun r = p.testRun(frame, repeat);
        long t1 = System.nanoTime();
        return new Timed((t1 - t0) / (double) repeat, r.durationNanos(), r.retval());
    }

    /** Median and spread over rounds of raw ns/packet, and of raw minus the same round's baseline. */
    record Stat(double raw, double rawMin, double rawMax, double net, double netMin, double netMax, long kernelNs) {
        static Stat of(double[] raw, double[] base, long[] kernel) {
            double[] net = new double[raw.length];
            for (int i = 0; i < raw.length; i++) net[i] = raw[i] - base[i];
            return new Stat(median(raw), min(raw), max(raw), median(net), min(net), max(net), medianLong(kernel));
        }

        /** The net figure as printed: "~0" when the program's cost is within the harness noise. */
        String netText() {
            return net <= 0 ? "~0" : String.format(Locale.ROOT, "%.2f", net);
        }

        String spread() {
            return String.format(Locale.ROOT, "[%.2f–%.2f]", Math.max(0, netMin), Math.max(0, netMax));
        }
    }

    /**
     * One measured (workload, packet, program): what the report and its charts are drawn from.
     * {@code program} is "jnetkit" or "clang"; times in ns per packet, load time in µs.
     */
    record Row(String workload, String kind, int size, String program, String packet, int xlated, int verified,
               double loadUs, double baselineNs, Stat stat) {}

    static String run(Workload w, Program baseline, Path objects, int repeat, int rounds, List<Row> rows) {
        System.out.println();
        String shown = w.policy().replace("\n", "; ");
        System.out.println("== " + w.name() + ": " + (shown.length() > 160 ? shown.substring(0, 157) + "..." : shown));
        Policy policy = Policy.parse(w.policy());
        // The "cidrs" sweep is the compare chain the trie is measured against ("compare chain vs
        // LPM trie"); the compiler itself makes long runs one trie lookup ("cidrs-compiled").
        CompiledPolicy compiled = w.kind().equals("cidrs") ? PolicyCompiler.compileChains(policy) : PolicyCompiler.compile(policy);
        compiled.notes().forEach(n -> System.out.println("compiler: " + n));
        double jLoadUs = loadMicros(() -> compiled.load().close());
        boolean withC = w.cObject() != null;
        Path obj = withC ? objects.resolve(w.cObject()) : null;
        double cLoadUs = withC ? loadMicros(() -> BpfCollection.load(CollectionSpec.read(obj)).close()) : 0;
        try (LoadedPolicy loaded = compiled.load(); BpfCollection c = withC ? BpfCollection.load(CollectionSpec.read(obj)) : null) {
            Program jp = loaded.program();
            Program cp = withC ? c.program(w.cProgram()) : null;
            ProgramInfo ji = jp.info();
            ProgramInfo ci = withC ? cp.info() : null;
            int jx = ji.xlatedLength() / 8, cx = withC ? ci.xlatedLength() / 8 : 0;
            if (withC) {
                System.out.printf(Locale.ROOT, "instructions (xlated, kernel-reported): jnetkit %d, clang %d, ratio %.2f"
                                + "   [verifier processed: jnetkit %d, clang %d; jnetkit as compiled: %d; jited bytes: jnetkit %d, clang %d]%n",
                        jx, cx, jx / (double) cx, ji.verifiedInstructions(), ci.verifiedInstructions(),
                        compiled.instructionCount(), ji.jitedLength(), ci.jitedLength());
                System.out.printf(Locale.ROOT, "load time (median of 3): jnetkit %.0f µs, clang's object %.0f µs%n", jLoadUs, cLoadUs);
            } else {
                System.out.printf(Locale.ROOT, "instructions: xlated %d, verifier processed %d, jited bytes %d; load time %.0f µs (median of 3)%n",
                        jx, ji.verifiedInstructions(), ji.jitedLength(), jLoadUs);
            }
            // Same verdicts first: a benchmark of two different filters would mean nothing.
            for (Packet p : w.packets()) {
                int want = policy.decide(p.frame()).verdict();
                int jv = jp.testRun(p.frame(), 1).retval(), cv = withC ? cp.testRun(p.frame(), 1).retval() : want;
                if (jv != want || cv != want) {
                    System.out.printf("WARNING: verdicts differ on %s: policy says %d, jnetkit %d, clang %d%n",
                            p.label(), want, jv, cv);
                }
                baseline.testRun(p.frame(), Math.max(1, repeat / 10)); // warm caches and branch predictors
                jp.testRun(p.frame(), Math.max(1, repeat / 10));
                if (withC) cp.testRun(p.frame(), Math.max(1, repeat / 10));
            }
            if (withC) {
                System.out.printf("%-24s %-7s %9s %23s %9s %23s %7s   %s%n", "packet", "verdict", "harness",
                        "jnetkit raw / net", "", "clang raw / net", "ratio", "kernel avg ns (jnetkit/clang)");
            } else {
                System.out.printf("%-24s %-7s %9s %23s   %s%n", "packet", "verdict", "harness", "jnetkit raw / net", "kernel avg ns");
            }
            double jsum = 0, csum = 0, jnsum = 0, cnsum = 0;
            List<String> ratios = new ArrayList<>();
            for (Packet p : w.packets()) {
                double[] bw = new double[rounds], jw = new double[rounds], cw = new double[rounds];
                long[] bk = new long[rounds], jk = new long[rounds], ck = new long[rounds];
                int verdict = 0;
                for (int r = 0; r < rounds; r++) {
                    // The baseline right before the programs, every round; the programs' order alternates.
                    Timed b = timed(baseline, p.frame(), repeat);
                    Timed a, z = null;
                    if (!withC) {
                        a = timed(jp, p.frame(), repeat);
                    } else if (r % 2 == 0) {
                        a = timed(jp, p.frame(), repeat);
                        z = timed(cp, p.frame(), repeat);
                    } else {
                        z = timed(cp, p.frame(), repeat);
                        a = timed(jp, p.frame(), repeat);
                    }
                    bw[r] = b.wallNs;
                    bk[r] = b.kernelNs;
                    jw[r] = a.wallNs;
                    jk[r] = a.kernelNs;
                    if (z != null) {
                        cw[r] = z.wallNs;
                        ck[r] = z.kernelNs;
                    }
                    verdict = a.retval;
                }
                double base = median(bw);
                Stat js = Stat.of(jw, bw, jk);
                rows.add(new Row(w.name(), w.kind(), w.size(), "jnetkit", p.label(), jx, ji.verifiedInstructions(), jLoadUs, base, js));
                jsum += js.raw;
                jnsum += Math.max(0, js.net);
                String v = verdict == DROP ? "drop" : verdict == NEXT ? "next" : String.valueOf(verdict);
                if (withC) {
                    Stat cs = Stat.of(cw, bw, ck);
                    rows.add(new Row(w.name(), w.kind(), w.size(), "clang", p.label(), cx, ci.verifiedInstructions(), cLoadUs, base, cs));
                    csum += cs.raw;
                    cnsum += Math.max(0, cs.net);
                    ratios.add(String.format(Locale.ROOT, "%.2f", js.raw / cs.raw));
                    System.out.printf(Locale.ROOT, "%-24s %-7s %9.2f %8.2f / %5s %-13s %8.2f / %5s %-13s %7.2f   %d/%d%n",
                            p.label(), v, base, js.raw, js.netText(), js.spread(), cs.raw, cs.netText(), cs.spread(),
                            js.raw / cs.raw, js.kernelNs, cs.kernelNs);
                } else {
                    System.out.printf(Locale.ROOT, "%-24s %-7s %9.2f %8.2f / %5s %-13s   %d%n",
                            p.label(), v, base, js.raw, js.netText(), js.spread(), js.kernelNs);
                }
            }
            int n = w.packets().size();
            if (!withC) return "";
            System.out.printf(Locale.ROOT, "%-24s %-7s %9s %8.2f / %5.2f %13s %8.2f / %5.2f %13s %7.2f   (net ratio %s)%n",
                    "mean over packets", "", "", jsum / n, jnsum / n, "", csum / n, cnsum / n, "", jsum / csum,
                    cnsum > 0 ? String.format(Locale.ROOT, "%.2f", jnsum / cnsum) : "n/a");
            return String.format(Locale.ROOT, "  %-15s instructions %3d vs %3d (%.2f)   ns/packet raw %.2f vs %.2f (%.2f; "
                            + "per packet %s); net of the harness %.2f vs %.2f (%s)",
                    w.name(), jx, cx, jx / (double) cx, jsum / n, csum / n, jsum / csum, ratios, jnsum / n, cnsum / n,
                    cnsum > 0 ? String.format(Locale.ROOT, "%.2f", jnsum / cnsum) : "n/a");
        }
    }

    /**
     * Whether the cost grows linearly with the number of rules, from the sweep: the cost of one
     * more rule (instructions, verifier work, net ns/packet) between the two smallest sets and
     * between the two largest. Equal marginal costs mean linear growth: every rule is one more
     * compare in a chain, which an LPM trie or hash map would replace with one lookup.
     */
    static List<String> sweepVerdict(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (String kind : List.of("rules", "cidrs")) {
            // One row per size: the first packet of each workload.
            List<Row> k = new ArrayList<>();
            for (Row r : rows) {
                if (r.kind().equals(kind) && (k.isEmpty() || k.getLast().size() != r.size())) k.add(r);
            }
            if (k.size() < 3) continue;
            Row a = k.get(0), b = k.get(1), y = k.get(k.size() - 2), z = k.getLast();
            double insnsLo = (b.xlated() - a.xlated()) / (double) (b.size() - a.size());
            double insnsHi = (z.xlated() - y.xlated()) / (double) (z.size() - y.size());
            double nsLo = (Math.max(0, b.stat().net()) - Math.max(0, a.stat().net())) / (b.size() - a.size());
            double nsHi = (Math.max(0, z.stat().net()) - Math.max(0, y.stat().net())) / (z.size() - y.size());
            boolean linear = insnsHi >= 0.5 * insnsLo && insnsHi > 0.5;
            out.add(String.format(Locale.ROOT, "  %s %d -> %d: per added rule %.1f -> %.1f xlated instructions, %.3f -> %.3f ns/packet"
                            + " (verifier processed %d -> %d, load %.0f -> %.0f µs) — %s",
                    kind.equals("cidrs") ? "CIDR rules" : "mixed rules", a.size(), z.size(), insnsLo, insnsHi, nsLo, nsHi,
                    a.verified(), z.verified(), a.loadUs(), z.loadUs(),
                    linear ? "LINEAR in the number of rules (a compare chain; an LPM trie / hash map would make it flat)"
                            : "sub-linear"));
        }
        return out;
    }

    // ---------------------------------------------------------------- the LPM trie alternative

    /** The trie's map and program names. */
    static final String TRIE_MAP = "jnk_bench_lpm", TRIE_PROGRAM = "jnk_bench_lpm";

    /**
     * What a compiled policy of CIDR deny rules decides, as one lookup in an LPM trie: the same
     * bounds check of Ethernet + IPv4 header the compiled policy makes (data + 34 > data_end:
     * next), the EtherType, then the source address into a stack key {u32 prefixlen = 32;
     * u8 addr[4]} and {@code bpf_map_lookup_elem}: TC_ACT_SHOT on a hit, TC_ACT_UNSPEC otherwise.
     * (What {@code bpftool map create … type lpm_trie key 8 value 1 … flags 1} and a
     * few lines of C with {@code bpf_map_lookup_elem} make.)
     */
    static Instructions trieProgram() {
        return Asm.program()
                .loadMem(Size.W, R2, R1, 76)           // r2 = skb->data
                .loadMem(Size.W, R3, R1, 80)           // r3 = skb->data_end
                .mov(R4, R2)
                .addImm(R4, 14 + 20)
                .jmp(Cond.GT, R4, R3, "next")         // Ethernet + IPv4 header not in the frame
                .loadMem(Size.H, R4, R2, 12)
                .jmpImm32(Cond.NE, R4, 0x0008, "next") // not ETH_P_IP (read as network order)
                .storeImm(Size.W, R10, -8, 32)         // key.prefixlen = 32 (host order)
                .loadMem(Size.W, R4, R2, 14 + 12)      // the source address, network order as in the key
                .storeMem(Size.W, R10, -4, R4)
                .ldMapFd(R1, TRIE_MAP)
                .mov(R2, R10)
                .addImm(R2, -8)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeqImm(R0, 0, "next")
                .movImm(R0, DROP)
                .exit()
                .label("next")
                .movImm(R0, NEXT)
                .exit()
                .build();
    }

    /** An LPM trie key: prefix length in host order, then the address in network order. */
    static byte[] trieKey(int prefixLen, int addr) {
        byte[] k = new byte[8];
        for (int i = 0; i < 4; i++) {
            k[i] = (byte) (prefixLen >>> (8 * i));
            k[4 + i] = (byte) (addr >>> (24 - 8 * i));
        }
        return k;
    }

    /**
     * The {@code n} prefixes of {@link #cidrRules} in an LPM trie (BPF_F_NO_PREALLOC: the kernel
     * allows no other), timed like the compiled policies: the same frames, the harness right
     * before it in every round, subtracted round by round.
     */
    static void runTrie(int n, Program baseline, int repeat, int rounds, List<Row> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== %d-prefix LPM trie: the prefixes of %d CIDR rules (%s/24 … %s/24) in one "
                + "BPF_MAP_TYPE_LPM_TRIE, one lookup a packet%n", n, n, dotted(cidrPrefix(0)), dotted(cidrPrefix(n - 1)));
        try (BpfMap map = BpfMap.create(new MapSpec(TRIE_MAP, MapType.LPM_TRIE, 8, 1, n, 1))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) map.put(trieKey(24, cidrPrefix(i)), new byte[] {1});
            double fillMs = (System.nanoTime() - t0) / 1e6;
            ProgramSpec spec = ProgramSpec.of(TRIE_PROGRAM, ProgramType.SCHED_CLS, trieProgram());
            double loadUs = loadMicros(() -> Program.load(spec, Map.of(TRIE_MAP, map)).close());
            try (Program p = Program.load(spec, Map.of(TRIE_MAP, map))) {
                ProgramInfo info = p.info();
                int xlated = info.xlatedLength() / 8;
                System.out.printf(Locale.ROOT, "instructions: xlated %d, verifier processed %d, jited bytes %d; load time %.0f µs "
                        + "(median of 3); %d map updates %.1f ms%n", xlated, info.verifiedInstructions(), info.jitedLength(),
                        loadUs, n, fillMs);
                Policy same = n <= Policy.MAX_RULES ? Policy.parse(cidrRules(n)) : null;
                for (Packet pk : cidrPackets(n)) {
                    int want = pk.label().endsWith("(drop)") ? DROP : NEXT;
                    int got = p.testRun(pk.frame(), 1).retval();
                    if (got != want || same != null && same.decide(pk.frame()).verdict() != want) {
                        System.out.printf("WARNING: verdicts differ on %s: expected %d, trie %d, policy %s%n", pk.label(), want, got,
                                same == null ? "-" : String.valueOf(same.decide(pk.frame()).verdict()));
                    }
                    baseline.testRun(pk.frame(), Math.max(1, repeat / 10)); // warm caches and branch predictors
                    p.testRun(pk.frame(), Math.max(1, repeat / 10));
                }
                System.out.printf("%-24s %-7s %9s %23s   %s%n", "packet", "verdict", "harness", "trie raw / net", "kernel avg ns");
                for (Packet pk : cidrPackets(n)) {
                    double[] bw = new double[rounds], tw = new double[rounds];
                    long[] tk = new long[rounds];
                    int verdict = 0;
                    for (int r = 0; r < rounds; r++) {
                        Timed b = timed(baseline, pk.frame(), repeat);
                        Timed t = timed(p, pk.frame(), repeat);
                        bw[r] = b.wallNs;
                        tw[r] = t.wallNs;
                        tk[r] = t.kernelNs;
                        verdict = t.retval;
                    }
                    Stat st = Stat.of(tw, bw, tk);
                    rows.add(new Row(n + "-prefix LPM trie", "lpm", n, "jnetkit", pk.label(), xlated, info.verifiedInstructions(),
                            loadUs, median(bw), st));
                    System.out.printf(Locale.ROOT, "%-24s %-7s %9.2f %8.2f / %5s %-13s   %d%n", pk.label(),
                            verdict == DROP ? "drop" : verdict == NEXT ? "next" : String.valueOf(verdict), median(bw), st.raw,
                            st.netText(), st.spread(), st.kernelNs);
                }
            }
        }
    }

    /**
     * The compare chain ("cidrs") against the trie ("lpm") from net ns/packet (a net within the
     * harness noise counts as 0): per size on the mean of the packets, and where the trie starts
     * to win, on that mean and per packet (the miss stops at the trie's root, the last-prefix hit
     * walks down to a leaf: the trie's best and worst case, the chain's cost the same for both).
     * Empty without both. See {@link #crossover} for how the crossover is placed.
     */
    static List<String> trieVerdict(List<Row> rows) {
        Map<String, TreeMap<Integer, double[]>> chain = new java.util.LinkedHashMap<>(), trie = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, TreeMap<Integer, double[]>> m = r.kind().equals("cidrs") ? chain : r.kind().equals("lpm") ? trie : null;
            if (m == null) continue;
            // {sum of net, packets} per size: over all packets ("") and per packet
            for (String key : List.of("", r.packet().replaceAll(" \\(.*", ""))) {
                double[] a = m.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(r.size(), k -> new double[2]);
                a[0] += Math.max(0, r.stat().net());
                a[1]++;
            }
        }
        if (chain.isEmpty() || trie.isEmpty()) return List.of();
        TreeMap<Integer, Double> c = means(chain.get("")), t = means(trie.get(""));
        StringJoiner at = new StringJoiner(", "), alone = new StringJoiner(", ");
        t.forEach((n, v) -> {
            if (c.containsKey(n)) at.add(String.format(Locale.ROOT, "%d: %.2f vs %.2f", n, c.get(n), v));
            else alone.add(String.format(Locale.ROOT, "%d: %.2f", n, v));
        });
        StringJoiner perPacket = new StringJoiner("; ");
        for (String packet : chain.keySet()) {
            if (packet.isEmpty() || !trie.containsKey(packet) || chain.size() <= 2) continue;
            perPacket.add(packet + " ≈ " + crossover(means(chain.get(packet)), means(trie.get(packet))));
        }
        return List.of("  CIDR rules: compare chain vs LPM trie ns/packet (net, mean over the packets) at N = " + at
                + (alone.length() > 0 ? "; the trie alone at N = " + alone : "") + "; crossover ≈ " + crossover(c, t)
                + (perPacket.length() > 0 ? "; per packet: " + perPacket : ""));
    }

    private static TreeMap<Integer, Double> means(TreeMap<Integer, double[]> m) {
        TreeMap<Integer, Double> out = new TreeMap<>();
        m.forEach((n, a) -> out.put(n, a[1] == 0 ? 0 : a[0] / a[1]));
        return out;
    }

    /**
     * The first size at which the chain costs as much as the trie, interpolated linearly between
     * the sizes measured; past the chain's largest size (the compiler's rule limit) the chain is
     * extrapolated from its marginal cost between its two largest sizes, and the text says so.
     */
    static String crossover(TreeMap<Integer, Double> chain, TreeMap<Integer, Double> trie) {
        Integer prev = null;
        for (int n : chain.keySet()) {
            if (!trie.containsKey(n)) continue;
            double d = chain.get(n) - trie.get(n);
            if (d >= 0) {
                if (prev == null) return "≤ " + n + " (the trie is as fast or faster at every size measured)";
                double dp = chain.get(prev) - trie.get(prev);
                return String.format(Locale.ROOT, "%.0f (between %d and %d rules, within the compiler's limit of %d)",
                        prev + (n - prev) * (-dp) / (d - dp), prev, n, Policy.MAX_RULES);
            }
            prev = n;
        }
        // The chain stays cheaper up to its largest size: extrapolate it linearly against the trie's figures.
        int z = chain.lastKey();
        int y = chain.lowerKey(z) == null ? z : chain.lowerKey(z);
        double slope = y == z ? 0 : (chain.get(z) - chain.get(y)) / (z - y);
        int from = z;
        Double tFrom = trie.floorEntry(z) != null ? trie.floorEntry(z).getValue() : null;
        for (int n : trie.tailMap(z, false).keySet()) {
            double cn = chain.get(z) + slope * (n - z), dn = cn - trie.get(n);
            if (tFrom != null && dn >= 0) {
                double df = chain.get(z) + slope * (from - z) - tFrom;
                return String.format(Locale.ROOT, "%.0f (extrapolated: the chain at %.3f ns per added rule; above the "
                        + "compiler's limit of %d rules)", from + (n - from) * (-df) / (dn - df), slope, Policy.MAX_RULES);
            }
            from = n;
            tFrom = trie.get(n);
        }
        return String.format(Locale.ROOT, "none up to %d (the chain, extrapolated at %.3f ns per added rule, stays cheaper)",
                trie.lastKey(), slope);
    }

    static void writeTsv(Path file, List<Row> rows) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println(String.join("\t", "workload", "kind", "size", "program", "packet", "xlated", "verified", "load_us",
                    "baseline_ns", "raw_ns", "raw_min", "raw_max", "net_ns", "net_min", "net_max", "kernel_ns"));
            for (Row r : rows) {
                Stat s = r.stat();
                w.println(String.join("\t", r.workload(), r.kind(), String.valueOf(r.size()), r.program(), r.packet(),
                        String.valueOf(r.xlated()), String.valueOf(r.verified()), f(r.loadUs()), f(r.baselineNs()),
                        f(s.raw()), f(s.rawMin()), f(s.rawMax()), f(Math.max(0, s.net())), f(Math.max(0, s.netMin())),
                        f(Math.max(0, s.netMax())), String.valueOf(s.kernelNs())));
            }
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    interface Action {
        void run() throws Exception;
    }

    /** Median wall time of 3 loads (compile excluded: the load syscalls, verifier included), in µs. */
    static double loadMicros(Action load) {
        double[] t = new double[3];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            try {
                load.run();
            } catch (Exception e) {
                throw new IllegalStateException("load: " + e.getMessage(), e);
            }
            t[i] = (System.nanoTime() - t0) / 1e3;
        }
        return median(t);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    static long medianLong(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
