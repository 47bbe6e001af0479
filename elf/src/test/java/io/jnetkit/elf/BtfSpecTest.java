package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BTF parsing, the DATASEC fixups the kernel needs, and objects without BTF. */
class BtfSpecTest {
    @Test
    void datasecSizesAndVarOffsetsComeFromTheElf() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.GLOBALS);
        BtfSpec btf = BtfSpec.parse(spec.kernelBtf());
        Map<String, Variable> vars = spec.variables().stream().collect(Collectors.toMap(Variable::name, v -> v));
        int checked = 0;
        for (String sec : new String[]{".bss", ".data", ".rodata"}) {
            BtfSpec.Type ds = btf.datasec(sec);
            assertNotNull(ds, sec);
            assertEquals(spec.map(sec).valueSize(), ds.sizeOrType(), sec + " DATASEC size");
            for (BtfSpec.SecInfo si : btf.secInfos(ds)) {
                BtfSpec.Type var = btf.type(si.type());
                assertEquals(BtfTypes.KIND_VAR, var.kind());
                Variable v = vars.get(var.name());
                assertNotNull(v, var.name());
                assertEquals(v.offset(), si.offset(), var.name() + " offset");
                assertEquals(v.size(), si.size(), var.name() + " size");
                checked++;
            }
        }
        assertTrue(checked >= 7, "variables checked: " + checked);
    }

    /** The kernel refuses a DATASEC whose entries are not in ascending offset order. */
    @Test
    void datasecEntriesAreSortedByOffset() {
        BtfSpec btf = BtfSpec.parse(CollectionSpec.readResource(Fixtures.GLOBALS).kernelBtf());
        // Where the ELF says the variables are, in the reverse of the BTF's order.
        Map<String, Long> at = Map.of("verdict_bias", 12L, "greeting", 4L, "hidden_static", 0L);
        BtfSpec fixed = BtfSpec.parse(btf.fixedForKernel(new BtfSpec.Layout() {
            @Override
            public int sectionSize(String section) {
                return section.equals(".data") ? 16 : -1;
            }

            @Override
            public java.util.List<Long> symbolOffsets(String section, String symbol) {
                Long o = section.equals(".data") ? at.get(symbol) : null;
                return o == null ? java.util.List.of() : java.util.List.of(o);
            }
        }));
        java.util.List<String> order = fixed.secInfos(fixed.datasec(".data")).stream()
                .map(si -> fixed.type(si.type()).name() + "@" + si.offset()).toList();
        assertEquals(java.util.List.of("hidden_static@0", "greeting@4", "verdict_bias@12"), order);
    }

    /**
     * A linked object (bpftool gen object) whose two files each have a {@code static calls}:
     * each VAR keeps its own offset, not the first symbol's, and the entries stay ascending.
     */
    @Test
    void linkedObjectKeepsSameNamedStaticsApart() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.LINKED);
        BtfSpec btf = BtfSpec.parse(spec.kernelBtf());
        java.util.List<String> order = btf.secInfos(btf.datasec(".data")).stream()
                .map(si -> btf.type(si.type()).name() + "@" + si.offset()).toList();
        assertEquals(java.util.List.of("a_bias@0", "calls@4", "b_bias@8", "calls@12"), order);
        assertEquals(java.util.Set.of("linked_a", "linked_b"),
                spec.programs().stream().map(ElfProgram::name).collect(Collectors.toSet()));
    }

    @Test
    void typeSizes() {
        BtfSpec btf = BtfSpec.parse(CollectionSpec.readResource(Fixtures.MAPS).kernelBtf());
        BtfSpec.Type flowStats = btf.types().stream().filter(t -> t.name().equals("flow_stats")).findFirst().orElseThrow();
        assertEquals(BtfTypes.KIND_STRUCT, flowStats.kind());
        assertEquals(24, btf.sizeOf(flowStats.id()));
        assertEquals(3, btf.members(flowStats).size());
        assertThrows(ElfException.class, () -> btf.type(btf.count() + 1));
    }

    /**
     * Renames a section by rewriting every NUL-terminated occurrence of its name (string tables
     * share suffixes: ".BTF" is also the tail of ".rel.BTF", which is renamed alike).
     */
    static byte[] renameSection(byte[] elf, String from, String to) {
        assertEquals(from.length(), to.length());
        String s = new String(elf, StandardCharsets.ISO_8859_1);
        byte[] out = elf.clone();
        byte[] repl = to.getBytes(StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int at = s.indexOf(from + "\0"); at >= 0; at = s.indexOf(from + "\0", at + 1), n++) {
            System.arraycopy(repl, 0, out, at, repl.length);
        }
        assertTrue(n > 0, from);
        return out;
    }

    @Test
    void withoutBtfProgramsStillReadButBtfMapsCannot() {
        byte[] noBtf = renameSection(Fixtures.bytes(Examples.PORT_FILTER), ".BTF", ".XTF");
        CollectionSpec spec = CollectionSpec.read(noBtf, "nobtf.o");
        assertFalse(spec.hasBtf());
        assertTrue(spec.btfProblem().orElseThrow().contains("-g"), spec.btfProblem().toString());
        assertEquals(0, spec.program("port_filter").debugInfo().funcInfoCount());
        assertEquals(12345, CollectionSpecTest.u16(spec.variableValue("blocked_port")));

        byte[] maps = renameSection(Fixtures.bytes(Fixtures.MAPS), ".BTF", ".XTF");
        ElfException e = assertThrows(ElfException.class, () -> CollectionSpec.read(maps, "maps.o"));
        assertTrue(e.getMessage().contains(".maps") && e.getMessage().contains(".BTF"), e.getMessage());
    }

    @Test
    void unknownSectionIsReadButNotLoadable() {
        byte[] b = renameSection(Fixtures.bytes(Fixtures.BROKEN), "tcx/ingress", "tcx/ingrest");
        CollectionSpec spec = CollectionSpec.read(b, "odd.o");
        ElfProgram p = spec.program("read_past_end");
        assertEquals(io.jnetkit.bpf.ProgramType.UNSPEC, p.type());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::toProgramSpec);
        assertTrue(e.getMessage().contains("netkit/primary"), e.getMessage());
        // Asked for by name, it is refused before anything reaches the kernel; load(spec) would skip it.
        IllegalStateException load = assertThrows(IllegalStateException.class,
                () -> BpfCollection.load(spec, java.util.Set.of("read_past_end")));
        assertTrue(load.getMessage().contains("tcx/ingrest"), load.getMessage());
    }
}
