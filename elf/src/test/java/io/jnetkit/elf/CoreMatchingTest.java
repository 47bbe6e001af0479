package io.jnetkit.elf;

import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.Core;
import io.jnetkit.btf.CoreKind;
import io.jnetkit.btf.CoreRelocation;
import io.jnetkit.btf.CoreTargets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libbpf's CO-RE matching rules without a kernel: core_local.o (flavored types, another layout)
 * relocated against core_target.btf must hold the values clang computed when it compiled the same
 * programs against the target types (core_target.o).
 */
class CoreMatchingTest {
    static final String LOCAL = "/io/jnetkit/elf/fixtures/core_local.o";
    static final String TARGET = "/io/jnetkit/elf/fixtures/core_target.o";
    static final String TARGET_BTF = "/io/jnetkit/elf/fixtures/core_target.btf";
    private static final BtfTypes TARGET_TYPES = BtfTypes.parse(Fixtures.bytes(TARGET_BTF), "core_target.btf");

    private static long[] insns(ElfProgram p) {
        return Slots.of(p.instructions());
    }

    private static Core.Result relocate(CollectionSpec spec, String program) {
        spec.setTargetBtf(TARGET_TYPES);
        return CoreRelocator.of(spec).relocate(spec.program(program));
    }

    /** What each relocated instruction holds: ALU immediate, load offset and size, or the ld_imm64 value. */
    private static List<String> relocatedValues(long[] insns, List<CoreRelocation> relos) {
        List<String> out = new ArrayList<>();
        for (CoreRelocation r : relos) {
            long i = insns[r.instruction()];
            int cls = (int) (i & 7);
            out.add(switch (cls) {
                case 1, 2, 3 -> "mem off " + (short) (i >>> 16) + " size " + (i & 0x18);
                case 0 -> "imm64 " + ((i >>> 32) | insns[r.instruction() + 1] & 0xffff_ffff_0000_0000L);
                default -> "imm " + (int) (i >>> 32);
            });
        }
        out.sort(null);
        return out;
    }

    @Test
    void localRelocatedMatchesTargetCompiled() {
        CollectionSpec local = CollectionSpec.readResource(LOCAL);
        CollectionSpec target = CollectionSpec.readResource(TARGET);
        for (ElfProgram t : target.programs()) {
            ElfProgram l = local.program(t.name());
            Core.Result r = relocate(local, t.name());
            assertEquals(List.of(), r.poisoned(), t.name());
            if (t.name().equals("bitfields")) {
                // clang and libbpf choose different load windows for a bitfield (clang aligns to the
                // struct, libbpf to the field's type); both must extract the same bits.
                assertEquals(bitRecipes(insns(t), t.coreRelocations()), bitRecipes(Slots.of(r.instructions()), l.coreRelocations()));
                continue;
            }
            assertEquals(relocatedValues(insns(t), t.coreRelocations()), relocatedValues(Slots.of(r.instructions()), l.coreRelocations()),
                    t.name());
            if (!t.name().equals("loads")) {
                // Constants only: clang emits the same code for either layout, so all of it must be equal.
                assertEquals(List.of(toList(insns(t))), List.of(toList(Slots.of(r.instructions()))), t.name());
            }
        }
    }

    @Test
    void targetAgainstItselfChangesNothing() {
        CollectionSpec target = CollectionSpec.readResource(TARGET);
        for (ElfProgram t : target.programs()) {
            long[] relocated = Slots.of(relocate(target, t.name()).instructions());
            if (t.name().equals("bitfields")) {
                assertEquals(bitRecipes(insns(t), t.coreRelocations()), bitRecipes(relocated, t.coreRelocations()));
            } else {
                assertEquals(toList(insns(t)), toList(relocated), t.name());
            }
        }
    }

    @Test
    void withoutRelocationTheLocalValuesAreWrong() {
        // The test above could pass vacuously if the layouts agreed; they must not.
        CollectionSpec local = CollectionSpec.readResource(LOCAL);
        CollectionSpec target = CollectionSpec.readResource(TARGET);
        for (ElfProgram t : target.programs()) {
            ElfProgram l = local.program(t.name());
            assertNotEquals(relocatedValues(insns(t), t.coreRelocations()), relocatedValues(insns(l), l.coreRelocations()),
                    t.name());
        }
    }

