package io.jnetkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jnetkit.bpf.ProgramType;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.ElfException;
import io.jnetkit.elf.ElfMap;
import io.jnetkit.elf.ElfProgram;
import io.jnetkit.elf.Variable;

/**
 * BPF object files ({@code jnetkit prog load OBJ}, a topology's or CNI config's {@code object}):
 * any bytes either read as a collection (ELF sections, symbols, relocations, BTF, .BTF.ext,
 * maps, programs, global data) or fail with {@link ElfException}. What a read object offers
 * without a kernel is also touched: programs and maps as the loader turns them into specs
 * for the kernel, variables and their values.
 */
class ElfFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void object(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            CollectionSpec spec = CollectionSpec.read(bytes, "fuzz.o");
            spec.license();
            spec.hasBtf();
            spec.btfProblem();
            for (ElfProgram p : spec.programs()) {
                p.toString();
                p.kernelName();
                // A program with a load problem (e.g. code the instruction model refuses) is refused too.
                if (p.relocations().isEmpty() && p.type() != ProgramType.UNSPEC && spec.loadProblem(p.name()).isEmpty()) {
                    p.toProgramSpec(); // documented to refuse (IllegalStateException) otherwise
                }
                if (p.debugInfo() != null) {
                    p.debugInfo().funcInfoCount();
                    p.debugInfo().lineInfoCount();
                }
                spec.program(p.name());
            }
            for (ElfMap m : spec.maps()) {
                m.toString();
                m.toMapSpec();
                spec.map(m.name());
            }
            for (Variable v : spec.variables()) {
                spec.variableValue(v.name());
            }
        } catch (ElfException expected) {
            // a clean refusal
        }
    }
}
