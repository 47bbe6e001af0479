package io.jnetkit.elf;

import io.jnetkit.btf.CoreKind;
import io.jnetkit.btf.CoreRelocation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CO-RE part of {@code .BTF.ext}, read without a kernel and rebased to each program. */
class CoreRecordsTest {
    @Test
    void recordsAreReadPerProgram() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.CORE_SKB);
        List<CoreRelocation> len = spec.program("core_len").coreRelocations();
        assertEquals(List.of(new CoreRelocation(0, len.getFirst().typeId(), "struct __sk_buff___mine", "0:3",
                CoreKind.FIELD_BYTE_OFFSET)), len);
        List<CoreRelocation> offsets = spec.program("core_offsets").coreRelocations();
        assertEquals(4, offsets.size());
        assertEquals(List.of("0:3", "0:0", "0:2", "0:1"), offsets.stream().map(CoreRelocation::accessString).toList());
        List<CoreRelocation> exists = spec.program("core_exists").coreRelocations();
        assertEquals(List.of(CoreKind.FIELD_EXISTS, CoreKind.FIELD_EXISTS, CoreKind.TYPE_EXISTS, CoreKind.TYPE_EXISTS,
                CoreKind.ENUMVAL_EXISTS, CoreKind.ENUMVAL_EXISTS), exists.stream().map(CoreRelocation::kind).toList());
        assertEquals("enum bpf_func_id___mine", exists.get(4).typeName());
        assertEquals("struct no_such_type___mine", exists.get(3).typeName());
        CoreRelocation value = spec.program("core_enum_value").coreRelocations().getFirst();
        assertEquals(CoreKind.ENUMVAL_VALUE, value.kind());
        assertEquals("0", value.accessString());
        assertEquals(CoreKind.TYPE_ID_TARGET, spec.program("core_type_id").coreRelocations().getFirst().kind());
        // core_subprog's mark load (0:0), then read_len's len load (0:3) and protocol offset (0:2),
        // placed after core_subprog's own code
        List<CoreRelocation> sub = spec.program("core_subprog").coreRelocations();
        assertEquals(List.of("0:0", "0:3", "0:2"), sub.stream().map(CoreRelocation::accessString).toList());
        // Rebased: instruction indexes count from each program's start, not the section's.
        for (ElfProgram p : spec.programs()) {
            for (CoreRelocation r : p.coreRelocations()) {
                assertTrue(r.instruction() >= 0 && r.instruction() < p.instructions().slotCount(), r.toString());
            }
        }
    }

    @Test
    void objectsWithoutCoreHaveNoRecords() {
        for (String f : new String[]{Examples.PORT_FILTER, Fixtures.MAPS, Fixtures.GLOBALS}) {
            for (ElfProgram p : CollectionSpec.readResource(f).programs()) {
                assertEquals(List.of(), p.coreRelocations(), f + " " + p.name());
            }
        }
    }

    @Test
    void unreadableCoreRecordsRefuseTheObject() {
        byte[] obj = Fixtures.bytes(Fixtures.CORE_SKB);
        ElfFile.Section ext = ElfFile.parse(obj, "core_skb.o").section(".BTF.ext");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(obj).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int hdrLen = b.getInt(ext.offset() + 4);
        int coreOff = b.getInt(ext.offset() + 24);
        b.putInt(ext.offset() + hdrLen + coreOff, 7); // core_relo record size 7: invalid
        ElfException e = assertThrows(ElfException.class, () -> CollectionSpec.read(obj, "core_skb.o"));
        assertTrue(e.getMessage().contains("CO-RE relocations cannot be read") && e.getMessage().contains("record size 7"),
                e.getMessage());
    }

    @Test
    void toProgramSpecRefusesCoreProgram() {
        ElfProgram p = CollectionSpec.readResource(Fixtures.CORE_SKB).program("core_type_size");
        IllegalStateException e = assertThrows(IllegalStateException.class, p::toProgramSpec);
        assertTrue(e.getMessage().contains("CO-RE"), e.getMessage());
    }
}
