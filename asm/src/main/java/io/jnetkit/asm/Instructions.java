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
 * An immutable BPF program: its instructions, the symbolic references that the linker and the
 * loader must resolve ({@link Reference}: maps, functions, kernel symbols), and its symbol table
 * (label name to slot index). {@link #link(Map)} lays out the functions it calls,
 * {@link #resolve(Resolver)} fills in map fds and kernel symbols at load time. Made by {@link Asm} (the builder),
 * {@link Assembler} (text) or {@link #decode(byte[])} (bytes).
 *
 * <p>Slots, not instructions, are the unit of addresses and jump offsets: an {@code ld_imm64}
 * takes two. {@link #slotOf(int)} and {@link #insnAtSlot(int)} translate.
 *
 * <p>Two programs are equal when their instructions, references and labels are.
 */
public final class Instructions {
    private final List<Insn> insns;
    private final List<Reference> refs;
    private final Map<String, Integer> labels;
    private final int[] slotOfInsn;
    private final int[] insnOfSlot;

    /**
     * A program from its parts.
     *
     * @param insns      the instructions in order
     * @param references symbolic references ({@link MapRef}, {@link FuncRef}, {@link KernelRef});
     *                   each must point at an instruction that can carry it, at most one per slot
     * @param labels     label name to slot index (0..slot count; the end of the program is allowed)
     */
    public Instructions(List<Insn> insns, List<? extends Reference> references, Map<String, Integer> labels) {
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

        List<Reference> refs = new ArrayList<>(references);
        refs.sort((a, b) -> Integer.compare(a.slot(), b.slot()));
        for (int k = 0; k < refs.size(); k++) {
            Reference r = refs.get(k);
            Insn at = insnAtSlotOrNull(r.slot());
            if (at == null) {
                throw new AsmException("reference '" + r.name() + "' at slot " + r.slot() + " does not point at an "
                        + "instruction (found no instruction start)");
            }
            String problem = r.mismatch(at);
            if (problem != null) {
                throw new AsmException(problem);
            }
            if (k > 0 && refs.get(k - 1).slot() == r.slot()) {
                throw new AsmException("two references at slot " + r.slot());
            }
        }
        this.refs = List.copyOf(refs);

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

    /** Every symbolic reference (map, function, kernel symbol), ordered by slot. */
    public List<Reference> references() {
        return refs;
    }

    /** The symbolic map references, ordered by slot. */
    public List<MapRef> mapRefs() {
        return refs.stream().filter(MapRef.class::isInstance).map(MapRef.class::cast).toList();
    }

    /** The reference carried by the instruction at this slot, or {@code null}. */
    public Reference referenceAt(int slot) {
        for (Reference r : refs) {
            if (r.slot() == slot) {
                return r;
            }
        }
        return null;
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
        return referenceAt(slot) instanceof MapRef m ? m : null;
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
     * This program with its map and kernel symbol references resolved: each {@link MapRef}'s
     * {@code ld_imm64} gets the map's fd in {@code imm} (a map value's offset stays in the second
     * immediate), each {@link KernelRef}'s instruction is replaced by what the resolver says. The
     * result has no references left and is what {@code BPF_PROG_LOAD} takes. Function references
     * must have been linked first ({@link #link(Map)}).
     *
     * @throws AsmException naming the map for a map the resolver does not know, naming the function
     *                      for an unlinked function reference
     */
    public Instructions resolve(Resolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        List<Insn> out = new ArrayList<>(insns);
        for (Reference r : refs) {
            int k = insnOfSlot[r.slot()];
            Insn at = out.get(k);
            switch (r) {
                case MapRef m -> {
                    java.util.OptionalInt fd = resolver.mapFd(m.name());
                    if (fd.isEmpty()) {
                        throw new AsmException("resolve map reference: no map '" + m.name() + "' (the ld_imm64 at slot "
                                + m.slot() + " loads it)");
                    }
                    out.set(k, at.withImm(fd.getAsInt()));
                }
                case KernelRef kr -> {
                    Insn with = Objects.requireNonNull(resolver.kernelSymbol(kr, at), "resolved instruction");
                    if (with.slots() != at.slots()) {
                        throw new AsmException("resolve kernel symbol " + kr.name() + ": the resolver replaced " + at
                                + " by " + with + ", which takes another number of slots");
                    }
                    out.set(k, with);
                }
                case FuncRef f -> throw new AsmException("resolve function reference: function '" + f.name()
                        + "' (" + (f.kind() == FuncRef.Kind.CALL ? "called" : "loaded") + " at slot " + f.slot()
                        + ") is not linked; link the program with its functions first");
            }
        }
        return new Instructions(out, List.of(), labels);
    }

    /**
     * {@link #resolve(Resolver)} for a program whose only references are to maps: {@code fdOf}
     * gives the map's fd, or null when there is none.
     */
    public Instructions resolveMaps(Function<String, Integer> fdOf) {
        return resolve(Resolver.ofMaps(fdOf));
    }

    /**
     * This program linked with the functions it references ({@link FuncRef}s): each function named
     * and not a label of the program itself is appended once, in the order first referenced
     * (breadth first, its own references followed in turn), and every call or function address
     * gets its pc-relative offset. Each appended function's name becomes a label at its first slot;
     * its map and kernel references move with it. What clang and libbpf do when they put a
     * program's {@code .text} subprograms after it.
     *
     * @param functions function name to code; a function may itself reference others
     * @throws AsmException naming the function for one that is not given
     */
    public Instructions link(Map<String, Instructions> functions) {
        Objects.requireNonNull(functions, "functions");
        if (refs.stream().noneMatch(FuncRef.class::isInstance)) {
            return this;
        }
        List<Insn> out = new ArrayList<>(insns);
        List<Reference> outRefs = new ArrayList<>();
        // The program's own labels and, as they are appended, the functions' names: a name found
        // here is called where it is, from the program and from every appended function alike.
        Map<String, Integer> outLabels = new LinkedHashMap<>(labels);
        // Work list of (program, first slot, first list index) laid out so far.
        record Part(String name, Instructions code, int slot, int index) {}
        java.util.ArrayDeque<Part> queue = new java.util.ArrayDeque<>();
        queue.add(new Part(null, this, 0, 0));
        int total = slotCount();
        while (!queue.isEmpty()) {
            Part part = queue.poll();
            for (Reference r : part.code().refs) {
                int slot = part.slot() + r.slot();
                if (!(r instanceof FuncRef f)) {
                    outRefs.add(r.atSlot(slot));
                    continue;
                }
                Integer target = part.code().labels.get(f.name());
                if (target != null) {
                    target += part.slot();
                } else {
                    target = outLabels.get(f.name());
                }
                if (target == null) {
                    Instructions fn = functions.get(f.name());
                    if (fn == null) {
                        throw new AsmException("link: no function '" + f.name() + "' for the "
                                + (f.kind() == FuncRef.Kind.CALL ? "call" : "function address") + " at slot " + slot
                                + (part.name() == null ? "" : " (in " + part.name() + ")") + "; functions given: "
                                + new java.util.TreeSet<>(functions.keySet()));
                    }
                    target = total;
                    queue.add(new Part(f.name(), fn, total, out.size()));
                    out.addAll(fn.insns);
                    total += fn.slotCount();
                    outLabels.put(f.name(), target);
                }
                int k = part.index() + part.code().indexOfSlot(r.slot());
                Insn at = out.get(k);
                try {
                    out.set(k, at.withRelativeOffset(target - (slot + 1)));
                } catch (AsmException e) {
                    throw new AsmException("link: function '" + f.name() + "' at slot " + target + " is too far from slot "
                            + slot + ": " + e.getMessage(), e);
                }
            }
        }
        return new Instructions(out, outRefs, outLabels);
    }

    /** The names of the maps this program references, in order of first use. */
    public List<String> mapNames() {
        return mapRefs().stream().map(MapRef::name).distinct().toList();
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
        return o instanceof Instructions p && insns.equals(p.insns) && refs.equals(p.refs) && labels.equals(p.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(insns, refs, labels);
    }
}
