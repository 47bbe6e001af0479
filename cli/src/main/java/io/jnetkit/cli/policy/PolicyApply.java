package io.jnetkit.cli.policy;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Targets;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.hooks.PolicyStore;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.CompiledPolicy;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy apply DEV HOOK (-f FILE | RULES)}. */
@Command(name = "apply", header = "Compile a policy and attach it to a hook as a pinned link, or replace the one there.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Compile a policy, load it, and attach it to a netkit or tcx hook of DEV as a pinned BPF "
                + "link (placed first on the hook), pinned at /sys/fs/bpf/jnetkit/<netns>/<dev>/<hook>/policy; "
                + "its text and counters are maps bound to the program, so 'show' and 'stats' always report "
                + "the policy the hook runs.",
                "If a jnetkit policy is already on that hook it is REPLACED atomically (BPF_LINK_UPDATE:",
                "the same link switches programs, no packet sees an empty hook); counters restart at 0.",
                "Concurrent applies to one hook are serialised; the last one wins.",
                "",
                "  HOOK   primary | peer (netkit; DEV may be either end) | tcx-ingress",
                "         | tcx-egress",
                "  RULES  rules separated by ';' or new lines, first match wins, e.g.",
                "         'count deny tcp dport 12345; allow any'; several words are joined",
                "         by spaces (the grammar: jnetkit policy --help)",
                "",
                "A bad policy is reported as one line naming the rule and column; nothing is attached.",
                "",
                "Examples:",
                "  jnetkit policy apply nk0 peer 'count deny tcp dport 12345; allow any'",
                "  jnetkit -n task_netns policy apply task_nk primary -f policy.txt",
                "  jnetkit policy apply eth0 tcx-ingress 'deny udp dport 53; allow any' --json",
        })
public final class PolicyApply implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK [RULES]", arity = "0..*", description = "See above.")
    List<String> words;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the rules from FILE ('-': standard input).")
    Path file;

    /** What apply did; {@code previousProgId} is set when a policy was replaced. */
    public record Applied(String netns, String device, HookName hook, String named, int linkId, int progId,
                          Integer previousProgId, boolean replaced, int instructions, String pinned, String policy) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy apply");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
        String text = PolicySource.read("policy apply", file, a.rest());
        // Parse and compile before touching anything: a bad policy changes nothing.
        Policy policy = Policy.parse(text);
        CompiledPolicy compiled = PolicyCompiler.compile(policy);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warn(compiled, err);
        PolicyStore store = PolicyStore.open();
        Targets.note(err, store.bpffs().note());
        try (NetNs ns = Global.openNetns(); HookTarget t = Targets.resolve(ns, dev, hook)) {
            PolicyStore.Applied x = store.apply(t, compiled);
            Targets.note(err, x.note());
            Applied r = new Applied(x.at().netns(), x.at().device(), hook, x.named(), x.linkId(), x.progId(),
                    x.previousProgId(), x.replaced(), x.instructions(), x.pinned(), x.policy());
            if (Global.json()) {
                out.println(Json.write(r));
            } else {
                out.println(text(r, t));
            }
            out.flush();
        }
        return 0;
    }

    /** Rules shadowed by earlier ones are almost certainly a mistake: say so on stderr (the policy is still applied). */
    static void warn(CompiledPolicy compiled, PrintWriter err) {
        for (String w : compiled.warnings()) {
            if (w.contains("can never match")) err.println("jnetkit: warning: " + w);
        }
        err.flush();
    }

    static String text(Applied r, HookTarget t) {
        StringBuilder sb = new StringBuilder();
        if (r.replaced()) {
            sb.append("replaced the policy on ").append(t.describe()).append(": link ").append(r.linkId())
                    .append(" now runs prog id ").append(r.progId()).append(" (was ").append(r.previousProgId())
                    .append("), ").append(r.instructions()).append(" instructions; counters restart at 0");
        } else {
            sb.append("applied the policy to ").append(t.describe()).append(" as link ").append(r.linkId())
                    .append(", prog id ").append(r.progId()).append(", ").append(r.instructions()).append(" instructions");
        }
        if (t.followNote() != null) {
            sb.append("\n(").append(t.followNote()).append(')');
        }
        sb.append("\npinned at ").append(r.pinned());
        return sb.toString();
    }
}
