package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.ElfProgram;
import io.jnetkit.hooks.Bpffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jnetkit prog load OBJ [PROG...] PINPATH}, like {@code bpftool prog load} (one) and {@code loadall} (several). */
@Command(name = "load", header = "Load programs of a clang-built ELF object and pin them (bpftool prog load).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Load program PROG (or the only program) of ELF object OBJ, with its maps, and pin it at "
                + "PINPATH on a bpffs so it stays loaded after jnetkit exits (remove the file to unload). "
                + "With several PROGs, PINPATH is a directory and each is pinned at PINPATH/PROG.",
                "Only the programs named are loaded, so one jnetkit cannot load does not stop the others; "
                + "the ones left out are listed as skipped, with the reason.",
                "/sys/fs/bpf is mounted first if it is not.",
                "CO-RE relocations are resolved against the running kernel's BTF (/sys/kernel/btf/vmlinux and "
                + "its modules'), or with --btf against a BTF file instead, for kernels built without it.",
                "Example:",
                "  jnetkit prog load examples/port_filter.o /sys/fs/bpf/port_filter",
                "  jnetkit prog load filters.o port_filter /sys/fs/bpf/pf",
                "  jnetkit prog load filters.o ingress egress /sys/fs/bpf/filters",
                "  jnetkit prog load probe.o /sys/fs/bpf/probe --btf 5.10-vmlinux.btf",
        })
public final class ProgLoad implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ [PROG...] PINPATH", arity = "0..*", description = "See above.")
    List<String> words;

    @Option(names = "--btf", paramLabel = "FILE", description = {
            "Resolve CO-RE relocations against raw BTF FILE (a copy of another kernel's /sys/kernel/btf/vmlinux, "
            + "or bpftool gen min_core_btf's output) instead of the running kernel's: for kernels without "
            + "/sys/kernel/btf/vmlinux (bpftool prog load … kernel_btf FILE)."})
    Path btf;

    /** What was loaded. */
    public record Loaded(int id, String type, String name, String tag, String pinned) {}

    /** A program of the object that was not loaded, and why. */
    public record Skipped(String name, String section, String reason) {}

    /** The --json output. */
    public record Result(List<Loaded> loaded, List<Skipped> skipped) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "prog load");
        String obj = a.next("OBJ");
        a.next("PINPATH"); // at least OBJ PINPATH
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        String pin = rest.removeLast();
        for (String w : rest) {
            if (w.startsWith("-")) throw new UsageException("prog load: unknown option \"" + w + "\"");
        }
        ProgramRef.FromObject ref = ProgramRef.object(obj, "prog load");
        Set<String> names = new LinkedHashSet<>(rest);
        if (ref.program() != null) names.add(ref.program());
        Path objectPath = ref.object();
        CollectionSpec cs = ObjectFiles.read(objectPath);
        if (btf != null) targetBtf(cs, btf);
        Set<String> chosen = new LinkedHashSet<>();
        if (names.isEmpty()) {
            chosen.add(ObjectFiles.pick(cs, objectPath, null).name());
        } else {
            for (String n : names) {
                try {
                    chosen.add(cs.program(n).name());
                } catch (NoSuchElementException e) {
                    throw new UsageException("prog load: " + e.getMessage());
                }
            }
        }
        Path pinPath = Path.of(pin);
        boolean directory = chosen.size() > 1;
        PrintWriter out = spec.commandLine().getOut();
        if (pinPath.toAbsolutePath().normalize().startsWith(Bpffs.DEFAULT)) {
            Bpffs fs = Bpffs.locate();
            fs.ensureMounted(); // like bpftool, mount the default bpffs when it is missing
            io.jnetkit.cli.attach.Targets.note(spec.commandLine().getErr(), fs.note());
        }
        Bpffs.checkOnBpffs(pinPath.toAbsolutePath().getParent());
        BpfCollection c;
        try {
            c = BpfCollection.load(cs, chosen);
        } catch (IllegalStateException e) {
            throw new UsageException(objectPath + ": " + e.getMessage());
        }
        List<Loaded> loaded = new ArrayList<>();
        List<Path> pinned = new ArrayList<>();
        try (c) {
            if (directory) createDirectory(pinPath);
            for (Map.Entry<String, Program> e : c.programs().entrySet()) {
                Path at = directory ? pinPath.resolve(e.getKey()) : pinPath;
                e.getValue().pin(at);
                pinned.add(at);
                ProgramInfo i = e.getValue().info();
                loaded.add(new Loaded(i.id(), i.type().word(), i.name(), i.tag(), at.toString()));
            }
        } catch (RuntimeException e) {
            for (Path p : pinned) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        }
        List<Skipped> skipped = new ArrayList<>();
        for (Map.Entry<String, String> e : c.skipped().entrySet()) {
            ElfProgram p = cs.program(e.getKey());
            skipped.add(new Skipped(p.name(), p.sectionName(), e.getValue()));
        }
        if (Global.json()) {
            out.println(Json.write(new Result(loaded, skipped)));
        } else {
            for (Loaded l : loaded) {
                out.println("loaded " + (l.name().isEmpty() ? "program" : l.name()) + " (prog id " + l.id() + ", "
                        + l.type() + ", tag " + l.tag() + "), pinned at " + l.pinned());
            }
            for (Skipped s : skipped) {
                out.println("skipped " + s.name() + " (section " + s.section() + "): " + s.reason());
            }
        }
        out.flush();
        return 0;
    }

    /** --btf: read now, so a bad file is one line with exit 2 before anything is loaded. */
    private static void targetBtf(CollectionSpec cs, Path file) {
        if (Files.isRegularFile(file)) {
            byte[] magic = new byte[4];
            try (var in = Files.newInputStream(file)) {
                int n = in.readNBytes(magic, 0, 4);
                if (n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
                    throw new UsageException("prog load: --btf " + file + " is an ELF file; it takes raw BTF "
                            + "(llvm-objcopy --dump-section .BTF=OUT " + file + " extracts it)");
                }
            } catch (IOException e) {
                throw new UsageException("prog load: --btf " + file + ": " + e.getMessage());
            }
        }
        try {
            cs.setTargetBtf(file);
        } catch (io.jnetkit.elf.ElfException e) {
            throw new UsageException("prog load: --btf: " + e.getMessage());
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("prog load: create directory " + dir + ": " + e.getMessage());
        }
    }
}
