package io.jnetkit.elf;

import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.KernelRef;
import io.jnetkit.asm.MapRef;
import io.jnetkit.asm.Reference;
import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.bpf.ProgramType;
import io.jnetkit.btf.CoreRelocation;

import java.util.List;

/**
 * One program of an object, linked and kernel-free: the entry function's code followed by every
 * {@code .text} function it calls (call offsets already fixed), in the assembler's instruction
 * model with map, global-data and kernel symbol references left symbolic
 * ({@link io.jnetkit.asm.Reference}; {@link #relocations()} lists them as the object names them).
 *
 * @param name         the C function name ({@link #kernelName()} is what the kernel gets)
 * @param sectionName  the ELF section, e.g. {@code netkit/peer}
 * @param type         program type from the section name, as libbpf names them ({@link ProgramType#UNSPEC} when unknown)
 * @param attachType   expected attach type from the section name, or null for none
 * @param license      the object's license ("" when it has none)
 * @param instructions the linked code with its symbolic references, resolved at load
 * @param debugInfo    BTF func and line info rebased to this program (empty without {@code .BTF.ext})
 * @param coreRelocations CO-RE relocations from {@code .BTF.ext}, by instruction index; applied
 *                     against the kernel's BTF at load ({@link CoreRelocator})
 * @param objectCode   the program's functions as the object file has them, in linked order and
 *                     with nothing relocated (calls, map loads, kfunc calls as clang left them): only
 *                     for showing what clang wrote ({@code jnetkit prog dump raw}, the same text as
 *                     llvm-objdump); loading uses {@code instructions}
 */
public record ElfProgram(String name, String sectionName, ProgramType type, AttachType attachType, String license,
                         Instructions instructions, DebugInfo debugInfo, List<CoreRelocation> coreRelocations,
                         Bytecode objectCode) {
    public ElfProgram {
        java.util.Objects.requireNonNull(instructions, "instructions");
        java.util.Objects.requireNonNull(objectCode, "objectCode");
        coreRelocations = List.copyOf(coreRelocations);
    }

    /**
     * The program's references as relocations of the object: map ({@link Relocation.Kind#MAP}),
     * global data with the variable's offset ({@link Relocation.Kind#DATA}), {@code __ksym} and
     * kfunc, by instruction slot. A view of {@link #instructions()}'s references.
     */
    public List<Relocation> relocations() {
        List<Relocation> out = new java.util.ArrayList<>();
        for (Reference r : instructions.references()) {
            out.add(switch (r) {
                case MapRef m when m.kind() == MapRef.Kind.FD -> new Relocation(m.slot(), Relocation.Kind.MAP, m.name(), 0);
                case MapRef m -> new Relocation(m.slot(), Relocation.Kind.DATA, m.name(),
                        Integer.toUnsignedLong(instructions.insnAtSlot(m.slot()).nextImm()));
                case KernelRef k -> new Relocation(k.slot(), k.kind() == KernelRef.Kind.KSYM ? Relocation.Kind.KSYM
                        : Relocation.Kind.KFUNC, k.name(), 0);
                case io.jnetkit.asm.FuncRef f -> throw new IllegalStateException("program " + name + ": unlinked function " + f.name());
            });
        }
        return out;
    }

    /**
     * BTF function and line records for PROG_LOAD ({@code func_info}, {@code line_info}), raw
     * kernel layout with {@code insn_off} already in instructions from the program start.
     */
    public record DebugInfo(int funcInfoRecordSize, byte[] funcInfo, int lineInfoRecordSize, byte[] lineInfo) {
        static final DebugInfo NONE = new DebugInfo(8, new byte[0], 16, new byte[0]);

        public DebugInfo {
            funcInfo = funcInfo.clone();
            lineInfo = lineInfo.clone();
        }

        @Override
        public byte[] funcInfo() { return funcInfo.clone(); }

        @Override
        public byte[] lineInfo() { return lineInfo.clone(); }

        public int funcInfoCount() { return funcInfo.length / funcInfoRecordSize; }

        public int lineInfoCount() { return lineInfo.length / lineInfoRecordSize; }
    }

    /**
     * False for a program in a {@code SEC("?…")} section: libbpf (and {@link BpfCollection#load(CollectionSpec)})
     * leaves it unloaded unless it is asked for by name.
     */
    public boolean autoload() {
        return SectionKind.autoload(sectionName);
    }

    /**
     * Why jnetkit cannot load this program because of its section — a name that makes no
     * program type, or a kind that needs what jnetkit does not provide (attach BTF ids,
     * sleepable programs, struct_ops) — or empty. {@link CollectionSpec#loadProblem} also
     * knows problems found while linking.
     */
    public java.util.Optional<String> loadProblem() {
        return SectionKind.loadProblem(sectionName);
    }

    /** The name the kernel gets: the function name cut to 15 bytes, as libbpf does. */
    public String kernelName() {
        return kernelName(name);
    }

    static String kernelName(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < 15; i++) {
            char c = name.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.') ? c : '_');
        }
        return sb.toString();
    }

    /**
     * A {@link ProgramSpec} for {@link io.jnetkit.bpf.Program#load}, for programs that use no maps
     * or global data; others must be loaded with {@link BpfCollection#load}.
     *
     * @throws IllegalStateException when the program has relocations or a section jnetkit cannot load
     */
    public ProgramSpec toProgramSpec() {
        if (!instructions.references().isEmpty()) {
            throw new IllegalStateException("program " + name + " refers to maps, global data or kernel symbols ("
                    + instructions.references().getFirst().name() + "); load it with BpfCollection.load");
        }
        if (!coreRelocations.isEmpty()) {
            throw new IllegalStateException("program " + name + " has " + coreRelocations.size()
                    + " CO-RE relocations (" + coreRelocations.getFirst().describe() + "); load it with BpfCollection.load");
        }
        java.util.Optional<String> problem = loadProblem();
        if (problem.isPresent()) {
            throw new IllegalStateException("program " + name + ": " + problem.get());
        }
        if (instructions.slotCount() == 0) {
            throw new IllegalStateException("program " + name + " has no code jnetkit can load (CollectionSpec.loadProblem says why)");
        }
        return new ProgramSpec(kernelName(), type, attachType, license.isEmpty() ? BpfCollection.NO_LICENSE : license,
                instructions);
    }
}
