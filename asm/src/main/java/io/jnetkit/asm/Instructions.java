package io.jnetkit.asm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An immutable BPF program: its instructions, the symbolic map references that the loader must
 * resolve, and its symbol table (label name to slot index). Made by {@link Asm} (the builder),
 * {@link Assembler} (text) or {@link #decode(byte[])} (bytes).
 *
 * <p>Slots, not instructions, are the unit of addresses and jump offsets: an {@code ld_imm64}
 * takes two. {@link #slotOf(int)} and {@link #insnAtSlot(int)} translate.
 *
 * <p>Two programs are equal when their instructions, map references and labels are.
 */
public final class Instructions {
    private final List<Insn> insns;
    private final List<MapRef> mapRefs;
    private final Map<String, Integer> labels;
    private final int[] slotOfInsn;
    private final int[] insnOfSlot;

    /**
     * A program from its parts.
     *
     * @param insns   the instructions in order
     * @param mapRefs symbolic map references; each must point at an {@code ld_imm64} of the
     *                matching pseudo kind (map fd or map value)
     * @param labels  label name to slot index (0..slot count; the end of the program is allowed)
     */
    public Instructions(List<Insn> insns, List<MapRef> mapRefs, Map<String, Integer> labels) {
        this.insns = List.copyOf(insns);
        int n = 0;
        for (Insn i : this.insns) {
            n += i.slots();
        }
        slotOfInsn = new int[this.insns.size() + 1];
        insnOfSlot = new int[n + 1];
        java.util.Arrays.fill(insnOfSlot, -1);
        int slot = 0;
        for (int k = 0; k < this.insns.size(); k++) {
            slotOfInsn[k] = slot;
            insnOfSlot[slot] = k;
            slot += this.insns.get(k).slots();
        }
        slotOfInsn[this.insns.size()] = slot;
        insnOfSlot[slot] = this.insns.size();

        List<MapRef> refs = new ArrayList<>(mapRefs);
        refs.sort((a, b) -> Integer.compare(a.slot(), b.slot()));
        for (int k = 0; k < refs.size(); k++) {
            MapRef r = refs.get(k);
            Insn at = insnAtSlotOrNull(r.slot());
            if (at == null || !at.isWide() || at.src() != r.kind().pseudo()) {
                throw new AsmException("map reference '" + r.name() + "' at slot " + r.slot()
                        + " does not point at an ld_imm64 of a map " + (r.kind() == MapRef.Kind.FD ? "fd" : "value")
                        + " (found " + (at == null ? "no instruction start" : at.toString()) + ")");
            }
            if (k > 0 && refs.get(k - 1).slot() == r.slot()) {
                throw new AsmException("two map references at slot " + r.slot());
            }
        }
        this.mapRefs = List.copyOf(refs);

        Map<String, Integer> l = new LinkedHashMap<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            String name = e.getKey();
            int s = e.getValue();
            if (!Asm.isValidSymbol(name)) {
                throw new AsmException("invalid label name '" + name + "'");
            }
            if (s < 0 || s > insnOfSlot.length - 1 || insnOfSlot[s] < 0) {
                throw new AsmException("label '" + name + "' at slot " + s + " is not at an instruction boundary");
            }
            l.put(name, s);
        });
        this.labels = Collections.unmodifiableMap(l);
    }

    /** A program of plain instructions, without map references or labels. */
    public static Instructions of(List<Insn> insns) {
        return new Instructions(insns, List.of(), Map.of());
    }

    /** The instructions in order. */
    public List<Insn> insns() {
        return insns;
    }

    /** The symbolic map references, ordered by slot. */
    public List<MapRef> mapRefs() {
        return mapRefs;
    }

    /** Label name to slot index, ordered by slot. */
    public Map<String, Integer> labels() {
        return labels;
    }

    /** Labels grouped by slot (several names may share one). */
    public Map<Integer, List<String>> labelsBySlot() {
        Map<Integer, List<String>> m = new TreeMap<>();
        labels.forEach((name, slot) -> m.computeIfAbsent(slot, s -> new ArrayList<>()).add(name));
        return m;
    }

    /** Number of 8-byte slots, the {@code insn_cnt} the kernel wants. */
    public int slotCount() {
        return slotOfInsn[insns.size()];
    }

    /** The slot index of the instruction at list index {@code index} (or of the end, for {@code size()}). */
    public int slotOf(int index) {
        Objects.checkIndex(index, slotOfInsn.length);
        return slotOfInsn[index];
    }

    /** The instruction starting at this slot. */
    public Insn insnAtSlot(int slot) {
        Insn i = insnAtSlotOrNull(slot);
        if (i == null) {
            throw new AsmException("no instruction starts at slot " + slot);
        }
        return i;
    }

    /** The list index of the instruction starting at this slot, {@code size()} for the end, or -1. */
    public int indexOfSlot(int slot) {
        return slot < 0 || slot >= insnOfSlot.length ? -1 : insnOfSlot[slot];
    }

    private Insn insnAtSlotOrNull(int slot) {
        int k = indexOfSlot(slot);
        return k < 0 || k >= insns.size() ? null : insns.get(k);
    }

    /** The map reference of the {@code ld_imm64} at this slot, or {@code null}. */
    public MapRef mapRefAt(int slot) {
        for (MapRef r : mapRefs) {
            if (r.slot() == slot) {
                return r;
            }
        }
        return null;
    }

    /** The little-endian byte image, 8 bytes per slot, as {@code BPF_PROG_LOAD} takes it. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(slotCount() * Insn.SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Insn i : insns) {
            i.encode(buf);
        }
        return buf.array();
    }

    /**
     * This program with every symbolic map reference resolved: {@code fdOf} gives the map's file
     * descriptor (or, for maps by index, whatever the caller wants in {@code imm}), which is put
     * into the {@code ld_imm64}'s {@code imm}. The result has no map references left.
     *
     * @throws AsmException if {@code fdOf} returns {@code null} for a name
     */
    public Instructions resolveMaps(Function<String, Integer> fdOf) {
        List<Insn> out = new ArrayList<>(insns);
        for (MapRef r : mapRefs) {
            Integer fd = fdOf.apply(r.name());
            if (fd == null) {
                throw new AsmException("no map '" + r.name() + "' to resolve the reference at slot " + r.slot());
            }
            int k = insnOfSlot[r.slot()];
            out.set(k, out.get(k).withImm(fd));
        }
        return new Instructions(out, List.of(), labels);
    }

    /** The names of the maps this program references, in order of first use. */
    public List<String> mapNames() {
        return mapRefs.stream().map(MapRef::name).distinct().toList();
    }

    /**
     * Decodes a little-endian byte image (8 bytes per slot) into instructions, without labels or
     * map references.
     *
     * @throws AsmException with the slot index, for a length that is not a multiple of 8, a
     *                      truncated {@code ld_imm64}, or an invalid instruction
     */
    public static Instructions decode(byte[] bytes) {
        return of(decodeInsns(bytes));
    }

    /** Decodes instructions from a byte image; see {@link #decode(byte[])}. */
    public static List<Insn> decodeInsns(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length % Insn.SLOT_BYTES != 0) {
            throw new AsmException("program of " + bytes.length + " bytes is not a whole number of 8-byte slots");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / Insn.SLOT_BYTES;
        List<Insn> out = new ArrayList<>(n);
        for (int slot = 0; slot < n; slot++) {
            int opcode = buf.get() & 0xff;
            int regs = buf.get() & 0xff;
            int off = buf.getShort();
            int imm = buf.getInt();
            int nextImm = 0;
            if (opcode == Opcodes.LD_IMM64) {
                if (slot + 1 >= n) {
                    throw new AsmException("slot " + slot + ": ld_imm64 needs two slots but the program ends after the first");
                }
                int op2 = buf.get() & 0xff;
                int regs2 = buf.get() & 0xff;
                int off2 = buf.getShort();
                nextImm = buf.getInt();
                if (op2 != 0 || regs2 != 0 || off2 != 0) {
                    throw new AsmException("slot " + (slot + 1) + ": second slot of the ld_imm64 at slot " + slot
                            + " must have opcode, registers and offset 0 (found opcode 0x" + Insn.hex2(op2)
                            + ", registers 0x" + Insn.hex2(regs2) + ", offset " + off2 + ")");
                }
            }
            try {
                out.add(new Insn(opcode, regs & 0x0f, regs >>> 4, off, imm, nextImm));
            } catch (AsmException e) {
                throw new AsmException("slot " + slot + ": " + e.getMessage(), e);
            }
            if (nextImm != 0 || opcode == Opcodes.LD_IMM64) {
                slot++;
            }
        }
        return out;
    }

    /** The program as assembly text (see {@link Disassembler}). */
    @Override
    public String toString() {
        return Disassembler.DEFAULT.disassemble(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instructions p && insns.equals(p.insns) && mapRefs.equals(p.mapRefs) && labels.equals(p.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(insns, mapRefs, labels);
    }
}
