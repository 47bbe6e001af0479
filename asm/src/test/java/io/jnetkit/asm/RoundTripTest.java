package io.jnetkit.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every valid instruction form: bytes and text both round-trip. */
class RoundTripTest {
    static final int[] DST = {0, 1, 10};
    static final int[] SRC = {0, 1, 2, 3, 4, 5, 6, 9, 10};
    static final int[] OFF = {0, 1, 8, 16, 32, -1, -8, 76, Short.MAX_VALUE, Short.MIN_VALUE};
    static final int[] IMM = {0, 1, 16, 32, 64, -1, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1, 12345,
        Integer.MIN_VALUE, Integer.MAX_VALUE};
    static final int[] NEXT = {0, 7, -1};

    /** All valid instructions over the sample field values. */
    static List<Insn> allForms() {
        List<Insn> out = new ArrayList<>();
        for (int op = 0; op < 256; op++) {
            for (int d : DST) {
                for (int s : SRC) {
                    for (int o : OFF) {
                        for (int i : IMM) {
                            for (int n : op == Opcodes.LD_IMM64 ? NEXT : new int[] {0}) {
                                if (Insn.problem(op, d, s, o, i, n) == null) {
                                    out.add(new Insn(op, d, s, o, i, n));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static Set<Integer> validOpcodes() {
        Set<Integer> ops = new TreeSet<>();
        for (Insn i : allForms()) {
            ops.add(i.opcode());
        }
        return ops;
    }

    @Test
    void theIsaHas125Opcodes() {
        assertEquals(125, validOpcodes().size(), validOpcodes().stream().map(o -> String.format("%02x", o)).toList().toString());
    }

    @Test
    void everyFormRoundTripsThroughBytesAndText() {
        List<Insn> all = allForms();
        Disassembler hex = Disassembler.DEFAULT.withHex();
        for (Insn i : all) {
            byte[] b = i.toBytes();
            assertEquals(List.of(i), Instructions.decodeInsns(b), i::toString);
            String text = i.toString();
            Instructions p = Asm.assemble(text);
            assertEquals(List.of(i), p.insns(), text);
            assertArrayEquals(b, p.toBytes(), text);
            assertEquals(List.of(i), Asm.assemble(hex.format(i)).insns(), hex.format(i));
            assertEquals(text, Disassembler.DEFAULT.disassemble(p).strip());
        }
        assertEquals(true, all.size() > 5000, "forms: " + all.size());
    }

    @Test
    void wholeProgramRoundTripsInEveryOutputMode() {
        List<Insn> all = allForms();
        // One long program of every form (relative targets as they are: text keeps raw offsets).
        Instructions p = Instructions.of(all);
        for (Disassembler d : List.of(Disassembler.DEFAULT, Disassembler.DEFAULT.withHex(),
                Disassembler.DEFAULT.withAddresses(), Disassembler.DEFAULT.withBytes().withHex(),
                Disassembler.DEFAULT.withHelperNames())) {
            String text = d.disassemble(p);
            Instructions back = Asm.assemble(text);
            assertEquals(p, back);
            assertEquals(text, d.disassemble(back));
        }
    }

    @Test
    void labelledDisassemblyRoundTripsWhenTargetsAreInside() {
        Instructions p = Asm.program()
                .ldMapFd(Reg.R1, "counters")
                .label("top")
                .movImm(Reg.R0, 0)
                .jeqImm(Reg.R1, 0, "out")
                .ldImm64(Reg.R2, 0x1122334455667788L)
                .call("sub")
                .gotol("top")
                .ldFunc(Reg.R3, "sub")
                .label("out")
                .exit()
                .label("sub")
                .ldMapValue(Reg.R0, "data", 8)
                .exit()
                .build();
        String labelled = Disassembler.DEFAULT.withLabels().disassemble(p);
        assertEquals(p, Asm.assemble(labelled));
        assertEquals(labelled, Disassembler.DEFAULT.withLabels().disassemble(Asm.assemble(labelled)));
        String raw = Disassembler.DEFAULT.disassemble(p);
        assertEquals(p, Asm.assemble(raw));
        assertEquals("""
                \tr1 = map(counters) ll
                top:
                \tr0 = 0
                \tif r1 == 0 goto out
                \tr2 = 1234605616436508552 ll
                \tcall sub
                \tgotol top
                \tr3 = func(sub) ll
                out:
                \texit
                sub:
                \tr0 = map_value(data, 8) ll
                \texit
                """, labelled);
        assertEquals("""
                \tr1 = map(counters) ll
                top:
                \tr0 = 0
                \tif r1 == 0 goto +6
                \tr2 = 1234605616436508552 ll
                \tcall pc+4
                \tgotol -6
                \tr3 = func(+2) ll
                out:
                \texit
                sub:
                \tr0 = map_value(data, 8) ll
                \texit
                """, raw);
    }

    @Test
    void generatedLabelsForDecodedPrograms() {
        Instructions p = Instructions.decode(Asm.program().movImm(Reg.R0, 1).jeqImm(Reg.R1, 2, "a").ja("b").label("a")
                .movImm(Reg.R0, 2).label("b").exit().build().toBytes());
        String text = Disassembler.DEFAULT.withLabels().disassemble(p);
        assertEquals("""
                \tr0 = 1
                \tif r1 == 2 goto L3
                \tgoto L4
                L3:
                \tr0 = 2
                L4:
                \texit
                """, text);
        assertEquals(p.insns(), Asm.assemble(text).insns());
    }
}
