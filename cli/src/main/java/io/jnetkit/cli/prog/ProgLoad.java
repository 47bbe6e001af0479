package io.jnetkit.cli.prog;

import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.hooks.Bpffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit prog load OBJ [PROG] PINPATH}, like {@code bpftool prog load}. */
@Command(name = "load", header = "Load a program of a clang-built ELF object and pin it (bpftool prog load).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Load program PROG (or the only program) of ELF object OBJ, with its maps, and pin it at "
                + "PINPATH on a bpffs so it stays loaded after jnetkit exits (remove the file to unload).",
                "/sys/fs/bpf is mounted first if it is not.",
                "Example:",
                "  jnetkit prog load examples/port_filter.o /sys/fs/bpf/port_filter",
                "  jnetkit prog load filters.o port_filter /sys/fs/bpf/pf",
        })
public final class ProgLoad implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ [PROG] PINPATH", arity = "0..*", description = "See above.")
    List<String> words;

    /** What was loaded. */
    public record Loaded(int id, String type, String name, String tag, String pinned) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "prog load");
        String obj = a.next("OBJ");
        String prog = null;
        String pin = a.next("PINPATH");
        if (a.more()) {
            prog = pin;
            pin = a.next("PINPATH");
        }
        a.end();
        ProgramRef.FromObject ref = ProgramRef.object(obj, "prog load");
        if (prog != null) ref = new ProgramRef.FromObject(ref.object(), prog);
        Path pinPath = Path.of(pin);
        PrintWriter out = spec.commandLine().getOut();
        if (pinPath.toAbsolutePath().normalize().startsWith(Bpffs.DEFAULT)) {
            Bpffs fs = Bpffs.locate();
            fs.ensureMounted(); // like bpftool, mount the default bpffs when it is missing
            io.jnetkit.cli.attach.Targets.note(spec.commandLine().getErr(), fs.note());
        }
        Bpffs.checkOnBpffs(pinPath.toAbsolutePath().getParent());
        try (ProgramRef.Opened o = ref.open()) {
            o.program().pin(pinPath);
            ProgramInfo i = o.program().info();
            Loaded l = new Loaded(i.id(), i.type().word(), i.name(), i.tag(), pinPath.toString());
            if (Global.json()) {
                out.println(Json.write(l));
            } else {
                out.println("loaded " + (l.name().isEmpty() ? "program" : l.name()) + " (prog id " + l.id() + ", "
                        + l.type() + ", tag " + l.tag() + "), pinned at " + l.pinned());
            }
            out.flush();
        }
        return 0;
    }
}
