package io.jnetkit.cli.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.HookTarget;
import io.jnetkit.cli.attach.HookWord;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy stats DEV HOOK [--watch [--interval S] [--count N]]}. */
@Command(name = "stats", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Print the packet and byte counters of a hook's jnetkit policy, read live from its pinned",
                "counters map: one line per rule (only 'count' rules count; the others show '-'), the",
                "default last. Counters restart at 0 when 'policy apply' replaces the policy.",
                "HOOK: primary | peer | tcx-ingress | tcx-egress",
                "",
                "Examples:",
                "  jnetkit policy stats nk0 peer",
                "  jnetkit policy stats nk0 peer --watch --interval 0.5",
                "  jnetkit policy stats nk0 peer --watch --count 3 --json   # one JSON line per sample",
        })
public final class PolicyStats implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK", arity = "0..*", description = "See above.")
    List<String> words;

    @Option(names = {"-w", "--watch"}, description = "Print again every interval until Ctrl-C (or --count samples).")
    boolean watch;

    @Option(names = {"-i", "--interval"}, paramLabel = "S", defaultValue = "1",
            description = "Seconds between samples with --watch (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "With --watch: stop after N samples.")
    Integer count;

    /**
     * One line: {@code rule} is the 1-based rule number, null for the default; {@code packets} and
     * {@code bytes} are null when that rule does not count.
     */
    public record Row(Integer rule, String text, boolean counted, Long packets, Long bytes) {}

    public record Sample(String netns, String device, HookWord hook, int progId, String policy, List<Row> rules) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Override
    public Integer call() throws InterruptedException {
        Args a = new Args(words, "policy stats");
        String dev = a.next("DEV");
        HookWord hook = HookWord.parse(a.next("HOOK (" + HookWord.WORDS + ")"));
        a.end();
        if (!watch && (count != null || spec.commandLine().getParseResult().hasMatchedOption("--interval"))) {
            throw new UsageException("policy stats: --interval and --count go with --watch");
        }
        if (!(interval > 0) || interval > 86_400) {
            throw new UsageException("policy stats: --interval must be between 0 and 86400 seconds");
        }
        if (count != null && count < 1) {
            throw new UsageException("policy stats: --count must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NetNs ns = Global.openNetns(); HookTarget t = HookTarget.resolve(ns, dev, hook)) {
            PolicyPins pins = new PolicyPins(t);
            int n = 0;
            while (true) {
                Sample s = sample(t, pins);
                if (Global.json()) {
                    out.println(Json.write(s));
                } else {
                    if (watch) {
                        if (n > 0) out.println();
                        out.println(LocalTime.now().format(TIME));
                    }
                    out.print(text(s, t));
                }
                out.flush();
                n++;
                if (!watch || count != null && n >= count) break;
                Thread.sleep((long) (interval * 1000));
            }
        }
        return 0;
    }

    /** Reads the counters now, from the pins (a new program after a replace is picked up). */
    static Sample sample(HookTarget t, PolicyPins pins) {
        int progId;
        try (var link = pins.openLink()) {
            progId = link.info().programId();
        }
        String text = PolicyPins.readSource(pins.source());
        if (text == null || !Files.exists(pins.counters())) {
            throw new NotFoundException("the policy on " + t.describe() + " has no pinned counters or text in " + pins.dir
                    + " (was it applied by jnetkit policy apply?)");
        }
        Policy policy = Policy.parse(text);
        try (BpfMap counters = BpfMap.fromPinned(pins.counters())) {
            return new Sample(t.netnsLabel(), t.device(), t.hookWord(), progId, policy.toString(),
                    Counters.read(policy, counters));
        }
    }

    static String text(Sample s, HookTarget t) {
        StringBuilder sb = new StringBuilder();
        sb.append("policy on ").append(t.describe()).append(", prog id ").append(s.progId()).append('\n');
        int w = 4;
        for (Row r : s.rules()) w = Math.max(w, r.text().length());
        w = Math.min(w, 60);
        sb.append(String.format("  %3s  %-" + w + "s %12s %14s%n", "#", "rule", "packets", "bytes"));
        for (Row r : s.rules()) {
            sb.append(String.format("  %3s  %-" + w + "s %12s %14s%n", r.rule() == null ? "" : r.rule(), r.text(),
                    r.packets() == null ? "-" : r.packets(), r.bytes() == null ? "-" : r.bytes()));
        }
        return sb.toString();
    }
}
