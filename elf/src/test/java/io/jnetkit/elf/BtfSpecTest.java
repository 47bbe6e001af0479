package io.jnetkit.elf;

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
                assertEquals(BtfSpec.KIND_VAR, var.kind());
                Variable v = vars.get(var.name());
                assertNotNull(v, var.name());
                assertEquals(v.offset(), si.offset(), var.name() + " offset");
                assertEquals(v.size(), si.size(), var.name() + " size");
                checked++;
            }
        }
        assertTrue(checked >= 7, "variables checked: " + checked);
    }

    @Test
    void typeSizes() {
        BtfSpec btf = BtfSpec.parse(CollectionSpec.readResource(Fixtures.MAPS).kernelBtf());
        BtfSpec.Type flowStats = btf.types().stream().filter(t -> t.name().equals("flow_stats")).findFirst().orElseThrow();
        assertEquals(BtfSpec.KIND_STRUCT, flowStats.kind());
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
        IllegalStateException load = assertThrows(IllegalStateException.class, () -> BpfCollection.load(spec));
        assertTrue(load.getMessage().contains("tcx/ingrest"), load.getMessage());
    }
}
