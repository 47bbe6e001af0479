package io.jnetkit.cli.policy;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Targets;
import io.jnetkit.hooks.HookAddress;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.PolicyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy stats DEV HOOK [--watch [--interval S] [--count N]]}. */
@Command(name = "stats", header = "Print a policy's per-rule packet and byte counters, once or live.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Print the packet and byte counters of a hook's jnetkit policy, read live from the counters "
                + "map of the program the hook runs now: one line per rule (only 'count' rules count; the others show '-'), the "
                + "default last. Counters restart at 0 when 'policy apply' replaces the policy.",
                "HOOK: primary | peer | tcx-ingress | tcx-egress",
                "",
                "Examples:",
                "  jnetkit policy stats nk0 peer",
                "  jnetkit policy stats nk0 peer --watch --interval 0.5",
                "  jnetkit policy stats nk0 peer --watch --count 3 --json  # a JSON line each",
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

    public record Sample(String netns, String device, HookName hook, int progId, String policy, List<Row> rules) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Override
    public Integer call() throws InterruptedException {
        Args a = new Args(words, "policy stats");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
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
        PolicyStore store = PolicyStore.open();
        Targets.note(spec.commandLine().getErr(), store.bpffs().note());
        String[] where = new String[1];
        HookAddress at = Targets.liveOrGone(dev, hook, t -> {
            where[0] = t.describe();
            Targets.note(spec.commandLine().getErr(), t.followNote());
            return t.address();
        }, gone -> {
            throw store.goneError(gone, Targets.named(dev));
        });
        if (where[0] == null) where[0] = at.toString();
        int n = 0;
        while (true) {
            // Read afresh each time: a replaced policy (new program, new counters) is picked up.
            Sample s = sample(store.stats(at));
            if (Global.json()) {
                out.println(Json.write(s));
            } else {
                if (watch) {
                    if (n > 0) out.println();
                    out.println(LocalTime.now().format(TIME));
                }
                out.print(text(s, where[0]));
            }
            out.flush();
            n++;
            if (!watch || count != null && n >= count) break;
            Thread.sleep((long) (interval * 1000));
        }
        return 0;
    }

    static Sample sample(PolicyStore.Stats st) {
        return new Sample(st.at().netns(), st.at().device(), st.at().hook(), st.progId(), st.policy().toString(),
                Counters.rows(st.policy(), st.rules()));
    }

    static String text(Sample s, String where) {
        StringBuilder sb = new StringBuilder();
        sb.append("policy on ").append(where).append(", prog id ").append(s.progId()).append('\n');
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
