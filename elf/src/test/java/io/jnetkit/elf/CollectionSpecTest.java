package io.jnetkit.elf;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.ProgramType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the fixtures without a kernel: programs, section kinds, maps, relocations, calls, variables. */
class CollectionSpecTest {
    private static final int LD_IMM64 = 0x18, CALL = 0x85;

    @Test
    void portFilterExample() {
        CollectionSpec spec = CollectionSpec.readResource(Examples.PORT_FILTER);
        assertEquals("GPL", spec.license());
        assertEquals(1, spec.programs().size());
        ElfProgram p = spec.program("port_filter");
        assertEquals("netkit/peer", p.sectionName());
        assertEquals(ProgramType.SCHED_CLS, p.type());
        assertEquals(AttachType.NETKIT_PEER, p.attachType());
        assertEquals("GPL", p.license());
        assertTrue(spec.hasBtf(), () -> spec.btfProblem().orElse(""));
        assertEquals(12345, u16(spec.variableValue("blocked_port")));
        Variable bp = spec.variable("blocked_port");
        assertEquals(".rodata", bp.section());
        assertEquals(2, bp.size());
        assertTrue(bp.readOnly());
        assertEquals(".bss", spec.variable("dropped").section());
        assertEquals(8, spec.variable("seen").size());
        ElfMap bss = spec.map(".bss");
        assertEquals(ElfMap.Kind.DATA, bss.kind());
        assertEquals(MapType.ARRAY, bss.type());
        assertEquals(4, bss.keySize());
        assertEquals(16, bss.valueSize());
        assertEquals(1, bss.maxEntries());
        assertEquals("port_fil.bss", bss.kernelName());
        assertTrue(spec.map(".rodata").readOnly());
        assertEquals(1 << 7, spec.map(".rodata").flags(), "BPF_F_RDONLY_PROG");
        Set<String> targets = p.relocations().stream().map(Relocation::target).collect(Collectors.toSet());
        assertTrue(targets.containsAll(Set.of(".bss", ".rodata")), targets.toString());
        for (Relocation r : p.relocations()) {
            assertEquals(Relocation.Kind.DATA, r.kind());
            assertEquals(LD_IMM64, op(Slots.of(p.instructions())[r.instruction()]));
        }
        assertEquals(1, p.debugInfo().funcInfoCount());
        assertTrue(p.debugInfo().lineInfoCount() > 5, "line info: " + p.debugInfo().lineInfoCount());
        assertEquals(0, p.debugInfo().lineInfoCount() == 0 ? -1 : u32(p.debugInfo().lineInfo(), 0), "first line at insn 0");
    }

