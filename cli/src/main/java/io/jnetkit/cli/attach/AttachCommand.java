package io.jnetkit.cli.attach;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.prog.ProgramRef;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.hooks.PinnedHooks;
import io.jnetkit.netns.NetNs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit attach DEV HOOK PROGRAM [PLACE]}: what bpftool cannot do for netkit. */
@Command(name = "attach", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Attach a BPF program to a netkit or tcx hook (pinned BPF link).",
        description = {
                "Attach a BPF program to a netkit or tcx hook of device DEV as a BPF link, pinned under "
                + "/sys/fs/bpf/jnetkit/<netns>/<dev>/<hook>/programs/<prog> so that it stays attached after "
                + "jnetkit exits (also when run under 'ip netns exec': the host's bpffs is used).",
                "Attaching a program whose name is already attached there by jnetkit REPLACES it in place "
                + "(same link, same position, no packet sees an empty hook); --add attaches another copy.",
                "",
                "  HOOK     primary | peer: netkit; the programs see what the primary | peer",
                "             transmits. DEV may be either end: a peer's primary is found,",
                "             in whichever named namespace it lives (--no-follow refuses that).",
                "           tcx-ingress | tcx-egress: any device",
                "  PROGRAM  OBJ[:PROG] (an ELF object; PROG if it has several) | id N",
                "           | pinned PATH",
                "  PLACE    first | last (default) | before|after (id N | link-id N | pinned P)",
                "",
                "Examples:",
                "  jnetkit attach nk0 peer examples/port_filter.o",
                "  jnetkit -n task_netns attach task_nk peer port_filter.o:port_filter first",
                "  jnetkit attach eth0 tcx-ingress pinned /sys/fs/bpf/prog --legacy --no-pin",
                "Undo with: jnetkit detach DEV HOOK all",
        })
public final class AttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEV HOOK PROGRAM [PLACE]", arity = "0..*", description = "See above.")
    List<String> words;

    @Option(names = "--expected-revision", paramLabel = "N",
            description = "Only attach if the hook is still at revision N (see 'jnetkit net show').")
    long expectedRevision;

    @Option(names = "--legacy", description = "Use BPF_PROG_ATTACH instead of a link (stays until detached).")
    boolean legacy;

    @Option(names = "--no-pin", description = "Do not pin (only with --legacy: an unpinned link ends with jnetkit).")
    boolean noPin;

    @Option(names = "--pin", paramLabel = "PATH", description = "Pin here (on a bpffs) instead of the default path.")
    Path pin;

    @Option(names = "--add", description = "Attach another copy even if a program of this name is already attached by jnetkit.")
    boolean add;

    /** The JSON shape of an attach. {@code replacedProgId}: the program replaced in place, if any. */
    public record Attached(String netns, String device, int ifindex, HookName hook, String named, int progId,
                           String progName, Integer linkId, String pinned, boolean legacy, long revision,
                           Integer replacedProgId, String note) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "attach");
        String dev = a.next("DEV");
        HookName hook = Args.hook(a.next("HOOK (" + HookName.WORDS + ")"));
        ProgramRef ref = ProgramRef.parse(a);
        boolean placed = a.more();
        Place place = Place.parse(a);
        a.end();
        if (noPin && pin != null) {
            throw new UsageException("attach: --no-pin and --pin exclude each other");
        }
        if (noPin && !legacy) {
            throw new UsageException("attach: an unpinned link detaches when jnetkit exits; "
                    + "use --legacy --no-pin, or keep the default pin");
        }
        if (add && (pin != null || noPin)) {
            throw new UsageException("attach: --add goes with the default pin path only");
        }
        if (expectedRevision < 0) {
            throw new UsageException("attach: --expected-revision must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (NetNs ns = Global.openNetns();
             HookTarget t = Targets.resolve(ns, dev, hook);
             ProgramRef.Opened o = ref.open()) {
            Attached r;
            if (noPin) {
                Attachments.attachProg(t.netns(), o.program(), t.hook(), place.anchor(), expectedRevision);
                r = new Attached(t.netnsLabel(), t.device(), t.ifindex(), hook, dev, o.program().id(), o.program().name(),
                        null, null, true, t.query().revision(), null, null);
            } else {
                PinnedHooks hooks = PinnedHooks.open();
                Targets.note(err, hooks.bpffs().note());
                PinnedHooks.Attached x = hooks.attach(t, o.program(),
                        new PinnedHooks.AttachOptions(placed ? place.anchor() : null, expectedRevision, legacy, pin, add));
                r = new Attached(x.at().netns(), x.at().device(), x.ifindex(), hook, x.named(), x.progId(), x.progName(),
                        x.linkId(), x.pinned(), x.legacy(), x.revision(), x.replacedProgId(), x.note());
            }
            if (Global.json()) {
                out.println(Json.write(r));
            } else {
                out.println(text(r, t));
            }
            out.flush();
        }
        return 0;
    }

    static String text(Attached r, HookTarget t) {
        boolean replaced = r.replacedProgId() != null;
        StringBuilder sb = new StringBuilder(replaced ? "replaced prog id " + r.replacedProgId() + " by " : "attached ")
                .append(r.progName().isEmpty() ? "program" : r.progName())
                .append(" (prog id ").append(r.progId()).append(") ")
                .append(replaced ? "on " : "to ").append(t.describe());
        sb.append(r.legacy() ? " with BPF_PROG_ATTACH" : " as link " + r.linkId())
                .append(", hook revision ").append(r.revision());
        if (t.followNote() != null) {
            sb.append("\n(").append(t.followNote()).append(')');
        }
        if (r.note() != null) {
            sb.append("\n(").append(r.note()).append(')');
        }
        if (r.pinned() != null) {
            sb.append("\npinned at ").append(r.pinned());
        }
        return sb.toString();
    }
}
