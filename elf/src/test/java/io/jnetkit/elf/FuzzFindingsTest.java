package io.jnetkit.elf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the coverage-guided fuzzer (fuzz/: ElfFuzzTest, BtfFuzzTest) found, each rebuilt from a
 * fixture so that the broken field is plain to see. The fuzzer's own inputs run as well
 * (fuzz/src/test/resources/.../finding-*).
 */
class FuzzFindingsTest {
    /** A global with a negative st_size passed the bounds check; variableValue then threw NegativeArraySizeException. */
    @Test
    void variableWithNegativeSize() {
        byte[] b = Fixtures.bytes(Fixtures.GLOBALS);
        ElfFile elf = ElfFile.parse(b, "globals.o");
        ElfFile.Section symtab = elf.sections.stream().filter(s -> s.type() == ElfFile.SHT_SYMTAB).findFirst().orElseThrow();
        ElfFile.Symbol global = elf.symbols.stream()
                .filter(s -> s.type() == ElfFile.STT_OBJECT && s.size() > 0 && s.shndx() != 0 && s.shndx() < elf.sections.size()
                        && ElfReader.isDataSection(elf.sections.get(s.shndx())))
                .findFirst().orElseThrow();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(symtab.offset() + global.index() * 24 + 16, -253);
        ElfException e = assertThrows(ElfException.class, () -> CollectionSpec.read(b, "bad.o"));
        assertTrue(e.getMessage().contains("variable " + global.name() + " (-253 bytes"), e.getMessage());
    }

    /** A map definition MapSpec refuses (an array with 0-byte keys) threw IllegalArgumentException at load. */
    @Test
    void mapDefinitionTheKernelCannotHave() {
        ElfMap m = new ElfMap("counters", ElfMap.Kind.BTF, io.jnetkit.bpf.MapType.ARRAY, 0, 8, 1, 0,
                ElfMap.Pinning.NONE, "counters");
        ElfException e = assertThrows(ElfException.class, m::toMapSpec);
        assertTrue(e.getMessage().contains("map counters: array keys are 4 bytes (u32 index), not 0"), e.getMessage());
    }
}
