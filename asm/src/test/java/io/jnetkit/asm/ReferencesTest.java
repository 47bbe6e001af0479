package io.jnetkit.asm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.jnetkit.asm.Reg.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Symbolic references: maps, functions and kernel symbols, their linking and resolution. */
class ReferencesTest {

    @Test
    void unresolvedMapNameIsNamed() {
        Instructions p = Asm.program().ldMapFd(R1, "counters").movImm(R0, 0).exit().build();
        AsmException e = assertThrows(AsmException.class, () -> p.resolve(Resolver.ofMaps(Map.of("other", 3)::get)));
        assertEquals("resolve map reference: no map 'counters' (the ld_imm64 at slot 0 loads it)", e.getMessage());
    }

    @Test
    void mapsResolveToFdsAndValueOffsetsStay() {
        Instructions p = Asm.program().ldMapFd(R1, "a").ldMapValue(R2, "b", 12).movImm(R0, 0).exit().build();
        Instructions r = p.resolve(Resolver.ofMaps(Map.of("a", 7, "b", 9)::get));
        assertTrue(r.references().isEmpty());
        assertEquals(Insn.ldImm64(1, Opcodes.PSEUDO_MAP_FD, 7), r.insns().get(0));
        assertEquals(Insn.ldImm64(2, Opcodes.PSEUDO_MAP_VALUE, (12L << 32) | 9), r.insns().get(1));
    }

    @Test
    void subprogramsAreAppendedOnceBreadthFirstWithOffsets() {
        // main calls f twice and loads g's address; f calls g. Layout: main, f, g.
        Instructions main = Asm.program()
                .callFunction("f")        // 0
                .ldFunc(R2, "g")          // 1-2
                .callFunction("f")        // 3
                .exit()                   // 4
                .build();
        Instructions f = Asm.program().callFunction("g").ldMapFd(R1, "m").exit().build(); // 5, 6-7, 8
        Instructions g = Asm.program().movImm(R0, 1).exit().build();                       // 9, 10
        Instructions linked = main.link(Map.of("f", f, "g", g));
        assertEquals(11, linked.slotCount());
        assertEquals(4, linked.insnAtSlot(0).imm(), "call f: 5 - (0 + 1)");
        assertEquals(7, linked.insnAtSlot(1).imm(), "func(g): 9 - (1 + 1)");
        assertEquals(1, linked.insnAtSlot(3).imm(), "call f: 5 - (3 + 1)");
        assertEquals(3, linked.insnAtSlot(5).imm(), "f's call g: 9 - (5 + 1)");
        assertEquals(List.of(new MapRef(6, "m", MapRef.Kind.FD)), linked.references(), "f's map reference moved with it");
        assertEquals(Map.of("f", 5, "g", 9), linked.labels());
        // Linked programs read back from their text.
        assertEquals(linked, Asm.assemble(Disassembler.DEFAULT.disassemble(linked)));
    }

    @Test
    void aLabelOfTheProgramItselfIsCalledLocally() {
        Instructions p = Asm.program().callFunction("sub").exit().label("sub").movImm(R0, 0).exit().build();
        assertTrue(p.references().isEmpty());
        assertEquals(1, p.insns().get(0).imm());
    }

    @Test
    void missingFunctionIsNamed() {
        Instructions p = Asm.program().callFunction("helper_fn").exit().build();
        AsmException e = assertThrows(AsmException.class, () -> p.link(Map.of("other", p)));
        assertEquals("link: no function 'helper_fn' for the call at slot 0; functions given: [other]", e.getMessage());
        AsmException u = assertThrows(AsmException.class, () -> p.resolve(Resolver.ofMaps(n -> null)));
        assertTrue(u.getMessage().contains("function 'helper_fn' (called at slot 0) is not linked"), u.getMessage());
    }

