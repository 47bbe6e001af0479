package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.ElfException;
import io.jnetkit.elf.ElfProgram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/** The one place the CLI reads ELF object files (through the elf module). */
final class ObjectFiles {
    private ObjectFiles() {}

    static CollectionSpec read(Path object) {
        if (!Files.exists(object)) {
            throw new NotFoundException("object file " + object + " does not exist");
        }
        try {
            return CollectionSpec.read(object);
        } catch (ElfException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The program named {@code program} (its C function or kernel name), or the only one when null. */
    static ElfProgram pick(CollectionSpec spec, Path object, String program) {
        List<ElfProgram> all = spec.programs();
        if (all.isEmpty()) {
            throw new UsageException(object + " has no programs");
        }
        if (program == null) {
            if (all.size() > 1) {
                throw new UsageException(object + " has " + all.size() + " programs; name one as " + object + ":PROG ("
                        + String.join(", ", all.stream().map(ElfProgram::name).toList()) + ")");
            }
            return all.getFirst();
        }
        try {
            return spec.program(program);
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    /** Loads {@code object} and returns program {@code program} (null: the only one) with its collection as owner. */
    static ProgramRef.Opened load(Path object, String program) {
        CollectionSpec spec = read(object);
        ElfProgram chosen = pick(spec, object, program);
        BpfCollection c;
        try {
            // Only the program wanted: others of the object (in sections jnetkit cannot load, say) stay out of the way.
            c = BpfCollection.load(spec, java.util.Set.of(chosen.name()));
        } catch (IllegalStateException e) {
            throw new UsageException(object + ": " + e.getMessage());
        }
        try {
            Program p = c.program(chosen.name());
            return new ProgramRef.Opened(p, c);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    record Raw(String name, Bytecode instructions) {}

    /** The instructions of {@code program} as in the object file, before the kernel saw them. */
    static Raw raw(Path object, String program) {
        CollectionSpec spec = read(object);
        ElfProgram p = pick(spec, object, program);
        return new Raw(p.name(), p.objectCode());
    }
}
