package io.jnetkit.cli.prog;

import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.Disassembler;
import io.jnetkit.asm.Helper;
import io.jnetkit.asm.Insn;
import io.jnetkit.asm.Opcodes;
import io.jnetkit.bpf.BpfMap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link InsnPrinter} through the asm module's {@link Disassembler}: llvm-objdump syntax with raw
 * jump offsets ({@code goto +5}, {@code call pc+2}), a helper call followed by a {@code ; name}
 * comment when the name is known. Decodes slot by slot so that one instruction the disassembler
 * does not know (a kernel-internal one in an xlated dump) prints as {@code .insn <hex>} instead of
 * failing the whole dump.
 *
 * <p>Helper names: in an object file (and {@link #RAW}) a call's immediate is the helper id; in
 * the kernel's translated instructions it is the helper's address relative to
 * {@code __bpf_call_base}, which {@link KernelHelpers} resolves through {@code /proc/kallsyms}
 * (what {@code bpftool prog dump xlated} does). Map loads in translated instructions carry the
 * map's kernel id; the map's name follows in a comment.
 */
public final class Disassembly implements InsnPrinter {
    /** For instructions as written in an object file: helper calls by id. */
    public static final Disassembly RAW = new Disassembly(imms -> imm -> Helper.byId(imm).map(Helper::cName), false);

    private static final Disassembler ASM = Disassembler.DEFAULT;

    /** Given all helper-call immediates of a program, how to name one. */
    private final Function<List<Integer>, Function<Integer, Optional<String>>> helpers;

    /** Whether an ld_imm64 of a map holds a kernel map id (translated instructions) to name in a comment. */
    private final boolean mapIds;

    private Disassembly(Function<List<Integer>, Function<Integer, Optional<String>>> helpers, boolean mapIds) {
        this.helpers = helpers;
        this.mapIds = mapIds;
    }

    /**
     * For the kernel's translated instructions: helper calls resolved through kallsyms, if
     * readable; map loads ({@code map_value(ID, OFF)}, {@code map_fd(ID)}) carry the kernel's map
     * id, named in a comment.
     */
    public static Disassembly xlated() {
        return new Disassembly(KernelHelpers::resolver, true);
    }

    private static Optional<String> mapName(int id) {
        try (BpfMap m = BpfMap.fromId(id)) {
            return Optional.of(m.name());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One decoded instruction; {@code insn} null when the disassembler refuses it. {@code helperImm}
     * is set for helper calls, including the kernel's translated ones whose negative immediate
     * (an address offset, not a helper id) {@link Insn} does not accept.
     */
    private record Slot(int index, byte[] bytes, Insn insn, Integer helperImm) {}

    @Override
    public List<Line> print(byte[] image) {
        List<Slot> slots = decode(image);
        List<Integer> calls = new ArrayList<>();
        for (Slot s : slots) {
            if (s.helperImm() != null) calls.add(s.helperImm());
        }
        Function<Integer, Optional<String>> names = calls.isEmpty() ? imm -> Optional.empty() : helpers.apply(calls);
        Map<Integer, Optional<String>> mapNames = new HashMap<>();
        List<Line> out = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            String hex = HexFormat.of().formatHex(s.bytes());
            String text;
            if (s.helperImm() != null) {
                text = "call " + s.helperImm() + names.apply(s.helperImm()).map(n -> "\t; " + n).orElse("");
            } else if (s.insn() == null) {
                text = ".insn " + hex;
            } else {
                text = ASM.format(s.insn());
                Insn i = s.insn();
                if (mapIds && i.isWide() && (i.src() == Opcodes.PSEUDO_MAP_FD || i.src() == Opcodes.PSEUDO_MAP_VALUE)) {
                    text += mapNames.computeIfAbsent(i.imm(), Disassembly::mapName)
                            .map(n -> "\t; map " + n).orElse("");
                }
            }
            out.add(new Line(s.index(), hex, text));
        }
        return out;
    }

    private static List<Slot> decode(byte[] image) {
        ByteBuffer buf = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int n = image.length / Insn.SLOT_BYTES;
        List<Slot> out = new ArrayList<>(n);
        for (int slot = 0; slot < n; slot++) {
            int at = slot * Insn.SLOT_BYTES;
            int opcode = image[at] & 0xff;
            int regs = image[at + 1] & 0xff;
            int off = buf.getShort(at + 2);
            int imm = buf.getInt(at + 4);
            boolean wide = opcode == Opcodes.LD_IMM64 && slot + 1 < n;
            int nextImm = wide ? buf.getInt(at + 12) : 0;
            int len = wide ? 2 * Insn.SLOT_BYTES : Insn.SLOT_BYTES;
            byte[] bytes = new byte[len];
            System.arraycopy(image, at, bytes, 0, len);
            // The kernel leaves a non-zero second half in a translated subprogram address load
            // (BPF_PSEUDO_FUNC, a callback for bpf_loop and the like); its first half is still the
            // offset to the subprogram, which is what is printed ("func(+26)", bpftool "subprog[+26]").
            if (wide && (regs >>> 4) == Opcodes.PSEUDO_FUNC) nextImm = 0;
            // A translated call of a subprogram holds the subprogram's number in imm and the
            // relative offset in off (what bpftool prints as "call pc+7#…"): printed from off.
            if (opcode == (Opcodes.JMP | Opcodes.CALL) && (regs >>> 4) == Opcodes.PSEUDO_CALL && off != 0) {
                imm = off;
                off = 0;
            }
            Insn insn;
            try {
                insn = new Insn(opcode, regs & 0x0f, regs >>> 4, off, imm, nextImm);
                ASM.format(insn);
            } catch (AsmException | IllegalArgumentException e) {
                insn = null;
            }
            boolean helper = opcode == (Opcodes.JMP | Opcodes.CALL) && (regs >>> 4) == Opcodes.CALL_HELPER;
            out.add(new Slot(slot, bytes, insn, helper ? imm : null));
            if (wide) slot++;
        }
        return out;
    }
}
