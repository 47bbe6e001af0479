package io.jnetkit.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every opcode class against the bytes the ISA document specifies. The table
 * ({@code encoding-table.txt}) was written by hand from the ISA document; the forms llvm-mc
 * knows were also checked against {@code llvm-mc -triple bpfel -mcpu=v4 -show-encoding}.
 */
class EncodingTableTest {
    record Row(int line, String text, String hex) {
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String[] lines = TestSupport.text("encoding-table.txt").split("\n");
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int bar = l.lastIndexOf('|');
            rows.add(new Row(n + 1, l.substring(0, bar).strip(), l.substring(bar + 1).strip()));
        }
        return rows;
    }

    @TestFactory
    List<DynamicTest> assembleGivesTheSpecifiedBytes() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.text(), () ->
                assertEquals(r.hex(), TestSupport.hex(Asm.assemble(r.text()).toBytes()), "line " + r.line()))).toList();
    }

    @TestFactory
    List<DynamicTest> decodeAndDisassembleGiveTheText() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.text(), () -> {
            Instructions p = Instructions.decode(TestSupport.unhex(r.hex()));
            assertEquals(1, p.insns().size());
            assertEquals(r.text(), p.insns().get(0).toString());
            assertEquals("\t" + r.text() + "\n", Disassembler.DEFAULT.disassemble(p));
        })).toList();
    }

    @TestFactory
    List<DynamicTest> hexFormRoundTrips() {
        Disassembler hex = Disassembler.DEFAULT.withHex();
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.text(), () -> {
            Instructions p = Asm.assemble(r.text());
            String h = hex.disassemble(p);
            assertEquals(p, Asm.assemble(h), h);
        })).toList();
    }

    @org.junit.jupiter.api.Test
    void tableCoversEveryValidOpcode() {
        java.util.Set<Integer> covered = new java.util.TreeSet<>();
        for (Row r : rows()) {
            covered.add(Integer.parseInt(r.hex().substring(0, 2), 16));
        }
        java.util.Set<Integer> missing = new java.util.TreeSet<>(RoundTripTest.validOpcodes());
        missing.removeAll(covered);
        assertEquals(java.util.Set.of(), missing, "opcodes without a row in encoding-table.txt");
    }
}