    @Test
    void sectionNamesGiveTypesAndAttachTypes() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.GLOBALS);
        Map<String, ElfProgram> byName = spec.programs().stream().collect(Collectors.toMap(ElfProgram::name, p -> p));
        assertEquals(Set.of("nk_primary", "nk_peer", "tcx_in", "tcx_out", "tc_first", "tc_second",
                "classifier_with_a_long_name"), byName.keySet());
        assertEquals(AttachType.NETKIT_PRIMARY, byName.get("nk_primary").attachType());
        assertEquals(AttachType.NETKIT_PEER, byName.get("nk_peer").attachType());
        assertEquals(AttachType.TCX_INGRESS, byName.get("tcx_in").attachType());
        assertEquals(AttachType.TCX_EGRESS, byName.get("tcx_out").attachType());
        assertNull(byName.get("tc_first").attachType());
        assertEquals("tc", byName.get("tc_second").sectionName());
        assertNull(byName.get("classifier_with_a_long_name").attachType());
        for (ElfProgram p : spec.programs()) assertEquals(ProgramType.SCHED_CLS, p.type());
        ElfProgram longName = spec.program("classifier_with_a_long_name");
        assertEquals("classifier_with", longName.kernelName());
        assertEquals(longName, spec.program("classifier_with"), "the kernel name finds it too");
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> spec.program("nope"));
        assertTrue(e.getMessage().contains("nk_primary"), e.getMessage());
    }

    @Test
    void sectionKindTable() {
        assertEquals(AttachType.TCX_INGRESS, SectionKind.of("tc/ingress").attachType());
        assertEquals(AttachType.TCX_EGRESS, SectionKind.of("tc/egress").attachType());
        assertEquals(ProgramType.SCHED_CLS, SectionKind.of("classifier").type());
        assertEquals(ProgramType.UNSPEC, SectionKind.of("netkit").type());
        assertEquals(ProgramType.UNSPEC, SectionKind.of("tcx/ingress2").type());
    }

    @Test
    void bpfToBpfCallsAreLinked() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.GLOBALS);
        for (ElfProgram p : spec.programs()) {
            long[] in = Slots.of(p.instructions());
            Set<Integer> funcStarts = new HashSet<>();
            byte[] fi = p.debugInfo().funcInfo();
            for (int i = 0; i < p.debugInfo().funcInfoCount(); i++) funcStarts.add(u32(fi, i * p.debugInfo().funcInfoRecordSize()));
            int calls = 0;
            for (int i = 0; i < in.length; i++) {
                long insn = in[i];
                if (op(insn) == CALL && src(insn) == 1) {
                    int target = i + imm(insn) + 1;
                    assertTrue(target > 0 && target < in.length, p.name() + ": call at " + i + " to " + target);
                    assertTrue(funcStarts.contains(target), p.name() + ": call at " + i + " lands on " + target
                            + ", not a function start " + funcStarts);
                    calls++;
                }
                if (op(insn) == LD_IMM64) i++;
            }
            int expectedFuncs = switch (p.name()) {
                case "nk_primary" -> 3; // + bump, classify
                case "nk_peer" -> 2; // + bump
                case "tcx_in" -> 3; // + twice → bump
                case "tc_second" -> 2; // + classify
                default -> 1;
            };
            assertEquals(expectedFuncs, p.debugInfo().funcInfoCount(), p.name() + " functions");
            assertEquals(expectedFuncs > 1, calls > 0, p.name() + " calls");
            assertTrue(funcStarts.contains(0));
        }
        // twice calls bump twice: both calls reach the single appended copy.
        ElfProgram tcxIn = spec.program("tcx_in");
        assertEquals(3, tcxIn.debugInfo().funcInfoCount());
    }

    @Test
    void globalDataRelocationsAndVariables() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.GLOBALS);
        List<String> names = spec.variables().stream().map(Variable::name).toList();
        assertTrue(names.containsAll(List.of("packets", "last_len", "verdict_bias", "greeting", "hidden_static",
                "min_len", "mode_flags")), names.toString());
        assertEquals(new Variable("packets", ".bss", 0, 8), spec.variable("packets"));
        assertEquals(7, u32(spec.variableValue("verdict_bias"), 0));
        assertArrayEquals("jnetkit\0".getBytes(), spec.variableValue("greeting"));
        assertEquals(60, u32(spec.variableValue("min_len"), 0));
        assertArrayEquals(new byte[]{1, 2, 3, 4}, spec.variableValue("mode_flags"));
        assertEquals(Set.of(".bss", ".data", ".rodata", ".rodata.str1.1"),
                spec.maps().stream().map(ElfMap::name).collect(Collectors.toSet()));
        assertEquals("g.rodata.str1.1", spec.map(".rodata.str1.1").kernelName());
        // hidden_static is static: reached through the .data section symbol plus the offset in the instruction.
        Variable hidden = spec.variable("hidden_static");
        ElfProgram primary = spec.program("nk_primary");
        assertTrue(primary.relocations().contains(relocationTo(primary, ".data", hidden.offset())),
                primary.relocations().toString());
        ElfProgram peer = spec.program("nk_peer");
        assertTrue(peer.relocations().stream().anyMatch(r -> r.target().equals(".rodata")
                && r.offset() == spec.variable("mode_flags").offset()), peer.relocations().toString());
        ElfProgram out = spec.program("tcx_out");
        assertEquals(List.of(".rodata.str1.1"), out.relocations().stream().map(Relocation::target).toList());
    }

    private static Relocation relocationTo(ElfProgram p, String target, int offset) {
        return p.relocations().stream().filter(r -> r.target().equals(target) && r.offset() == offset).findFirst()
                .orElseThrow(() -> new AssertionError(p.name() + " has no relocation to " + target + "+" + offset));
    }

    @Test
    void btfAndLegacyMaps() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.MAPS);
        assertEquals("Dual BSD/GPL", spec.license());
        BtfSpec btf = BtfSpec.parse(spec.kernelBtf());
        ElfMap flows = spec.map("flows");
        assertEquals("__u32", btf.type(flows.btfKeyTypeId()).name());
        assertEquals("flow_stats", btf.type(flows.btfValueTypeId()).name());
        assertEquals(new ElfMap("flows", ElfMap.Kind.BTF, MapType.HASH, 4, 24, 1024, 1, ElfMap.Pinning.NONE, "flows",
                flows.btfKeyTypeId(), flows.btfValueTypeId(), ""), flows);
        assertEquals(new ElfMap("counters", ElfMap.Kind.BTF, MapType.ARRAY, 4, 8, 4, 0, ElfMap.Pinning.NONE, "counters"),
                spec.map("counters"));
        ElfMap pinned = spec.map("jnk_pinned");
        assertEquals("__u64", btf.type(pinned.btfKeyTypeId()).name());
        assertEquals("__u16", btf.type(pinned.btfValueTypeId()).name());
        assertEquals(new ElfMap("jnk_pinned", ElfMap.Kind.BTF, MapType.HASH, 8, 2, 16, 0, ElfMap.Pinning.BY_NAME,
                "jnk_pinned", pinned.btfKeyTypeId(), pinned.btfValueTypeId(), ""), pinned);
        assertEquals(new ElfMap("legacy_counts", ElfMap.Kind.LEGACY, MapType.ARRAY, 4, 8, 2, 0, ElfMap.Pinning.NONE,
                "legacy_counts"), spec.map("legacy_counts"));
        assertEquals(new ElfMap("legacy_hash", ElfMap.Kind.LEGACY, MapType.HASH, 2, 4, 8, 1, ElfMap.Pinning.NONE,
                "legacy_hash"), spec.map("legacy_hash"));
        ElfProgram in = spec.program("count_flows");
        assertEquals(Set.of("flows", "legacy_counts"), targets(in));
        assertEquals(Set.of("counters", "jnk_pinned", "legacy_hash"), targets(spec.program("count_egress")));
        for (Relocation r : in.relocations()) {
            assertEquals(Relocation.Kind.MAP, r.kind());
            assertEquals(0, r.offset());
        }
        assertThrows(NoSuchElementException.class, () -> spec.map("nope"));
    }

    private static Set<String> targets(ElfProgram p) {
        return p.relocations().stream().map(Relocation::target).collect(Collectors.toSet());
    }

    @Test
    void setVariableBeforeLoad() {
        CollectionSpec spec = CollectionSpec.readResource(Examples.PORT_FILTER);
        spec.setU16("blocked_port", 12346);
        assertEquals(12346, u16(spec.variableValue("blocked_port")));
        spec.setVariable("blocked_port", new byte[]{0x39, 0x30});
        assertEquals(12345, u16(spec.variableValue("blocked_port")));
        spec.setU64("dropped", 5);
        assertEquals(5, u32(spec.initialData(".bss"), spec.variable("dropped").offset()));
        NoSuchElementException unknown = assertThrows(NoSuchElementException.class, () -> spec.setU16("blocked", 1));
        assertTrue(unknown.getMessage().contains("blocked_port"), unknown.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> spec.setVariable("blocked_port", new byte[4]));
        assertTrue(size.getMessage().contains("2 bytes"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec.setU16("blocked_port", 70000));
        assertThrows(IllegalArgumentException.class, () -> spec.setU32("blocked_port", 1));
        // Another read starts from the file's values again.
        assertEquals(12345, u16(CollectionSpec.readResource(Examples.PORT_FILTER).variableValue("blocked_port")));
    }

    @Test
    void toProgramSpecOnlyWithoutRelocations() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.BROKEN);
        ElfProgram p = spec.program("read_past_end");
        assertEquals("read_past_end", p.toProgramSpec().name());
        assertEquals(AttachType.TCX_INGRESS, p.toProgramSpec().expectedAttachType());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CollectionSpec.readResource(Examples.PORT_FILTER).program("port_filter").toProgramSpec());
        assertTrue(e.getMessage().contains("BpfCollection.load"), e.getMessage());
    }

    @Test
    void dataMapNames() {
        assertEquals("port_fil.bss", CollectionSpec.dataMapKernelName("/x/port_filter.o", ".bss"));
        assertEquals("port_fil.rodata", CollectionSpec.dataMapKernelName("port_filter.o", ".rodata"));
        assertEquals("a.bss", CollectionSpec.dataMapKernelName("a.o", ".bss"));
        assertEquals(".rodata.str1.1", CollectionSpec.dataMapKernelName("x-y.o", ".rodata.str1.1").substring(1));
        assertFalse(CollectionSpec.dataMapKernelName("we-ird.o", ".data").contains("-"));
    }

    static int op(long insn) { return (int) (insn & 0xff); }

    static int src(long insn) { return (int) (insn >>> 12 & 0xf); }

    static int imm(long insn) { return (int) (insn >>> 32); }

    static int u16(byte[] b) { return (b[0] & 0xff) | (b[1] & 0xff) << 8; }

    static int u32(byte[] b, int off) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(off); }
}
