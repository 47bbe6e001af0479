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

/** {@code jnetkit policy remove DEV HOOK}. */
@Command(name = "remove", header = "Detach a hook's policy and unpin it.", aliases = {"rm", "del"}, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Detach the jnetkit policy from a hook and unpin it (its program, text and counters go "
                + "with it). Works also when DEV or its namespace was deleted: the stale pin is removed.",
                "HOOK: primary | peer | tcx-ingress | tcx-egress",
                "",
                "Examples:",
                "  jnetkit policy remove nk0 peer",
                "  jnetkit -n task_netns policy remove task_nk primary --json",
        })
public final class PolicyRemove implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK", arity = "0..*", description = "See above.")
    List<String> words;

    public record Removed(String netns, String device, HookName hook, int linkId, int progId, String unpinned, boolean stale) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy remove");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
        a.end();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicyStore store = PolicyStore.open();
        Targets.note(err, store.bpffs().note());
        String[] where = new String[1];
        PolicyStore.Removed x = Targets.liveOrGone(dev, hook, t -> {
            where[0] = t.describe();
            Targets.note(err, t.followNote());
            return store.remove(t);
        }, gone -> {
            where[0] = gone + ", which no longer exists";
            return store.remove(gone);
        });
        Removed r = new Removed(x.at().netns(), x.at().device(), hook, x.linkId(), x.progId(), x.unpinned(), x.stale());
        if (Global.json()) {
            out.println(Json.write(r));
        } else {
            out.println("removed the policy (link " + r.linkId() + ", prog id " + r.progId() + ") from "
                    + where[0] + "; unpinned " + r.unpinned() + (r.stale() ? " (it was stale: its device had been deleted)" : ""));
        }
        out.flush();
        return 0;
    }
}
