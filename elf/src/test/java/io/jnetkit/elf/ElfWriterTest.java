package io.jnetkit.elf;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.ProgramType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ElfWriter's objects read back by our own reader, without a kernel. */
class ElfWriterTest {
    static final MapSpec COUNTERS = MapSpec.of("jnk_counters", MapType.ARRAY, 4, 8, 1);

    /** Counts every packet in jnk_counters[0] and returns {@code verdict}; the map load is at slot 3. */
    static Bytecode counting(int verdict) {
        return Bytecode.of(
                Bytecode.encode(0x62, 10, 0, -4, 0),   // *(u32 *)(r10 - 4) = 0
                Bytecode.encode(0xbf, 2, 10, 0, 0),    // r2 = r10
                Bytecode.encode(0x07, 2, 0, 0, -4),    // r2 += -4
                Bytecode.encode(0x18, 1, 1, 0, 0),     // r1 = map jnk_counters ll
                0L,
                Bytecode.encode(0x85, 0, 0, 0, 1),     // call bpf_map_lookup_elem
                Bytecode.encode(0x15, 0, 0, 2, 0),     // if r0 == 0 goto +2
                Bytecode.encode(0xb7, 1, 0, 0, 1),     // r1 = 1
                Bytecode.encode(0xdb, 0, 1, 0, 0),     // lock *(u64 *)(r0 + 0) += r1
                Bytecode.encode(0xb7, 0, 0, 0, verdict),
                Bytecode.encode(0x95, 0, 0, 0, 0));    // exit
    }

    static final List<Relocation> REFS = List.of(new Relocation(3, Relocation.Kind.MAP, "jnk_counters", 0));

    static byte[] object(String section) {
        return new ElfWriter().map(COUNTERS).program("counting", section, counting(2), REFS).toBytes();
    }

    @Test
    void readsBackProgramMapAndRelocation() {
        CollectionSpec spec = CollectionSpec.read(object("tc"), "written.o");
        assertEquals("GPL", spec.license());
        ElfProgram p = spec.program("counting");
        assertEquals("tc", p.sectionName());
        assertEquals(ProgramType.SCHED_CLS, p.type());
        assertEquals(REFS, p.relocations());
        Bytecode want = counting(2);
        long[] cleared = new long[want.count()];
        for (int i = 0; i < cleared.length; i++) cleared[i] = want.get(i);
        // The file leaves src 0 and imm 0 for the loader; the reader makes it the symbolic map load
        // the reference stands for: src BPF_PSEUDO_MAP_FD, the fd still 0.
        cleared[3] = Bytecode.encode(0x18, 1, 1, 0, 0);
        assertEquals(Bytecode.of(cleared), Bytecode.fromBytes(p.instructions().toBytes()));
        assertEquals(List.of(new io.jnetkit.asm.MapRef(3, "jnk_counters", io.jnetkit.asm.MapRef.Kind.FD)),
                p.instructions().references());
        assertEquals("r1 = map(jnk_counters) ll", io.jnetkit.asm.Disassembler.DEFAULT.format(
                p.instructions().insnAtSlot(3), null, p.instructions().referenceAt(3)));
        ElfMap m = spec.map("jnk_counters");
        assertEquals(ElfMap.Kind.BTF, m.kind());
        assertEquals(COUNTERS, m.toMapSpec());
        assertTrue(spec.hasBtf(), () -> spec.btfProblem().orElse(""));
    }

    @Test
    void codeTheInstructionModelRefusesIsAProblemOfThatProgramOnly() {
        byte[] obj = new ElfWriter().map(COUNTERS).program("counting", "tc", counting(2), REFS)
                .program("bad_op", "tcx/ingress", Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, 0), 0xffL, 0x95L), List.of()).toBytes();
        CollectionSpec spec = CollectionSpec.read(obj, "written.o");
        assertEquals(java.util.Optional.of("its code has an instruction jnetkit does not know: slot 1: unknown opcode 0xff"),
                spec.loadProblem("bad_op"));
        assertEquals(0, spec.program("bad_op").instructions().slotCount());
        assertEquals(3, spec.program("bad_op").objectCode().count(), "what the object has, for prog dump raw");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spec.program("bad_op").toProgramSpec());
        assertTrue(e.getMessage().contains("no code jnetkit can load"), e.getMessage());
        assertEquals(java.util.Optional.empty(), spec.loadProblem("counting"));
    }

    @Test
    void netkitSectionGivesTheAttachType() {
        ElfProgram p = CollectionSpec.read(object("netkit/peer"), "peer.o").program("counting");
        assertEquals(AttachType.NETKIT_PEER, p.attachType());
    }

    @Test
    void severalMapsWithFlagsAndNoMapProgram() {
        MapSpec hash = new MapSpec("flows", MapType.HASH, 16, 24, 1024, 1);
        byte[] obj = new ElfWriter().license("Dual MIT/GPL").map(COUNTERS).map(hash)
                .program("a", "tcx/ingress", counting(0), REFS)
                .program("b", "tcx/egress", Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, 0), 0x95L), List.of())
                .toBytes();
        CollectionSpec spec = CollectionSpec.read(obj, "two.o");
        assertEquals("Dual MIT/GPL", spec.license());
        assertEquals(hash, spec.map("flows").toMapSpec());
        assertEquals(COUNTERS, spec.map("jnk_counters").toMapSpec());
        assertEquals(2, spec.programs().size());
        assertEquals(List.of(), spec.program("b").relocations());
        assertEquals(AttachType.TCX_EGRESS, spec.program("b").attachType());
    }

    @Test
    void deterministic() {
        assertArrayEquals(object("tc"), object("tc"));
    }

    @Test
    void rejectsWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter().toBytes());
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter()
                .program("p", "tc", counting(0), REFS).toBytes()); // map not defined
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter().map(COUNTERS)
                .program("p", "tc", counting(0), List.of(new Relocation(2, Relocation.Kind.MAP, "jnk_counters", 0))));
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter().map(COUNTERS).map(COUNTERS));
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter()
                .program("p", "tc", counting(0), List.of()).program("q", "tc", counting(0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter().program("p-x", "tc", counting(0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ElfWriter().program("p", ".text", counting(0), List.of()));
    }
}
