package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Link;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.HookTarget;
import io.jnetkit.cli.attach.HookWord;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy remove DEV HOOK}. */
@Command(name = "remove", aliases = {"rm", "del"}, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Detach the jnetkit policy from a hook and unpin its link, counters and text.",
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

    public record Removed(String netns, String device, HookWord hook, int linkId, int progId, String unpinned) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy remove");
        String dev = a.next("DEV");
        HookWord hook = HookWord.parse(a.next("HOOK (" + HookWord.WORDS + ")"));
        a.end();
        PrintWriter out = spec.commandLine().getOut();
        try (NetNs ns = Global.openNetns(); HookTarget t = HookTarget.resolve(ns, dev, hook)) {
            PolicyPins pins = new PolicyPins(t);
            Removed r;
            try (Link link = pins.openLink()) {
                LinkInfo li = link.info();
                try {
                    link.detach();
                } catch (KernelException e) {
                    // Already detached (its device went away, or someone detached the link): just unpin.
                    if (e.errno() != Errno.ENOLINK && e.errno() != Errno.ENOENT) throw e;
                }
                pins.unpinAll();
                r = new Removed(t.netnsLabel(), t.device(), t.hookWord(), li.id(), li.programId(), pins.dir.toString());
            }
            if (Global.json()) {
                out.println(Json.write(r));
            } else {
                out.println("removed the policy (link " + r.linkId() + ", prog id " + r.progId() + ") from "
                        + t.describe() + "; unpinned " + r.unpinned());
            }
            out.flush();
        }
        return 0;
    }
}
