package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.SourceLine;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.elf.ProgramFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit prog dump xlated|raw PROGRAM [--raw-hex]}. */
@Command(name = "dump", header = "Disassemble a program's instructions, llvm-objdump style (bpftool prog dump).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Disassemble a program's instructions, llvm-objdump style (slot: instruction; helper calls "
                + "named in a comment when known), or with --raw-hex one 8-byte slot per line in hex:",
                "  xlated  as the kernel runs them after verification (any PROGRAM; an object",
                "          file is loaded)",
                "  raw     as written in the object file, before loading (OBJ[:PROG] only)",
                "  PROGRAM: OBJ[:PROG] | id N | pinned PATH",
                "A program loaded with BTF (clang -g) gets, in the xlated disassembly, each function's C "
                + "prototype before its first instruction and its source lines as '; ' comments before the "
                + "first instruction of each line, as bpftool prints them.",
                "Examples:",
                "  jnetkit prog dump xlated id 42",
                "  jnetkit prog dump raw examples/port_filter.o --json",
                "  jnetkit prog dump xlated pinned /sys/fs/bpf/pf --raw-hex",
        })
public final class ProgDump implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "xlated|raw PROGRAM", arity = "0..*", description = "See above.")
    List<String> words;

    @Option(names = "--raw-hex", description = "One 8-byte slot per line in hex instead of a disassembly.")
    boolean rawHex;

    /**
     * {@code functions}: the BTF func info of an xlated dump, {@code source}: its BTF line info;
     * each null when the program has none.
     */
    public record Dump(String kind, Integer progId, String name, List<InsnPrinter.Line> insns, List<Func> functions,
                       List<SourceLine> source) {}

    /** A function of the program: where it starts and its prototype, bpftool's {@code "proto"}. */
    public record Func(int instruction, String name, String proto) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "prog dump");
        String kind = a.next("xlated or raw");
        if (!kind.equals("xlated") && !kind.equals("raw")) throw a.unknown(kind, "xlated or raw");
        ProgramRef ref = ProgramRef.parse(a);
        a.end();
        Dump d;
        if (kind.equals("raw")) {
            if (!(ref instanceof ProgramRef.FromObject o)) {
                throw new UsageException("prog dump raw: the kernel keeps no copy of the instructions as loaded; "
                        + "use xlated, or name the object file");
            }
            ObjectFiles.Raw raw = ObjectFiles.raw(o.object(), o.program());
            InsnPrinter printer = rawHex ? InsnPrinter.HEX : Disassembly.RAW;
            d = new Dump("raw", null, raw.name(), printer.print(raw.instructions().toBytes()), null, null);
        } else {
            try (ProgramRef.Opened o = ref.open()) {
                Program p = o.program();
                InsnPrinter printer = rawHex ? InsnPrinter.HEX : Disassembly.xlated();
                List<SourceLine> source = p.sourceLines();
                List<Func> functions = ProgramFunction.of(p).stream()
                        .map(f -> new Func(f.instruction(), f.name(), f.prototype())).toList();
                d = new Dump("xlated", p.id(), p.name(), printer.print(p.xlatedInstructions().toBytes()),
                        functions.isEmpty() ? null : functions, source.isEmpty() ? null : source);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            out.println(Json.write(d));
        } else if (rawHex) {
            for (InsnPrinter.Line l : d.insns()) {
                out.printf("%4d: %s%n", l.index(), l.text());
            }
        } else {
            // llvm-objdump -d --no-show-raw-insn: the symbol line, then "slot:<TAB>instruction".
            out.printf("%016x <%s>:%n", 0, d.name());
            Map<Integer, String> comments = comments(d.source());
            Map<Integer, String> protos = prototypes(d.functions());
            for (InsnPrinter.Line l : d.insns()) {
                String f = protos.get(l.index());
                if (f != null) out.print(f + ":\n");
                String c = comments.get(l.index());
                if (c != null) out.print("; " + c + "\n");
                out.printf("%8d:\t%s%n", l.index(), l.text());
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The prototype line before each instruction that starts a function, as bpftool 7.5 prints it
     * (before the function's first source comment); none for a prototype bpftool would not print.
     */
    static Map<Integer, String> prototypes(List<Func> functions) {
        Map<Integer, String> out = new HashMap<>();
        if (functions == null) return out;
        for (Func f : functions) {
            if (!f.proto().isEmpty()) out.putIfAbsent(f.instruction(), f.proto());
        }
        return out;
    }

    /**
     * The comment before each instruction that starts a source line, as bpftool 7.5 prints it: the
     * line's text without its leading blanks, and an empty comment for a record without text (clang's
     * line 0, code it cannot attribute to a line).
     */
    static Map<Integer, String> comments(List<SourceLine> source) {
        Map<Integer, String> out = new HashMap<>();
        if (source == null) return out;
        for (SourceLine s : source) {
            out.putIfAbsent(s.instruction(), s.text().stripLeading());
        }
        return out;
    }
}