    @Test
    void kernelSymbolsGoToTheResolver() {
        Instructions p = Asm.program().callKfunc("bpf_dynptr_from_skb").ldKsym(R1, "bpf_prog_active").exit().build();
        assertEquals(List.of(new KernelRef(0, "bpf_dynptr_from_skb", KernelRef.Kind.KFUNC),
                new KernelRef(1, "bpf_prog_active", KernelRef.Kind.KSYM)), p.references());
        AsmException none = assertThrows(AsmException.class, () -> p.resolve(Resolver.ofMaps(n -> null)));
        assertTrue(none.getMessage().contains("kfunc bpf_dynptr_from_skb"), none.getMessage());
        Resolver r = new Resolver() {
            @Override
            public OptionalInt mapFd(String name) {
                return OptionalInt.empty();
            }

            @Override
            public Insn kernelSymbol(KernelRef ref, Insn original) {
                return ref.kind() == KernelRef.Kind.KFUNC
                        ? new Insn(Opcodes.JMP | Opcodes.CALL, 0, Opcodes.PSEUDO_KFUNC_CALL, 1, 4242)
                        : Insn.ldImm64(original.dst(), Opcodes.PSEUDO_BTF_ID, (5L << 32) | 77);
            }
        };
        Instructions out = p.resolve(r);
        assertEquals("call kfunc(4242, 1)", out.insns().get(0).toString());
        assertEquals("r1 = btf_id(77) ll", Disassembler.DEFAULT.format(Insn.ldImm64(1, Opcodes.PSEUDO_BTF_ID, 77)));
        assertEquals(5, out.insns().get(1).nextImm());
        Resolver wrongSize = new Resolver() {
            @Override
            public OptionalInt mapFd(String name) {
                return OptionalInt.empty();
            }

            @Override
            public Insn kernelSymbol(KernelRef ref, Insn original) {
                return new Insn(Opcodes.JMP | Opcodes.CALL, 0, 0, 0, 1);
            }
        };
        assertThrows(AsmException.class, () -> p.resolve(wrongSize));
    }

    @Test
    void referencesPrintAndReadBack() {
        Instructions p = Asm.program().callFunction("f").ldFunc(R3, "cb").callKfunc("kf").ldKsym(R1, "ks")
                .ldMapValue(R2, "data", 4).exit().build();
        String text = Disassembler.DEFAULT.disassemble(p);
        assertEquals("""
                \tcall func(f)
                \tr3 = func(cb) ll
                \tcall kfunc(kf)
                \tr1 = ksym(ks) ll
                \tr2 = map_value(data, 4) ll
                \texit
                """, text);
        assertEquals(p, Asm.assemble(text));
    }

    @Test
    void aReferenceMustFitItsInstruction() {
        Insn mov = new Insn(Opcodes.ALU64 | Opcodes.MOV | Opcodes.K, 0, 0, 0, 0);
        AsmException e = assertThrows(AsmException.class,
                () -> new Instructions(List.of(mov), List.of(new FuncRef(0, "f", FuncRef.Kind.CALL)), Map.of()));
        assertTrue(e.getMessage().contains("does not point at a bpf-to-bpf call"), e.getMessage());
        assertThrows(AsmException.class,
                () -> new Instructions(List.of(mov), List.of(new KernelRef(0, "k", KernelRef.Kind.KSYM)), Map.of()));
    }

    @Test
    void theReadmeExampleAssemblesAndLinks() {
        Instructions countOne = Asm.assemble("r0 = 0\nexit\n");
        Instructions code = Asm.assemble("""
                r1 = map(counts) ll       ; resolved at load: the fd of the map named counts
                call func(count_one)      ; a function linked in by name
                r0 = 2
                exit
                """).link(Map.of("count_one", countOne));
        assertEquals(List.of(new MapRef(0, "counts", MapRef.Kind.FD)), code.references());
        assertEquals(7, code.slotCount());
        assertEquals(2, code.insnAtSlot(2).imm(), "call count_one at slot 5: 5 - (2 + 1)");
        assertEquals(Map.of("count_one", 5), code.labels());
    }
}
