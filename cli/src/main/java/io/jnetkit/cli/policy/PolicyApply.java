package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Link;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.BpfFs;
import io.jnetkit.cli.attach.HookTarget;
import io.jnetkit.cli.attach.HookWord;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.CompiledPolicy;
import io.jnetkit.policy.LoadedPolicy;
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
@Command(name = "apply", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Compile a policy, load it, and attach it to a netkit or tcx hook of DEV as a pinned",
                "BPF link (placed first on the hook), with its counters and text pinned beside it under",
                "/sys/fs/bpf/jnetkit/<netns>/<dev>/<hook>/policy/.",
                "If a jnetkit policy is already on that hook it is REPLACED atomically (BPF_LINK_UPDATE:",
                "the same link switches programs, no packet sees an empty hook); counters restart at 0.",
                "",
                "HOOK   primary | peer (netkit; DEV may be either end) | tcx-ingress | tcx-egress",
                "RULES  rules separated by ';' or new lines, first match wins, e.g.",
                "       'count deny tcp dport 12345; allow any'. Several words are joined by spaces.",
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
    public record Applied(String netns, String device, HookWord hook, String named, int linkId, int progId,
                          Integer previousProgId, boolean replaced, int instructions, String pinned, String policy) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy apply");
        String dev = a.next("DEV");
        HookWord hook = HookWord.parse(a.next("HOOK (" + HookWord.WORDS + ")"));
        String text = PolicySource.read("policy apply", file, a.rest());
        // Parse and compile before touching anything: a bad policy changes nothing.
        Policy policy = Policy.parse(text);
        CompiledPolicy compiled = PolicyCompiler.compile(policy);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warn(compiled, err);
        try (NetNs ns = Global.openNetns(); HookTarget t = HookTarget.resolve(ns, dev, hook)) {
            PolicyPins pins = new PolicyPins(t);
            BpfFs.checkPinPath(pins.dir, err);
            if (pins.present() && pins.defunct()) {
                // A BPF_LINK_UPDATE on it would fail with ENOLINK: start afresh instead.
                err.println("jnetkit: the policy pinned in " + pins.dir + " belonged to a deleted device; replacing its pins");
                pins.unpinAll();
            }
            Applied r;
            try (LoadedPolicy loaded = compiled.load()) {
                r = pins.present() ? replace(t, pins, policy, compiled, loaded) : attach(t, pins, policy, compiled, loaded, err);
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

    /** Rules shadowed by earlier ones are almost certainly a mistake: say so on stderr (the policy is still applied). */
    static void warn(CompiledPolicy compiled, PrintWriter err) {
        for (String w : compiled.warnings()) {
            if (w.contains("can never match")) err.println("jnetkit: warning: " + w);
        }
        err.flush();
    }

    private static Applied attach(HookTarget t, PolicyPins pins, Policy policy, CompiledPolicy compiled,
                                  LoadedPolicy loaded, PrintWriter err) {
        HookTarget.Attached a = t.attach(loaded.program(), Anchor.head(), 0, false, pins.link(), err, null);
        try {
            loaded.counters().pin(pins.counters());
            PolicyPins.pinSource(pins.source(), policy.toString());
        } catch (RuntimeException e) {
            try (Link l = Link.fromPinned(pins.link())) {
                l.detach();
            } catch (RuntimeException x) {
                e.addSuppressed(x);
            }
            pins.unpinAll();
            throw e;
        }
        return new Applied(t.netnsLabel(), t.device(), t.hookWord(), t.named(), a.linkId(), a.progId(), null, false,
                compiled.instructionCount(), pins.dir.toString(), policy.toString());
    }

    /** Pins the new counters and text under temporary names, swaps the program, then renames the pins over the old ones. */
    private static Applied replace(HookTarget t, PolicyPins pins, Policy policy, CompiledPolicy compiled,
                                   LoadedPolicy loaded) {
        Path newCounters = PolicyPins.fresh(pins.counters());
        Path newSource = PolicyPins.fresh(pins.source());
        BpfFs.unpin(newCounters);
        BpfFs.unpin(newSource);
        try (Link link = pins.openLink()) {
            LinkInfo before = link.info();
            try {
                loaded.counters().pin(newCounters);
                PolicyPins.pinSource(newSource, policy.toString());
                try (Program old = Program.fromId(before.programId())) {
                    link.update(loaded.program(), old);
                }
            } catch (RuntimeException e) {
                BpfFs.unpin(newCounters);
                BpfFs.unpin(newSource);
                throw e;
            }
            PolicyPins.move(newCounters, pins.counters());
            PolicyPins.move(newSource, pins.source());
            return new Applied(t.netnsLabel(), t.device(), t.hookWord(), t.named(), link.id(), loaded.program().id(),
                    before.programId(), true, compiled.instructionCount(), pins.dir.toString(), policy.toString());
        }
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
        if (!r.named().equals(r.device())) {
            sb.append("\n(").append(r.device()).append(" is the primary of ").append(r.named()).append(')');
        }
        sb.append("\npinned in ").append(r.pinned());
        return sb.toString();
    }
}
