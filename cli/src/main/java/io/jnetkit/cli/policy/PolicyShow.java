package io.jnetkit.cli.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Link;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.HookTarget;
import io.jnetkit.cli.attach.HookWord;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit policy show DEV HOOK}. */
@Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Show the jnetkit policy on a hook: its text, link id, program id and name, instruction",
                "count (as compiled, and as the kernel translated it), counters map id and pin directory.",
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
    public record Shown(String netns, String device, HookWord hook, String named, int linkId, int progId,
                        String progName, Integer instructions, int xlatedInstructions, Integer countersMapId,
                        String pinned, String policy) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "policy show");
        String dev = a.next("DEV");
        HookWord hook = HookWord.parse(a.next("HOOK (" + HookWord.WORDS + ")"));
        a.end();
        PrintWriter out = spec.commandLine().getOut();
        try (NetNs ns = Global.openNetns(); HookTarget t = HookTarget.resolve(ns, dev, hook)) {
            Shown s = show(t);
            if (Global.json()) {
                out.println(Json.write(s));
            } else {
                out.println("policy on " + t.describe() + (t.named().equals(t.device()) ? "" : ", the primary of " + t.named()));
                out.println("  link " + s.linkId() + "  prog id " + s.progId()
                        + (s.progName().isEmpty() ? "" : " (" + s.progName() + ")")
                        + "  instructions " + (s.instructions() == null ? "?" : s.instructions())
                        + " (xlated " + s.xlatedInstructions() + ")"
                        + (s.countersMapId() == null ? "" : "  counters map id " + s.countersMapId()));
                out.println("  pinned in " + s.pinned());
                for (String line : s.policy().split("\n")) {
                    out.println("  " + line);
                }
            }
            out.flush();
        }
        return 0;
    }

    static Shown show(HookTarget t) {
        PolicyPins pins = new PolicyPins(t);
        try (Link link = pins.openLink()) {
            LinkInfo li = link.info();
            String text = PolicyPins.readSource(pins.source());
            Integer insns = null;
            if (text != null) {
                try {
                    insns = PolicyCompiler.compile(Policy.parse(text)).instructionCount();
                } catch (RuntimeException e) {
                    // stored by another jnetkit version: show the rest
                }
            }
            Integer mapId = null;
            if (java.nio.file.Files.exists(pins.counters())) {
                try (BpfMap m = BpfMap.fromPinned(pins.counters())) {
                    mapId = m.id();
                }
            }
            try (Program p = Program.fromId(li.programId())) {
                ProgramInfo pi = p.info();
                return new Shown(t.netnsLabel(), t.device(), t.hookWord(), t.named(), li.id(), li.programId(), pi.name(),
                        insns, pi.xlatedLength() / 8, mapId, pins.dir.toString(), text == null ? "" : text);
            }
        }
    }
}
