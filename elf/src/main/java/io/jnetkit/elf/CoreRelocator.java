package io.jnetkit.elf;

import io.jnetkit.bpf.Program;
import io.jnetkit.btf.CoreRelocation;

import java.util.function.Function;

/**
 * The loader's one hook for CO-RE: applied to each program just before PROG_LOAD.
 */
final class CoreRelocator {
    private final CollectionSpec spec;

    private CoreRelocator(CollectionSpec spec) {
        this.spec = spec;
    }

    static CoreRelocator of(CollectionSpec spec) {
        return new CoreRelocator(spec);
    }

    /** Relocates {@code p} and loads it with {@code loader}. */
    Program load(ElfProgram p, Function<ElfProgram, Program> loader) {
        if (!p.coreRelocations().isEmpty()) {
            CoreRelocation r = p.coreRelocations().getFirst();
            throw new ElfException("load prog " + p.name() + ": CO-RE relocation at insn " + r.instruction() + " ("
                    + r.kind().word() + " of " + r.typeName() + ": " + r.accessString() + ") is not supported");
        }
        return loader.apply(p);
    }
}