    /**
     * Per bitfield (relocations grouped by access string): the bits a program extracts — loaded
     * at byte_off, shifted left by lshift and right by rshift — as "start+bits", with signedness.
     */
    private static java.util.Set<String> bitRecipes(long[] insns, List<CoreRelocation> relos) {
        java.util.Map<String, java.util.Map<CoreKind, Integer>> by = new java.util.TreeMap<>();
        for (CoreRelocation r : relos) {
            by.computeIfAbsent(r.accessString(), k -> new java.util.EnumMap<>(CoreKind.class))
                    .put(r.kind(), (int) (insns[r.instruction()] >>> 32));
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (var m : by.values()) {
            if (!m.containsKey(CoreKind.FIELD_LSHIFT_U64)) continue;
            int off = m.get(CoreKind.FIELD_BYTE_OFFSET), size = m.get(CoreKind.FIELD_BYTE_SIZE);
            int lsh = m.get(CoreKind.FIELD_LSHIFT_U64), rsh = m.get(CoreKind.FIELD_RSHIFT_U64);
            int start = off * 8 + rsh - lsh, bits = 64 - rsh;
            assertTrue(start >= off * 8 && start + bits <= (off + size) * 8, "bits outside the loaded window: " + m);
            out.add(start + "+" + bits + (m.containsKey(CoreKind.FIELD_SIGNED) ? " signed=" + m.get(CoreKind.FIELD_SIGNED) : ""));
        }
        assertEquals(3, out.size(), out.toString());
        return out;
    }

    private static List<Long> toList(long[] a) {
        List<Long> out = new ArrayList<>();
        for (long x : a) out.add(x);
        return out;
    }

    // ------------------------------------------------------------------ hand-made relocations

    private static final long MOV_R0_1 = 0xb7L | 1L << 32; // r0 = 1

    private static Core.Result one(BtfTypes local, int typeId, String access, CoreKind kind, long insn, BtfTypes target) {
        CoreRelocation r = new CoreRelocation(0, typeId, local.describe(typeId), access, kind);
        return Core.apply(Slots.code(insn, 0x95), List.of(r), local, CoreTargets.of(target));
    }

    private static BtfTypes localTypes() {
        return BtfTypes.parse(CollectionSpec.readResource(LOCAL).kernelBtf(), "core_local.o");
    }

    @Test
    void typeMatchesIsStricterThanExists() {
        BtfTypes local = localTypes();
        int outer = local.find("outer___local", BtfTypes.KIND_STRUCT).getFirst();
        // exists: any struct of the essential name will do
        assertEquals(1, (int) (Slots.of(one(local, outer, "0", CoreKind.TYPE_EXISTS, MOV_R0_1, TARGET_TYPES).instructions())[0] >>> 32));
        // matches: every local member by name with a matching type; here c and d sit in an
        // anonymous union there, and grows is u32 here, u64 there
        assertEquals(0, (int) (Slots.of(one(local, outer, "0", CoreKind.TYPE_MATCHES, MOV_R0_1, TARGET_TYPES).instructions())[0] >>> 32));
        int color = local.find("color___local", BtfTypes.KIND_ENUM).getFirst();
        // each local enumerator exists in the target's enum of the same size
        assertEquals(1, (int) (Slots.of(one(local, color, "0", CoreKind.TYPE_MATCHES, MOV_R0_1, TARGET_TYPES).instructions())[0] >>> 32));
        // the same BTF matches itself
        assertEquals(1, (int) (Slots.of(one(local, outer, "0", CoreKind.TYPE_MATCHES, MOV_R0_1, local).instructions())[0] >>> 32));
    }

    @Test
    void unmatchedFieldIsPoisonedNotFatal() {
        BtfTypes local = localTypes();
        int inner = local.find("inner___local", BtfTypes.KIND_STRUCT).getFirst();
        // z[3]: the local array has 2 elements, so the access string itself is out of range
        assertThrows(BtfException.class, () -> one(local, inner, "0:0:3", CoreKind.FIELD_BYTE_OFFSET, MOV_R0_1, TARGET_TYPES));
        // against a BTF without struct inner at all: poisoned, with the reason
        BtfTypes other = BtfTypes.parse(CollectionSpec.readResource(Fixtures.CORE_SKB).kernelBtf(), "core_skb.o");
        Core.Result r = one(local, inner, "0:1", CoreKind.FIELD_BYTE_OFFSET, MOV_R0_1, other);
        assertEquals(1, r.poisoned().size());
        assertEquals(0x85L | (long) Core.POISON_HELPER << 32, Slots.of(r.instructions())[0]);
        assertTrue(r.poisoned().getFirst().reason().contains("struct inner"), r.poisoned().getFirst().reason());
        // existence gives 0 instead
        Core.Result e = one(local, inner, "0:1", CoreKind.FIELD_EXISTS, MOV_R0_1, other);
        assertEquals(List.of(), e.poisoned());
        assertEquals(0, (int) (Slots.of(e.instructions())[0] >>> 32));
    }

    @Test
    void signedFieldThatChangesSizeIsPoisoned() {
        BtfTypes local = localTypes();
        int outer = local.find("outer___local", BtfTypes.KIND_STRUCT).getFirst();
        // outer.a is int in both: a 4-byte load stays; c is long long in both
        long ldxW = 0x61L | 1L << 8 | (long) 16 << 16; // r0 = *(u32 *)(r1 + 16), a's local offset
        Core.Result same = one(local, outer, "0:3", CoreKind.FIELD_BYTE_OFFSET, ldxW, TARGET_TYPES);
        assertEquals(List.of(), same.poisoned());
        assertEquals(8, (short) (Slots.of(same.instructions())[0] >>> 16));
        // a load of d (int) checked against a clang offset that is not d's: the instruction is not what clang said
        assertThrows(BtfException.class, () -> one(local, outer, "0:1", CoreKind.FIELD_BYTE_OFFSET, ldxW, TARGET_TYPES));
    }

    @Test
    void ambiguousCandidatesFail() {
        CollectionSpec local = CollectionSpec.readResource(LOCAL);
        ElfException e = assertThrows(ElfException.class, () -> relocate(local, "ambiguous"));
        assertTrue(e.getMessage().startsWith("load prog ambiguous: CO-RE relocation at insn "), e.getMessage());
        assertTrue(e.getMessage().contains("byte_off struct amb___local 0:0") && e.getMessage().contains("ambiguity"),
                e.getMessage());
    }
}
