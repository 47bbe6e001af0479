package io.jnetkit.cli.policy;

import io.jnetkit.bpf.Bytecode;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.elf.ElfWriter;
import io.jnetkit.elf.Relocation;
import io.jnetkit.policy.CompiledPolicy;
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

/** {@code jnetkit policy compile (RULES | -f FILE) [-o FILE.o] [--disasm]}. */
@Command(name = "compile", header = "Compile a policy without loading it: BPF assembly, or an ELF object with -o.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Compile a policy without loading it. Without -o, print its BPF assembly (llvm-objdump "
                + "syntax) and instruction count; with -o, write a relocatable ELF object (program in "
                + "section 'tc' unless --section, map jnk_counters in .maps with BTF, GPL license) that "
                + "'jnetkit prog load', 'jnetkit attach' and 'bpftool prog load' all accept.",
                "",
                "Examples:",
                "  jnetkit policy compile 'count deny tcp dport 12345; allow any'",
                "  jnetkit policy compile -f policy.txt -o policy.o --disasm",
                "  bpftool prog load policy.o /sys/fs/bpf/policy",
                "  jnetkit policy compile 'deny udp dport 53' -o dns.o --section netkit/peer",
        })
public final class PolicyCompile implements Callable<Integer> {
    static final String PROGRAM_NAME = "jnk_policy";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RULES", arity = "0..*", description = "The rules (several words are joined by spaces).")
    List<String> words;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the rules from FILE ('-': standard input).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.o", description = "Write an ELF object here.")
    Path output;

    @Option(names = "--disasm", description = "Also print the assembly when writing an object.")
    boolean disasm;

    @Option(names = "--section", paramLabel = "NAME", defaultValue = "tc",
            description = "The program's ELF section (default: ${DEFAULT-VALUE}; e.g. netkit/peer, tcx/ingress).")
    String section;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = PROGRAM_NAME,
            description = "The program's symbol in the object (default: ${DEFAULT-VALUE}).")
    String name;

    public record Compiled(String policy, int instructions, String output, String section, String disassembly) {}

    @Override
    public Integer call() {
        String text = PolicySource.read("policy compile", file, words);
        Policy policy = Policy.parse(text);
        // An object's maps are created empty by whoever loads it: no LPM trie in it.
        CompiledPolicy c = output != null ? PolicyCompiler.compileChains(policy) : PolicyCompiler.compile(policy);
        PolicyApply.warn(c, spec.commandLine().getErr());
        if (output != null) {
            byte[] obj;
            try {
                obj = elf(c, section, name);
            } catch (IllegalArgumentException e) {
                throw new UsageException("policy compile: " + e.getMessage());
            }
            try {
                java.nio.file.Files.write(output, obj);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("policy compile: write " + output + ": " + e.getMessage(), e);
            }
        }
        boolean showAsm = output == null || disasm;
        Compiled r = new Compiled(policy.toString(), c.instructionCount(), output == null ? null : output.toString(),
                output == null ? null : section, showAsm ? c.disassembly() : null);
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            out.println(Json.write(r));
        } else {
            if (showAsm) {
                out.print(r.disassembly().endsWith("\n") ? r.disassembly() : r.disassembly() + "\n");
            }
            if (output != null) {
                out.println("wrote " + output + ": program " + name + " in section " + section + ", map "
                        + c.countersSpec().name() + ", " + r.instructions() + " instructions");
            } else {
                out.println(r.instructions() + " instructions");
                c.notes().forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }

    /** The compiled policy as an ELF object: one program, the counters map, relocations for its references. */
    static byte[] elf(CompiledPolicy c, String section, String name) {
        io.jnetkit.asm.Instructions p = c.program();
        List<Relocation> refs = p.mapRefs().stream()
                .map(r -> new Relocation(r.slot(), Relocation.Kind.MAP, r.name(), 0)).toList();
        return new ElfWriter().license("GPL").map(c.countersSpec())
                .program(name, section, Bytecode.fromBytes(p.toBytes()), refs).toBytes();
    }
}
