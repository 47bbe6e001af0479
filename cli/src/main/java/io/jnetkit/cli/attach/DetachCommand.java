package io.jnetkit.cli.attach;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.netns.NetNs;
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
                "  all          everything jnetkit attach pinned on that hook",
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
        HookWord hook = HookWord.parse(a.next("HOOK (" + HookWord.WORDS + ")"));
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
        try (NetNs ns = Global.openNetns(); HookTarget t = HookTarget.resolve(ns, dev, hook)) {
            List<HookTarget.Detached> done = switch (what) {
                case "pinned" -> List.of(t.detachPinned(pinned));
                case "id" -> List.of(t.detachProgram(id));
                case "link-id" -> List.of(t.detachLink(id));
                default -> t.detachAll();
            };
            if (Global.json()) {
                out.println(Json.write(done));
            } else if (done.isEmpty()) {
                out.println("nothing pinned by jnetkit on " + t.describe());
            } else {
                for (HookTarget.Detached d : done) {
                    out.println("detached " + (d.progName().isEmpty() ? "program" : d.progName()) + " (prog id "
                            + d.progId() + (d.linkId() == null ? "" : ", link " + d.linkId()) + ") from " + t.describe()
                            + (d.unpinned() == null ? "" : "; unpinned " + d.unpinned())
                            + (d.note() == null ? "" : " (" + d.note() + ")"));
                }
            }
            out.flush();
        }
        return 0;
    }
}
