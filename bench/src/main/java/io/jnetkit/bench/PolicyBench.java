package io.jnetkit.bench;

import io.jnetkit.bpf.Bytecode;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * jnetkit-compiled policies against the same filters written in C and compiled by
 * {@code clang -O2}, side by side in one run: instruction counts as the kernel reports them
 * (xlated, after verification and rewriting) and average ns per packet through
 * BPF_PROG_TEST_RUN. Rounds interleave the two programs (ABAB, then BABA) and the medians are
 * reported with the jnetkit/clang ratio. No assertions: a benchmark prints figures.
 *
 * <pre>
 * bin/bench                      # builds, compiles the C, runs: 10^6 repeats x 5 rounds
 * bin/bench --repeat 2000000 --rounds 7
 * </pre>
 *
 * Per-packet time is wall-clock time of the test-run syscall / repeat (fractional ns; the
 * syscall's fixed cost is spread over 10^6 runs); the kernel's own average (whole ns) is shown
 * beside it. A baseline program ({@code r0 = -1; exit}) shows the harness's cost per run.
 */
public final class PolicyBench {
    static final int NEXT = -1, DROP = 2;

    record Packet(String label, byte[] frame) {}

    record Workload(String name, String policy, String cObject, String cProgram, List<Packet> packets) {}

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

    static List<Workload> workloads() {
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
        return List.of(new Workload("seed filter", SEED, "seed_equiv.o", "seed_equiv", seed),
                new Workload("20-rule policy", RULES20, "rules20_equiv.o", "rules20_equiv", r20));
    }

    /** ns per run of a program that only returns: subtracted for the "net" figures. */
    static double baselineNs;

    public static void main(String[] args) throws Exception {
        Path objects = Path.of("bench/target/c");
        int repeat = 1_000_000;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: PolicyBench [--objects DIR] [--repeat N] [--rounds N]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(Locale.ROOT, "jnetkit policy benchmark: kernel %s, %s, BPF_PROG_TEST_RUN x %,d repeats, "
                        + "%d interleaved rounds, medians%n", System.getProperty("os.version"),
                Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?"), repeat, rounds);
        try (Program baseline = Program.load(ProgramSpec.of("jnk_baseline", ProgramType.SCHED_CLS,
                Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, NEXT), 0x95L)))) {
            byte[] f = Frames.tcp4(80, 0x10);
            baseline.testRun(f, repeat);
            double[] ns = new double[rounds];
            for (int r = 0; r < rounds; r++) ns[r] = timed(baseline, f, repeat).wallNs;
            baselineNs = median(ns);
            System.out.printf(Locale.ROOT, "baseline (r0 = -1; exit): %.2f ns per run — the test-run harness itself%n",
                    baselineNs);
        }
        List<String> summary = new ArrayList<>();
        for (Workload w : workloads()) {
            summary.add(run(w, objects, repeat, rounds));
        }
        System.out.println();
        System.out.println("summary (jnetkit / clang; below 1.00 means jnetkit is smaller or faster):");
        summary.forEach(System.out::println);
    }

    record Timed(double wallNs, long kernelNs, int retval) {}

    static Timed timed(Program p, byte[] frame, int repeat) {
        long t0 = System.nanoTime();
        TestRun r = p.testRun(frame, repeat);
        long t1 = System.nanoTime();
        return new Timed((t1 - t0) / (double) repeat, r.durationNanos(), r.retval());
    }

    static String run(Workload w, Path objects, int repeat, int rounds) {
        System.out.println();
        System.out.println("== " + w.name() + ": " + w.policy().replace("\n", "; "));
        Policy policy = Policy.parse(w.policy());
        CompiledPolicy compiled = PolicyCompiler.compile(policy);
        Path obj = objects.resolve(w.cObject());
        try (LoadedPolicy loaded = compiled.load(); BpfCollection c = BpfCollection.load(CollectionSpec.read(obj))) {
            Program jp = loaded.program();
            Program cp = c.program(w.cProgram());
            ProgramInfo ji = jp.info();
            ProgramInfo ci = cp.info();
            int jx = ji.xlatedLength() / 8, cx = ci.xlatedLength() / 8;
            System.out.printf(Locale.ROOT, "instructions (xlated, kernel-reported): jnetkit %d, clang %d, ratio %.2f"
                            + "   [jnetkit as compiled: %d; jited bytes: jnetkit %d, clang %d]%n",
                    jx, cx, jx / (double) cx, compiled.instructionCount(), ji.jitedLength(), ci.jitedLength());
            // Same verdicts first: a benchmark of two different filters would mean nothing.
            for (Packet p : w.packets()) {
                int want = policy.decide(p.frame()).verdict();
                int jv = jp.testRun(p.frame(), 1).retval(), cv = cp.testRun(p.frame(), 1).retval();
                if (jv != want || cv != want) {
                    System.out.printf("WARNING: verdicts differ on %s: policy says %d, jnetkit %d, clang %d%n",
                            p.label(), want, jv, cv);
                }
                jp.testRun(p.frame(), Math.max(1, repeat / 10)); // warm caches and branch predictors
                cp.testRun(p.frame(), Math.max(1, repeat / 10));
            }
            System.out.printf("%-24s %-7s %12s %12s %7s   %s%n", "packet", "verdict", "jnetkit ns", "clang ns", "ratio",
                    "kernel avg ns (jnetkit/clang)");
            double[] ratios = new double[w.packets().size()];
            double jsum = 0, csum = 0;
            int k = 0;
            for (Packet p : w.packets()) {
                double[] jw = new double[rounds], cw = new double[rounds];
                long[] jk = new long[rounds], ck = new long[rounds];
                int verdict = 0;
                for (int r = 0; r < rounds; r++) {
                    Timed a, b;
                    if (r % 2 == 0) {
                        a = timed(jp, p.frame(), repeat);
                        b = timed(cp, p.frame(), repeat);
                    } else {
                        b = timed(cp, p.frame(), repeat);
                        a = timed(jp, p.frame(), repeat);
                    }
                    jw[r] = a.wallNs;
                    cw[r] = b.wallNs;
                    jk[r] = a.kernelNs;
                    ck[r] = b.kernelNs;
                    verdict = a.retval;
                }
                double jm = median(jw), cm = median(cw);
                ratios[k++] = jm / cm;
                jsum += jm;
                csum += cm;
                System.out.printf(Locale.ROOT, "%-24s %-7s %12.2f %12.2f %7.2f   %d/%d%n", p.label(),
                        verdict == DROP ? "drop" : verdict == NEXT ? "next" : String.valueOf(verdict), jm, cm, jm / cm,
                        medianLong(jk), medianLong(ck));
            }
            System.out.printf(Locale.ROOT, "%-24s %-7s %12.2f %12.2f %7.2f%n", "mean over packets", "",
                    jsum / w.packets().size(), csum / w.packets().size(), jsum / csum);
            int n = w.packets().size();
            double jn = jsum / n - baselineNs, cn = csum / n - baselineNs;
            System.out.printf(Locale.ROOT, "%-24s %-7s %12.2f %12.2f %7.2f%n", "  net of the baseline", "", jn, cn, jn / cn);
            return String.format(Locale.ROOT, "  %-15s instructions %3d vs %3d (%.2f)   ns/packet %.2f vs %.2f (%.2f; "
                            + "per packet %s; net of the harness %.2f vs %.2f, %.2f)",
                    w.name(), jx, cx, jx / (double) cx, jsum / n, csum / n, jsum / csum,
                    Arrays.stream(ratios).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList(), jn, cn, jn / cn);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static long medianLong(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
