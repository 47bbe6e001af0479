package io.jnetkit.cli.attach;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.PinnedHooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit detach DEV HOOK (pinned PATH | id N | link-id N | all)}. */
@Command(name = "detach", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Detach programs from a netkit or tcx hook.",
        description = {
                "Detach from a netkit or tcx hook of DEV (either end of a netkit pair):",
                "  pinned PATH  a pinned link (detached and unpinned), or a program",
                "               pinned by 'attach --legacy'",
                "  id N         program N: its link if it has one, else BPF_PROG_DETACH",
                "  link-id N    link N",
                "  all          every program on the hook (links and legacy attachments,",
                "               jnetkit's or not), and jnetkit's pins there",
                "When DEV (or the -n namespace) no longer exists, 'all' still removes jnetkit's "
                + "pins for it, which frees their stale links and programs ('jnetkit prune' does "
                + "that for every hook at once).",
                "HOOK: primary | peer | tcx-ingress | tcx-egress",
                "",
                "Examples:",
                "  jnetkit detach nk0 peer all",
                "  jnetkit detach eth0 tcx-ingress id 42",
        })
public final class DetachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK WHAT", arity = "0..*", description = "See above.")
    List<String> words;

    @Override
    public Integer call() {
        Args a = new Args(words, "detach");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
        String what = a.next("what to detach (pinned PATH, id N, link-id N or all)");
        Path pinned = null;
        int id = 0;
        switch (what) {
            case "pinned" -> pinned = Path.of(a.next("pinned PATH"));
            case "id", "link-id" -> id = a.id(what.equals("id") ? "program id" : "link id");
            case "all" -> { }
            default -> throw a.unknown(what, "pinned PATH, id N, link-id N or all");
        }
        a.end();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PinnedHooks hooks = PinnedHooks.open();
        Targets.note(err, hooks.bpffs().note());
        Path p = pinned;
        int n = id;
        String[] where = new String[1];
        List<PinnedHooks.Detached> done = Targets.liveOrGone(dev, hook, t -> {
            where[0] = t.describe();
            Targets.note(err, t.followNote());
            return switch (what) {
                case "pinned" -> List.of(hooks.detachPinned(t, p));
                case "id" -> List.of(hooks.detachProgram(t, n));
                case "link-id" -> List.of(hooks.detachLink(t, n));
                default -> hooks.detachAll(t);
            };
        }, gone -> {
            if (!what.equals("all")) {
                throw new io.jnetkit.hooks.HookException(io.jnetkit.hooks.HookException.Kind.NOT_FOUND,
                        "detach: " + dev + " does not exist" + (Global.netnsName() == null ? "" : " in netns " + Global.netnsName())
                                + "; 'detach " + dev + " " + hook.word() + " all' removes jnetkit's pins left for it");
            }
            where[0] = gone + ", which no longer exists";
            List<PinnedHooks.Detached> d = hooks.detachPinnedAt(gone);
            if (d.isEmpty()) {
                throw new io.jnetkit.hooks.HookException(io.jnetkit.hooks.HookException.Kind.NOT_FOUND,
                        "detach: " + dev + " does not exist" + (Global.netnsName() == null ? "" : " in netns " + Global.netnsName())
                                + " and jnetkit has no pins under that name (pins made through a netkit peer live under"
                                + " its primary's name; 'jnetkit prune' removes every stale pin)");
            }
            return d;
        });
        if (Global.json()) {
            out.println(Json.write(done));
        } else if (done.isEmpty()) {
            out.println("nothing attached to " + where[0]);
        } else {
            for (PinnedHooks.Detached d : done) {
                out.println("detached " + (d.progName().isEmpty() ? "program" : d.progName()) + " (prog id "
                        + d.progId() + (d.linkId() == null ? "" : ", link " + d.linkId()) + ") from " + where[0]
                        + (d.unpinned() == null ? "" : "; unpinned " + d.unpinned())
                        + (d.note() == null ? "" : " (" + d.note() + ")"));
            }
        }
        out.flush();
        return 0;
    }
}
