package io.jnetkit.cli.attach;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.hooks.PinnedHooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code jnetkit prune}: remove every pin of jnetkit's whose hook is gone. */
@Command(name = "prune", aliases = "gc", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Remove jnetkit's pins whose device or namespace is gone.",
        description = {
                "Remove every attachment and policy pin under /sys/fs/bpf/jnetkit whose hook no longer "
                + "exists: links whose device was deleted (the kernel keeps them, defunct, as long as they "
                + "are pinned — with their programs and maps), also when a device of the same name exists "
                + "again, and legacy program pins whose program is no longer on its hook. Live pins stay.",
                "Prints what was removed.",
                "",
                "Examples:",
                "  jnetkit prune",
                "  jnetkit prune --json",
        })
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PinnedHooks hooks = PinnedHooks.open();
        Targets.note(spec.commandLine().getErr(), hooks.bpffs().note());
        PinnedHooks.PruneReport r = hooks.prune();
        if (Global.json()) {
            out.println(Json.write(r));
        } else {
            for (PinnedHooks.Pin p : r.removed()) {
                out.println("removed " + p.path() + " (" + p.kind().word()
                        + (p.linkId() == null ? "" : " " + p.linkId()) + (p.progId() == null ? "" : ", prog id " + p.progId())
                        + (p.at() == null ? "" : ", " + p.at()) + ")");
            }
            out.println("pruned " + r.removed().size() + " stale pin" + (r.removed().size() == 1 ? "" : "s") + ", kept "
                    + r.kept() + " live");
        }
        out.flush();
        return 0;
    }
}
