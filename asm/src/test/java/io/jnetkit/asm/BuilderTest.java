package io.jnetkit.asm;

import static io.jnetkit.asm.Reg.*;
import static io.jnetkit.asm.Size.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderTest {
    @Test
    void readsLikeTheAssembly() {
        Instructions p = Asm.program()
                .loadMem(W, R2, R1, 16)
                .jneImm(R2, 0x0008, "pass")
                .storeImm(W, R10, -4, 0)
                .mov(R2, R10)
                .addImm(R2, -4)
                .ldMapFd(R1, "counters")
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeqImm(R0, 0, "pass")
                .movImm(R1, 1)
                .atomicAdd(DW, R0, 0, R1)
                .label("pass")
                .movImm(R0, 0)
                .exit()
                .build();
        assertEquals("""
                \tr2 = *(u32 *)(r1 + 16)
                \tif r2 != 8 goto +9
                \t*(u32 *)(r10 - 4) = 0
                \tr2 = r10
                \tr2 += -4
                \tr1 = map(counters) ll
                \tcall 1
                \tif r0 == 0 goto +2
                \tr1 = 1
                \tlock *(u64 *)(r0 + 0) += r1
                pass:
                \tr0 = 0
                \texit
                """, p.toString());
        assertEquals(List.of(new MapRef(5, "counters", MapRef.Kind.FD)), p.mapRefs());
        assertEquals(Map.of("pass", 11), p.labels());
        assertEquals(13, p.slotCount());
        assertEquals(12, p.insns().size());
        assertEquals(p, Asm.assemble(p.toString()));
    }

    @Test
    void jumpOffsetsCountLdImm64AsTwoSlots() {
        Instructions p = Asm.program()
                .label("start")
                .ja("end")              // slot 0
                .ldImm64(R1, 1)         // slots 1-2
                .ldMapValue(R2, 7, 4)   // slots 3-4
                .label("end")
                .jeqImm(R1, 0, "start") // slot 5 -> 0: -6
                .label("start2")
                .exit()
                .build();
        assertEquals(4, p.insns().get(0).off());
        assertEquals(-6, p.insns().get(3).off());
        assertEquals(Map.of("start", 0, "end", 5, "start2", 6), p.labels());
    }

    @Test
    void backwardLongJumpAndLocalCall() {
        Instructions p = Asm.program().label("a").call("f").gotol("a").label("f").movImm(R0, 1).exit().build();
        assertEquals(1, p.insns().get(0).imm());
        assertEquals(1, p.insns().get(0).src());
        assertEquals(-2, p.insns().get(1).imm());
        assertEquals(0, p.insns().get(1).off());
    }

    @Test
    void errors() {
        assertEquals("undefined label 'nowhere' (used at slot 1)",
                assertThrows(AsmException.class, () -> Asm.program().movImm(R0, 0).ja("nowhere").exit().build()).getMessage());
        assertEquals("duplicate label 'x' at slot 1 (first defined at slot 0)",
                assertThrows(AsmException.class, () -> Asm.program().label("x").exit().label("x")).getMessage());
        assertEquals("invalid label name 'r1': use letters, digits, '_' and '.', not starting with a digit, not a register name",
                assertThrows(AsmException.class, () -> Asm.program().label("r1")).getMessage());
        assertEquals("register r11 out of range r0..r10", assertThrows(AsmException.class, () -> Reg.of(11)).getMessage());
        assertEquals("opcode 0xbf: destination register r11 out of range r0..r10",
                assertThrows(AsmException.class, () -> new Insn(0xbf, 11, 1, 0, 0)).getMessage());
        assertEquals("opcode 0x79: source register r15 out of range r0..r10",
                assertThrows(AsmException.class, () -> new Insn(0x79, 1, 15, 0, 0)).getMessage());
        assertEquals("opcode 0x79: offset 40000 out of 16-bit range -32768..32767",
                assertThrows(AsmException.class, () -> new Insn(0x79, 1, 1, 40000, 0)).getMessage());
        assertEquals("slot 0: unknown opcode 0xd3",
                assertThrows(AsmException.class, () -> Asm.program().atomicAdd(B, R1, 0, R2)).getMessage());
        assertEquals("slot 1: opcode 0xdc (byte swap): width must be 16, 32 or 64, was 8",
                assertThrows(AsmException.class, () -> Asm.program().exit().be(R1, 8)).getMessage());
        assertEquals("slot 0: opcode 0xbf (mov): offset must be 0 or a sign-extension width 8, 16 or 32, was 7",
                assertThrows(AsmException.class, () -> Asm.program().movsx(R1, R2, 7)).getMessage());
        assertEquals("slot 0: opcode 0xbc (mov): offset must be 0 or a sign-extension width 8, 16, was 32",
                assertThrows(AsmException.class, () -> Asm.program().movsx32(R1, R2, 32)).getMessage());
        assertEquals("slot 0: unknown opcode 0x99", assertThrows(AsmException.class,
                () -> Asm.program().loadMemSx(DW, R1, R2, 0)).getMessage());
        assertEquals("invalid map name '1x'", assertThrows(AsmException.class, () -> Asm.program().ldMapFd(R1, "1x")).getMessage());
    }

    @Test
    void offsetOutOfRange() {
        Asm a = Asm.program().jeqImm(R1, 0, "far");
        for (int k = 0; k < 40000; k++) {
            a.movImm(R0, k);
        }
        a.label("far").exit();
        AsmException e = assertThrows(AsmException.class, a::build);
        assertEquals("slot 0: target 'far' at slot 40001 is too far: jump offset 40000 out of 16-bit range -32768..32767",
                e.getMessage());
        Asm b = Asm.program().ja("far");
        for (int k = 0; k < 40000; k++) {
            b.movImm(R0, k);
        }
        b.label("far").exit();
        assertEquals("slot 0: target 'far' at slot 40001 is too far: jump offset 40000 out of 16-bit range -32768..32767 (use gotol)",
                assertThrows(AsmException.class, b::build).getMessage());
        // gotol has 32 bits.
        Asm c = Asm.program().gotol("far");
        for (int k = 0; k < 40000; k++) {
            c.movImm(R0, k);
        }
        assertEquals(40000, c.label("far").exit().build().insns().get(0).imm());
    }

    @Test
    void mapsResolveAtLoadTime() {
        Instructions p = Asm.program().ldMapFd(R1, "a").ldMapValue(R2, "b", 16).ldMapFd(R3, "a").exit().build();
        assertEquals(List.of("a", "b"), p.mapNames());
        Instructions r = p.resolveMaps(Map.of("a", 5, "b", 6)::get);
        assertEquals(List.of(), r.mapRefs());
        assertEquals("""
                \tr1 = map_fd(5) ll
                \tr2 = map_value(6, 16) ll
                \tr3 = map_fd(5) ll
                \texit
                """, r.toString());
        assertEquals("resolve map reference: no map 'b' (the ld_imm64 at slot 2 loads it)",
                assertThrows(AsmException.class, () -> p.resolveMaps(Map.of("a", 5)::get)).getMessage());
    }

    @Test
    void everyBuilderMethodMatchesItsText() {
        Instructions p = Asm.program()
                .add(R1, R2).addImm(R1, 1).add32(R1, R2).addImm32(R1, 1)
                .sub(R1, R2).mul(R1, R2).div(R1, R2).sdiv(R1, R2).sdivImm32(R1, 3).or(R1, R2).and(R1, R2)
                .lsh(R1, R2).rsh(R1, R2).arsh(R1, R2).mod(R1, R2).smod(R1, R2).smodImm(R1, 3).xor(R1, R2)
                .mov(R1, R2).movImm32(R1, 1).neg(R1).neg32(R1).movsx(R1, R2, 32).movsx32(R1, R2, 8)
                .le(R1, 16).be(R1, 32).bswap(R1, 64)
                .ldImm64(R1, -2).ldMapFd(R1, 3).ldMapIdx(R1, 0).ldMapIdxValue(R1, 0, 4).ldBtfId(R1, 9)
                .ldAbs(H, 12).ldInd(B, R3, 2)
                .loadMem(DW, R1, R10, -8).loadMemSx(H, R1, R2, 2).storeMem(B, R10, -1, R1).storeImm(H, R10, -2, 3)
                .atomicOr(W, R1, 0, R2).atomicAnd(DW, R1, 0, R2).atomicXor(W, R1, 0, R2)
                .atomicFetchAdd(DW, R1, 0, R2).atomicFetchOr(W, R1, 0, R2).atomicFetchAnd(DW, R1, 0, R2)
                .atomicFetchXor(W, R1, 0, R2).atomicXchg(DW, R1, 0, R2).atomicCmpxchg(W, R1, 0, R2)
                .ja(0).gotol(0).jgt(R1, R2, "l").jgeImm32(R1, 1, "l").jset32(R1, R2, "l").jsltImm(R1, -1, "l")
                .jmp(Cond.SLE, R1, R2, 0).jmpImm32(Cond.NE, R1, 5, 0)
                .label("l").call(23).callKfunc(99).callKfunc(99, 1).callRelative(-1).exit()
                .build();
        assertEquals("""
                \tr1 += r2
                \tr1 += 1
                \tw1 += w2
                \tw1 += 1
                \tr1 -= r2
                \tr1 *= r2
                \tr1 /= r2
                \tr1 s/= r2
                \tw1 s/= 3
                \tr1 |= r2
                \tr1 &= r2
                \tr1 <<= r2
                \tr1 >>= r2
                \tr1 s>>= r2
                \tr1 %= r2
                \tr1 s%= r2
                \tr1 s%= 3
                \tr1 ^= r2
                \tr1 = r2
                \tw1 = 1
                \tr1 = -r1
                \tw1 = -w1
                \tr1 = (s32)r2
                \tw1 = (s8)w2
                \tr1 = le16 r1
                \tr1 = be32 r1
                \tr1 = bswap64 r1
                \tr1 = -2 ll
                \tr1 = map_fd(3) ll
                \tr1 = map_idx(0) ll
                \tr1 = map_idx_value(0, 4) ll
                \tr1 = btf_id(9) ll
                \tr0 = *(u16 *)skb[12]
                \tr0 = *(u8 *)skb[r3 + 2]
                \tr1 = *(u64 *)(r10 - 8)
                \tr1 = *(s16 *)(r2 + 2)
                \t*(u8 *)(r10 - 1) = r1
                \t*(u16 *)(r10 - 2) = 3
                \tlock *(u32 *)(r1 + 0) |= w2
                \tlock *(u64 *)(r1 + 0) &= r2
                \tlock *(u32 *)(r1 + 0) ^= w2
                \tr2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
                \tw2 = atomic_fetch_or((u32 *)(r1 + 0), w2)
                \tr2 = atomic_fetch_and((u64 *)(r1 + 0), r2)
                \tw2 = atomic_fetch_xor((u32 *)(r1 + 0), w2)
                \tr2 = xchg_64(r1 + 0, r2)
                \tw0 = cmpxchg32_32(r1 + 0, w0, w2)
                \tgoto +0
                \tgotol +0
                \tif r1 > r2 goto +5
                \tif w1 >= 1 goto +4
                \tif w1 & w2 goto +3
                \tif r1 s< -1 goto +2
                \tif r1 s<= r2 goto +0
                \tif w1 != 5 goto +0
                l:
                \tcall 23
                \tcall kfunc(99)
                \tcall kfunc(99, 1)
                \tcall pc-1
                \texit
                """, p.toString());
        assertEquals(p, Asm.assemble(p.toString()));
    }

    @Test
    void helpers() {
        assertEquals(1, Helper.MAP_LOOKUP_ELEM.id());
        assertEquals(6, Helper.TRACE_PRINTK.id());
        assertEquals(23, Helper.REDIRECT.id());
        assertEquals(26, Helper.SKB_LOAD_BYTES.id());
        assertEquals(155, Helper.REDIRECT_PEER.id());
        assertEquals(211, Helper.CGRP_STORAGE_DELETE.id());
        assertEquals(211, Helper.values().length);
        assertEquals(Helper.SKB_STORE_BYTES, Helper.byName("bpf_skb_store_bytes").orElseThrow());
        assertEquals(Helper.FIB_LOOKUP, Helper.byId(69).orElseThrow());
        assertEquals("bpf_csum_diff", Helper.CSUM_DIFF.cName());
        for (int id = 1; id <= 211; id++) {
            assertEquals(id, Helper.byId(id).orElseThrow().id());
        }
    }
}
