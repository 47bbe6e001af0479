package io.jnetkit.cli.policy;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Targets;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.PolicyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy show DEV HOOK}. */
@Command(name = "show", header = "Show the policy a hook runs: its text, link, program and counters map.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Show the jnetkit policy on a hook: its text, link id, program id and name, instruction "
                + "count (as compiled, and as the kernel translated it), counters map id and pin directory.",
                "HOOK: primary | peer | tcx-ingress | tcx-egress",
                "",
                "Examples:",
                "  jnetkit policy show nk0 peer",
                "  jnetkit -n task_netns policy show task_nk peer --json",
        })
public final class PolicyShow implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK", arity = "0..*", description = "See above.")
    List<String> words;

    /** {@code instructions} as compiled (null if this jnetkit cannot recompile the text); {@code xlated} as the kernel reports. */
    public record Shown(String netns, String device, HookName hook, String named, int linkId, int progId,
                        String progName, Integer instructions, int xlatedInstructions, Integer countersMapId,
                        String pinned, String policy) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy show");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
        a.end();
        PrintWriter out = spec.commandLine().getOut();
        PolicyStore store = PolicyStore.open();
        Targets.note(spec.commandLine().getErr(), store.bpffs().note());
        String[] where = new String[2];
        PolicyStore.Shown x = Targets.liveOrGone(dev, hook, t -> {
            where[0] = t.describe();
            where[1] = t.followNote();
            return store.show(t);
        }, gone -> {
            throw store.goneError(gone, Targets.named(dev));
        });
        Shown s = new Shown(x.at().netns(), x.at().device(), hook, dev, x.linkId(), x.progId(), x.progName(),
                x.instructions(), x.xlatedInstructions(), x.countersMapId(), x.pinned(), x.policy());
        if (Global.json()) {
            out.println(Json.write(s));
        } else {
            out.println("policy on " + where[0] + (where[1] == null ? "" : " (" + where[1] + ")"));
            out.println("  link " + s.linkId() + "  prog id " + s.progId()
                    + (s.progName().isEmpty() ? "" : " (" + s.progName() + ")")
                    + "  instructions " + (s.instructions() == null ? "?" : s.instructions())
                    + " (xlated " + s.xlatedInstructions() + ")"
                    + (s.countersMapId() == null ? "" : "  counters map id " + s.countersMapId()));
            out.println("  pinned at " + s.pinned());
            // One rule a line, numbered as `policy stats` numbers them, then the default.
            io.jnetkit.policy.Policy parsed;
            try {
                parsed = io.jnetkit.policy.Policy.parse(s.policy());
            } catch (io.jnetkit.policy.PolicyException e) {
                parsed = null; // a text this jnetkit cannot read: as it was stored
            }
            if (parsed == null) {
                for (String line : s.policy().split("\n")) out.println("  " + line);
            } else {
                int width = String.valueOf(parsed.rules().size()).length();
                for (int i = 0; i < parsed.rules().size(); i++) {
                    out.println("  " + " ".repeat(width - String.valueOf(i + 1).length()) + (i + 1) + "  " + parsed.rules().get(i));
                }
                out.println("  " + " ".repeat(width) + "  " + parsed.defaultText());
            }
        }
        out.flush();
        return 0;
    }
}
