package io.jnetkit.policy;

import io.jnetkit.bpf.Program;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.sys.KernelException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The differential policy fuzzer: random policies ({@link PolicyGrammar}) × random frames
 * ({@link FrameGrammar}) must get the same decision from
 * <ol>
 *   <li>the compiled program ({@link PolicyCompiler}) under BPF_PROG_TEST_RUN — its verdict, and
 *       the matched rule where a counter shows it (a {@code count} rule's or default's packets
 *       and bytes go up by exactly this frame, no other counter moves);</li>
 *   <li>the Java model ({@link Policy#decide}, {@link PacketView}) — verdict and rule;</li>
 *   <li>the policy written as plain C ({@link ReferenceC}), built by clang, loaded through
 *       jnetkit's ELF loader and test-run — verdict and rule.</li>
 * </ol>
 * {@code DiffFuzzHostTest} runs a fixed seed in the tests; {@code bin/difffuzz} runs it for
 * longer ({@link #main}). A disagreement is written as a reproducer ({@link Case#write}) that
 * {@code DiffFuzzHostTest} replays from then on.
 */
final class DiffFuzz {
    /** Policies per clang object (one compile, one ELF load). */
    static final int BATCH = 25;
    /** Where findings go (and where the tests replay them from). */
    static final String FINDINGS = "io/jnetkit/policy/difffuzz";

    private DiffFuzz() {
    }

    /** A policy and a frame: a reproducer, with what disagreed. */
    record Case(String policy, byte[] frame, String why) {
        String text() {
            return "# " + why.replace("\n", "\n# ") + "\npolicy: " + policy + "\nframe: " + HexFormat.of().formatHex(frame)
                    + "\n";
        }

        static Case parse(String text) {
            String policy = null, frame = null;
            StringBuilder why = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("policy: ")) policy = line.substring(8).strip();
                else if (line.startsWith("frame: ")) frame = line.substring(7).strip();
                else if (line.startsWith("# ")) why.append(why.isEmpty() ? "" : "\n").append(line.substring(2));
            }
            if (policy == null || frame == null) {
                throw new IllegalArgumentException("a reproducer needs a 'policy:' and a 'frame:' line");
            }
            return new Case(policy, HexFormat.of().parseHex(frame), why.toString());
        }

        /** Writes {@code dir/finding-<sha1 of policy and frame>.txt} (once per case). */
        Path write(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path f = dir.resolve("finding-" + sha1(policy + "\n" + HexFormat.of().formatHex(frame)).substring(0, 12) + ".txt");
            Files.writeString(f, text(), StandardCharsets.UTF_8);
            return f;
        }
    }

    /** Counts of one run. */
    static final class Tally {
        int policies;
        long packets, compared, refused, rulesSeen, instructions, disagreements, withTrie;
        final List<Case> findings = new ArrayList<>();

        @Override
        public String toString() {
            return "policies " + policies + ", packets " + packets + " (compared " + compared + ", refused by the test run "
                    + refused + ", matched rule seen in counters " + rulesSeen + "), with an LPM trie " + withTrie
                    + ", disagreements " + disagreements
                    + (disagreements > findings.size() ? " (" + findings.size() + " kept)" : "");
        }
    }

    /**
     * {@code policies} policies from {@code seed}, {@code packets} frames each, through the three.
     * Findings are collected in the tally (and written to {@code out} if not null).
     */
    static Tally run(long seed, int policies, int packets, Path out, PrintStream log) {
        Random rnd = new Random(seed);
        PolicyGrammar grammar = new PolicyGrammar(rnd);
        Tally t = new Tally();
        for (int done = 0; done < policies; done += BATCH) {
            List<Policy> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, policies - done); i++) {
                batch.add(grammar.policy());
                if (!PolicyCompiler.lpmRuns(batch.getLast(), PolicyCompiler.MIN_LPM_RUN).isEmpty()) t.withTrie++;
            }
            List<List<byte[]>> frames = new ArrayList<>();
            for (Policy p : batch) {
                FrameGrammar fg = new FrameGrammar(rnd, p);
                List<byte[]> fs = new ArrayList<>();
                for (int k = 0; k < packets; k++) fs.add(fg.frame());
                frames.add(fs);
            }
            compare(batch, frames, t, out, log);
        }
        return t;
    }

    /** Runs each case's frame through its policy in the three (one clang object for all). */
    static Tally replay(List<Case> cases, PrintStream log) {
        List<Policy> policies = new ArrayList<>();
        List<List<byte[]>> frames = new ArrayList<>();
        for (Case c : cases) {
            policies.add(Policy.parse(c.policy()));
            frames.add(List.of(c.frame()));
        }
        Tally t = new Tally();
        compare(policies, frames, t, null, log);
        return t;
    }

    /** The committed reproducers (src/test/resources/io/jnetkit/policy/difffuzz/*.txt). */
    static List<Case> committed() {
        try {
            var url = DiffFuzz.class.getClassLoader().getResource(FINDINGS);
            if (url == null) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                List<Case> out = new ArrayList<>();
                for (Path p : s.filter(p -> p.toString().endsWith(".txt")).sorted(Comparator.naturalOrder()).toList()) {
                    out.add(Case.parse(Files.readString(p)));
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compare(List<Policy> policies, List<List<byte[]>> frames, Tally t, Path out, PrintStream log) {
        compare(policies, policies, frames, t, out, log);
    }

    /**
     * Runs the frames through {@code policies} (compiled, model) and {@code written} (as C); they
     * are the same except when a test checks that a wrong C reference is caught.
     */
    static void compare(List<Policy> policies, List<Policy> written, List<List<byte[]>> frames, Tally t, Path out,
                        PrintStream log) {
        if (policies.isEmpty()) {
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jnetkit-difffuzz");
            Path obj = ReferenceC.compile(ReferenceC.source(written), dir, "policies");
            try (BpfCollection ref = BpfCollection.load(CollectionSpec.read(obj))) {
                for (int i = 0; i < policies.size(); i++) {
                    Policy p = policies.get(i);
                    t.policies++;
                    LoadedPolicy loaded;
                    try {
                        loaded = PolicyCompiler.compile(p).load();
                    } catch (RuntimeException e) {
                        // Every policy the parser accepts must load (or be refused by the compiler).
                        t.disagreements++;
                        Case c = new Case(p.toString(), frames.get(i).isEmpty() ? new byte[0] : frames.get(i).getFirst(),
                                "load: " + e.getMessage());
                        t.findings.add(c);
                        log.println("LOAD FAILED " + e.getMessage() + "\n  policy: " + p);
                        if (out != null) {
                            log.println("  reproducer: " + c.write(out));
                        }
                        continue;
                    }
                    try (LoadedPolicy l = loaded) {
                        t.instructions += l.compiled().instructionCount();
                        int found = 0;
                        for (byte[] f : frames.get(i)) {
                            t.packets++;
                            String why = check(p, f, l, ref.program("p" + i), t);
                            if (why != null) {
                                t.disagreements++;
                            }
                            if (why != null && found++ < 3) {
                                Case c = new Case(p.toString(), f, why);
                                t.findings.add(c);
                                log.println("DISAGREEMENT " + why + "\n  policy: " + p + "\n  frame: "
                                        + HexFormat.of().formatHex(f));
                                if (out != null) {
                                    Case small = minimize(c);
                                    log.println("  minimized: " + small.policy() + "\n  reproducer: " + small.write(out));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp directory left behind is no reason to fail a run
                }
            }
        }
    }

    /**
     * The case with the rules it does not need dropped (chunks of halving size, then one by
     * one; one clang build per try), so that a reproducer shows the few rules that disagree.
     */
    static Case minimize(Case c) {
        Policy p = Policy.parse(c.policy());
        List<Rule> rules = new ArrayList<>(p.rules());
        String why = c.why();
        for (int chunk = Math.max(1, rules.size() / 2); chunk >= 1; chunk /= 2) {
            for (int start = rules.size() - chunk; start >= 0; start -= chunk) {
                List<Rule> fewer = new ArrayList<>(rules.subList(0, start));
                fewer.addAll(rules.subList(start + chunk, rules.size()));
                String w = disagreement(new Policy(fewer, p.defaultAction(), p.countDefault()), c.frame());
                if (w != null) {
                    rules = fewer;
                    why = w;
                }
            }
        }
        Policy small = new Policy(rules, p.defaultAction(), p.countDefault());
        return small.equals(p) ? c : new Case(small.toString(), c.frame(), why + "\nminimized from: " + c.policy());
    }

    /** What disagrees for this policy and frame (the three freshly built), or null. */
    static String disagreement(Policy p, byte[] f) {
        Tally t = new Tally();
        compare(List.of(p), List.of(p), List.of(List.of(f)), t, null, new PrintStream(java.io.OutputStream.nullOutputStream()));
        return t.findings.isEmpty() ? null : t.findings.getFirst().why();
    }

    /** What disagrees for one frame, or null. */
    static String check(Policy p, byte[] f, LoadedPolicy l, Program ref, Tally t) {
        Policy.Decision model = p.decide(f);
        List<RuleStats> before = p.rules().stream().anyMatch(Rule::count) || p.countDefault() ? l.stats() : null;
        Integer kernel = testRun(l.program(), f);
        Integer theirs = testRun(ref, f);
        if (kernel == null || theirs == null) {
            if (kernel == null && theirs == null) {
                t.refused++;
                return null;
            }
            return "the test run refused the frame for one program only: jnetkit " + kernel + ", clang " + theirs;
        }
        t.compared++;
        Policy.Decision clang = ReferenceC.decode(p, theirs);
        List<String> bad = new ArrayList<>();
        if (kernel != model.verdict()) bad.add("verdict: jnetkit " + kernel + ", model " + model.verdict());
        if (clang.verdict() != model.verdict()) bad.add("verdict: clang " + clang.verdict() + ", model " + model.verdict());
        if (clang.rule() != model.rule()) bad.add("rule: clang " + clang.rule() + ", model " + model.rule());
        if (before != null) {
            List<RuleStats> after = l.stats();
            int idx = model.rule() < 0 ? p.rules().size() : model.rule();
            boolean counted = model.rule() < 0 ? p.countDefault() : p.rules().get(model.rule()).count();
            for (int i = 0; i < after.size(); i++) {
                long dp = after.get(i).packets() - before.get(i).packets(), db = after.get(i).bytes() - before.get(i).bytes();
                boolean want = counted && i == idx;
                if (dp != (want ? 1 : 0) || db != (want ? f.length : 0)) {
                    bad.add("counter " + i + " moved by " + dp + " packets, " + db + " bytes; model: rule " + model.rule());
                }
            }
            if (counted && bad.isEmpty()) t.rulesSeen++;
        }
        if (bad.isEmpty()) {
            return null;
        }
        return String.join("; ", bad) + "\nmodel sees " + PacketView.of(f) + " (" + f.length + " bytes), decides " + model;
    }

    /** The program's return value, or null when BPF_PROG_TEST_RUN refuses the frame. */
    private static Integer testRun(Program p, byte[] f) {
        try {
            return p.testRun(f, 1).retval();
        } catch (KernelException | IllegalArgumentException e) {
            // EINVAL: an IP frame cut inside the fixed header; IllegalArgumentException: shorter
            // than Ethernet (a reproducer of a load failure) or longer than a test run takes
            return null;
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code bin/difffuzz [--policies N] [--packets M] [--seed S] [--duration 20m] [--out DIR]}:
     * N policies (default 1000) from seed S (default: the time), M frames each (default 500);
     * with a duration, batches of N from seeds S, S+1, … until it is up. Reproducers go to
     * DIR (default policy/src/test/resources/io/jnetkit/policy/difffuzz). Exit 1 on a
     * disagreement.
     */
    public static void main(String[] args) throws IOException {
        int policies = 1000, packets = 500;
        long seed = System.currentTimeMillis();
        long durationMs = 0;
        Path out = Path.of("policy/src/test/resources/" + FINDINGS);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null && !a.equals("--help")) {
                usage("difffuzz: " + a + " needs a value");
            }
            switch (a) {
                case "--policies" -> policies = Integer.parseInt(v);
                case "--packets" -> packets = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--duration" -> durationMs = duration(v);
                case "--out" -> out = Path.of(v);
                case "--replay" -> {
                    replayFile(Path.of(v));
                    return;
                }
                case "--help" -> usage(null);
                default -> usage("difffuzz: unknown option " + a);
            }
            i++;
        }
        long start = System.nanoTime();
        Tally total = new Tally();
        long s = seed;
        System.out.println("difffuzz: seed " + seed + ", " + policies + " policies × " + packets + " packets"
                + (durationMs > 0 ? " per round, for " + durationMs / 1000 + " s" : ""));
        do {
            Tally t = run(s, policies, packets, out, System.out);
            total.policies += t.policies;
            total.packets += t.packets;
            total.compared += t.compared;
            total.refused += t.refused;
            total.rulesSeen += t.rulesSeen;
            total.instructions += t.instructions;
            total.disagreements += t.disagreements;
            total.withTrie += t.withTrie;
            total.findings.addAll(t.findings);
            System.out.printf("difffuzz: seed %d done after %d s: %s%n", s, (System.nanoTime() - start) / 1_000_000_000L, total);
            s++;
        } while (durationMs > 0 && (System.nanoTime() - start) / 1_000_000L < durationMs);
        System.out.printf("difffuzz: seeds %d..%d, %d s: %s%n", seed, s - 1, (System.nanoTime() - start) / 1_000_000_000L, total);
        System.exit(total.disagreements == 0 ? 0 : 1);
    }

    /** {@code --replay FILE}: runs a reproducer through the three; if they disagree, prints it minimized. */
    private static void replayFile(Path file) throws IOException {
        Case c = Case.parse(Files.readString(file));
        String why = disagreement(Policy.parse(c.policy()), c.frame());
        if (why == null) {
            System.out.println("difffuzz: " + file + ": the three agree");
            System.exit(0);
        }
        Case small = minimize(new Case(c.policy(), c.frame(), why));
        System.out.println("difffuzz: " + file + ": DISAGREEMENT " + why + "\n" + small.text());
        System.exit(1);
    }

    private static long duration(String v) {
        var m = java.util.regex.Pattern.compile("(\\d+)([smh]?)").matcher(v);
        if (!m.matches()) usage("difffuzz: duration " + v + " is not like 90s, 20m, 2h");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
    }

    private static void usage(String error) {
        PrintStream o = error == null ? System.out : System.err;
        if (error != null) o.println(error);
        o.println("usage: bin/difffuzz [--policies N] [--packets M] [--seed S] [--duration 20m] [--out DIR]");
        o.println("       bin/difffuzz --replay FILE   (a reproducer through the three; minimized if they disagree)");
        System.exit(error == null ? 0 : 2);
    }
}
