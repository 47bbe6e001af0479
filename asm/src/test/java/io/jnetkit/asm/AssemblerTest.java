package io.jnetkit.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssemblerTest {
    @Test
    void commentsLabelsAndTargets() {
        Instructions p = Asm.assemble("""
                # a comment
                start:                  ; label on its own line
                    r0 = 0              // trailing comment
                    if r1 == 0x800 goto ipv4 <LBB0_2>
                    r1 = 0x1 ll         # ld_imm64 takes two slots
                    goto +0x1 <.text+0x30>
                ipv4: r0 = 2
                out:
                    exit
                """);
        assertEquals(Map.of("start", 0, "ipv4", 5, "out", 6), p.labels());
        assertEquals(3, p.insns().get(1).off());
        assertEquals(2048, p.insns().get(1).imm());
        assertEquals(1, p.insns().get(3).off());
        assertEquals("""
                start:
                \tr0 = 0
                \tif r1 == 2048 goto +3
                \tr1 = 1 ll
                \tgoto +1
                ipv4:
                \tr0 = 2
                out:
                \texit
                """, Asm.disassemble(p));
    }

    @Test
    void disassemblyNormalisesTheText() {
        String messy = """
                  r1=*(u32*)(r1+0x4c)
                w1 = *(u32 *)(r1 + 76)
                *(u32 *)(r10 - 4) = w1
                lock *(u32 *)(r1 + 0) += r2
                r1 = 0xffffffff
                call map_lookup_elem
                call bpf_redirect
                call -0x1
                ld_pseudo r1, 1, 3
                r0 = *(u32 *)skb[+8]
                """;
        String normal = """
                \tr1 = *(u32 *)(r1 + 76)
                \tr1 = *(u32 *)(r1 + 76)
                \t*(u32 *)(r10 - 4) = r1
                \tlock *(u32 *)(r1 + 0) += w2
                \tr1 = -1
                \tcall 1
                \tcall 23
                \tcall pc-1
                \tr1 = map_fd(3) ll
                \tr0 = *(u32 *)skb[8]
                """;
        assertEquals(normal, Asm.disassemble(Asm.assemble(messy)));
        assertEquals(normal, Asm.disassemble(Asm.assemble(normal)));
    }

    @Test
    void objdumpListingIsAccepted() {
        String listing = """

                x.o:\tfile format elf64-bpf

                Disassembly of section tc:

                0000000000000000 <classify>:
                       0:\tb7 00 00 00 02 00 00 00\tr0 = 0x2
                       1:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0x0 ll
                \t\t0000000000000008:  R_BPF_64_64\tcounters
                       3:\t05 00 00 00 00 00 00 00\tgoto +0x0 <classify+0x20>
                       4:\t95 00 00 00 00 00 00 00\texit
                """;
        Instructions p = Asm.assemble(listing);
        assertEquals(Map.of("classify", 0), p.labels());
        assertEquals("b7 00 00 00 02 00 00 00 18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                + "05 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00", TestSupport.hex(p.toBytes()));
        assertEquals("""
                classify:
                       0:\tb7 00 00 00 02 00 00 00\tr0 = 0x2
                       1:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0x0 ll
                       3:\t05 00 00 00 00 00 00 00\tgoto +0x0
                       4:\t95 00 00 00 00 00 00 00\texit
                """, Disassembler.DEFAULT.withBytes().withHex().disassemble(p));
    }

    @Test
    void symbolicMaps() {
        Instructions p = Asm.assemble("""
                r1 = map(counters) ll
                r2 = map_value(config, 8) ll
                r3 = map(3) ll
                exit
                """);
        assertEquals(List.of(new MapRef(0, "counters", MapRef.Kind.FD), new MapRef(2, "config", MapRef.Kind.VALUE)), p.mapRefs());
        assertEquals(1, p.insns().get(0).src());
        assertEquals(2, p.insns().get(1).src());
        assertEquals(8, p.insns().get(1).nextImm());
        assertEquals("\tr3 = map_fd(3) ll", Asm.disassemble(p).lines().toList().get(2));
    }

    @Test
    void callByNameIsALabelFirst() {
        Instructions p = Asm.assemble("""
                call redirect
                call helper
                exit
                helper:
                r0 = 0
                exit
                """);
        assertEquals(0, p.insns().get(0).src());
        assertEquals(23, p.insns().get(0).imm());
        assertEquals(1, p.insns().get(1).src());
        assertEquals(1, p.insns().get(1).imm());
    }

    @Test
    void errorMessagesNameTheLine() {
        assertError("line 2: unknown instruction 'nop' in 'nop'", "exit\nnop");
        assertError("line 1: register r11 out of range r0..r10 in 'r11 = 1'", "r11 = 1");
        assertError("line 1: operation mixes r1 and w2: use both r (64-bit) or both w (32-bit) in 'r1 += w2'", "r1 += w2");
        assertError("line 1: compare mixes w1 and r2: use both r (64-bit) or both w (32-bit) in 'if w1 == r2 goto +1'",
                "if w1 == r2 goto +1");
        assertError("line 3: undefined label 'nowhere' (used at slot 1)", "r0 = 0\n\ngoto nowhere");
        assertError("line 3: duplicate label 'a' at slot 1 (first defined at slot 0, line 1)", "a:\nexit\na:");
        assertError("line 1: immediate 4294967296 does not fit in 32 bits in 'r1 = 0x100000000'", "r1 = 0x100000000");
        assertError("line 1: offset 40000 out of 16-bit range -32768..32767 in 'r1 = *(u32 *)(r1 + 40000)'",
                "r1 = *(u32 *)(r1 + 40000)");
        assertError("line 1: jump offset 40000 out of 16-bit range -32768..32767 (use gotol) in 'goto +40000'", "goto +40000");
        assertError("line 1: unexpected 'r3' after the instruction in 'r1 = r2 r3'", "r1 = r2 r3");
        assertError("line 1: expected a register or an immediate after '+=' in 'r1 +='", "r1 +=");
        assertError("line 1: 'frobnicate' is neither a label of this program nor a helper name in 'call frobnicate'",
                "call frobnicate");
        assertError("line 1: atomic operations are 32- or 64-bit only, not 16-bit in 'lock *(u16 *)(r1 + 0) += w2'",
                "lock *(u16 *)(r1 + 0) += w2");
        assertError("line 1: unknown instruction '<' in '<unknown>'", "<unknown>");
        assertError("line 1: opcode 0xdc (byte swap): width must be 16, 32 or 64, was 8 in 'r1 = be8 r1'", "r1 = be8 r1");
        assertError("line 1: legacy packet loads always load into r0 in 'r1 = *(u8 *)skb[1]'", "r1 = *(u8 *)skb[1]");
        assertError("line 1: unknown comparison '=' in 'if r1 = r2 goto +1'", "if r1 = r2 goto +1");
    }

    private static void assertError(String message, String text) {
        assertEquals(message, assertThrows(AsmException.class, () -> Asm.assemble(text)).getMessage());
    }
}
