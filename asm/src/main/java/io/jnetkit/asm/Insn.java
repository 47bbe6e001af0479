package io.jnetkit.asm;

import static io.jnetkit.asm.Opcodes.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One BPF instruction, as the kernel's {@code struct bpf_insn}: an 8-bit opcode, destination and
 * source register numbers, a signed 16-bit offset and a signed 32-bit immediate. The 64-bit
 * immediate load ({@code ld_imm64}, opcode {@code 0x18}) occupies two 8-byte slots; its second
 * slot carries only the upper 32 bits, held here in {@code nextImm} (zero for every other
 * instruction).
 *
 * <p>Every {@code Insn} is valid: the constructor rejects, with an {@link AsmException}, unknown
 * opcodes, registers outside r0..r10, and non-zero fields that the kernel requires to be zero
 * ("reserved fields"). So every instance encodes, decodes back to itself and prints as text that
 * assembles back to itself.
 *
 * @param opcode  the opcode, 0..255
 * @param dst     destination register number, 0..10
 * @param src     source register number 0..10, or the pseudo kind of {@code ld_imm64}/{@code call}
 * @param off     signed 16-bit offset
 * @param imm     signed 32-bit immediate (the low half of an {@code ld_imm64} value)
 * @param nextImm the high half of an {@code ld_imm64} value; 0 for all other instructions
 */
public record Insn(int opcode, int dst, int src, int off, int imm, int nextImm) {

    /** Bytes per slot. */
    public static final int SLOT_BYTES = 8;

    public Insn {
        String problem = problem(opcode, dst, src, off, imm, nextImm);
        if (problem != null) {
            throw new AsmException(problem);
        }
    }

    /** An instruction that is not an {@code ld_imm64}. */
    public Insn(int opcode, int dst, int src, int off, int imm) {
        this(opcode, dst, src, off, imm, 0);
    }

    /** An {@code ld_imm64} with this pseudo source and 64-bit value. */
    public static Insn ldImm64(int dst, int pseudo, long value) {
        return new Insn(LD_IMM64, dst, pseudo, 0, (int) value, (int) (value >>> 32));
    }

    /** The instruction class, {@code opcode & 7}. */
    public int cls() {
        return opcode & 0x07;
    }

    /** Whether this is an {@code ld_imm64}, which takes two slots. */
    public boolean isWide() {
        return opcode == LD_IMM64;
    }

    /** Number of 8-byte slots: 2 for {@code ld_imm64}, else 1. */
    public int slots() {
        return isWide() ? 2 : 1;
    }

    /** The 64-bit immediate of an {@code ld_imm64} ({@code nextImm << 32 | imm}). */
    public long imm64() {
        return ((long) nextImm << 32) | (imm & 0xffffffffL);
    }

    /** Whether the jump/call target of this instruction is relative: conditional and unconditional jumps, bpf-to-bpf calls and {@code ld_imm64} of a function. */
    public boolean isRelative() {
        return isJump() || isLocalCall() || isWide() && src == PSEUDO_FUNC;
    }

    /** A jump (conditional, {@code goto} or {@code gotol}), not a call or exit. */
    public boolean isJump() {
        int c = cls();
        int op = opcode & 0xf0;
        return (c == JMP || c == JMP32) && op != CALL && op != EXIT;
    }

    /** A {@code gotol}: {@code JMP32 | JA}, whose offset is in {@code imm}. */
    public boolean isLongJump() {
        return opcode == (JMP32 | JA);
    }

    /** A bpf-to-bpf call, whose pc-relative offset is in {@code imm}. */
    public boolean isLocalCall() {
        return opcode == (JMP | CALL) && src == PSEUDO_CALL;
    }

    /**
     * The relative offset of a jump, local call or function load, in slots from the slot after
     * this instruction: {@code off} for jumps, {@code imm} for {@code gotol}, calls and
     * {@code ld_imm64} of a function.
     */
    public int relativeOffset() {
        if (!isRelative()) {
            throw new IllegalStateException("not a relative instruction: " + this);
        }
        return isJump() && !isLongJump() ? off : imm;
    }

    /** This instruction with its relative offset replaced. */
    public Insn withRelativeOffset(int offset) {
        if (!isRelative()) {
            throw new IllegalStateException("not a relative instruction: " + this);
        }
        if (isJump() && !isLongJump()) {
            if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
                throw new AsmException("jump offset " + offset + " out of 16-bit range -32768..32767"
                        + (opcode == (JMP | JA) ? " (use gotol)" : ""));
            }
            return new Insn(opcode, dst, src, offset, imm, nextImm);
        }
        return new Insn(opcode, dst, src, off, offset, nextImm);
    }

    /** This instruction with another immediate (e.g. a map fd put into an {@code ld_imm64}). */
    public Insn withImm(int newImm) {
        return new Insn(opcode, dst, src, off, newImm, nextImm);
    }

    /** Writes this instruction's slot(s), little-endian, into {@code buf} at its position. */
    public void encode(ByteBuffer buf) {
        ByteOrder order = buf.order();
        buf.order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) opcode).put((byte) ((src << 4) | dst)).putShort((short) off).putInt(imm);
        if (isWide()) {
            buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(nextImm);
        }
        buf.order(order);
    }

    /** This instruction's 8 or 16 bytes. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(slots() * SLOT_BYTES);
        encode(buf);
        return buf.array();
    }

    /** The instruction in assembly text (relative targets as {@code +N}/{@code -N}). */
    @Override
    public String toString() {
        return Disassembler.DEFAULT.format(this);
    }

    /**
     * Why these fields are not a valid instruction, or {@code null} if they are. The rules are the
     * kernel verifier's structural checks (unknown opcode, reserved fields) for the ISA up to
     * Linux 6.12.
     */
    static String problem(int opcode, int dst, int src, int off, int imm, int nextImm) {
        if (opcode < 0 || opcode > 0xff) {
            return "opcode " + opcode + " out of range 0..255";
        }
        String what = "opcode 0x" + hex2(opcode);
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            return what + ": offset " + off + " out of 16-bit range -32768..32767";
        }
        if (dst < 0 || dst > 10) {
            return what + ": destination register r" + dst + " out of range r0..r10";
        }
        if (nextImm != 0 && opcode != LD_IMM64) {
            return what + ": only ld_imm64 has a second immediate";
        }
        int cls = opcode & 0x07;
        boolean pseudoSrc = opcode == LD_IMM64 || opcode == (JMP | CALL);
        if (!pseudoSrc && (src < 0 || src > 10)) {
            return what + ": source register r" + src + " out of range r0..r10";
        }
        return switch (cls) {
            case LD -> checkLd(what, opcode, dst, src, off, nextImm);
            case LDX -> checkLdx(what, opcode, imm);
            case ST -> (opcode & 0xe0) != MEM ? unknown(what)
                    : src != 0 ? what + " (store immediate): source register must be 0, was " + src : null;
            case STX -> checkStx(what, opcode, imm);
            case ALU, ALU64 -> checkAlu(what, opcode, cls, src, off, imm);
            default -> checkJmp(what, opcode, cls, dst, src, off, imm);
        };
    }

    private static String checkLd(String what, int opcode, int dst, int src, int off, int nextImm) {
        int mode = opcode & 0xe0;
        int size = opcode & 0x18;
        if (opcode == LD_IMM64) {
            if (off != 0) {
                return what + " (ld_imm64): offset must be 0, was " + off;
            }
            if (src < 0 || src > PSEUDO_MAP_IDX_VALUE) {
                return what + " (ld_imm64): unknown pseudo source " + src + " (0..6)";
            }
            // BPF_PSEUDO_BTF_ID keeps a module BTF's fd in the second immediate (Linux 5.11).
            if (nextImm != 0 && (src == PSEUDO_MAP_FD || src == PSEUDO_MAP_IDX || src == PSEUDO_FUNC)) {
                return what + " (ld_imm64 pseudo source " + src + "): second immediate must be 0, was " + nextImm;
            }
            return null;
        }
        if ((mode != ABS && mode != IND) || size == SIZE_DW) {
            return unknown(what);
        }
        String name = mode == ABS ? " (ld_abs)" : " (ld_ind)";
        if (dst != 0) {
            return what + name + ": destination register must be 0, was " + dst;
        }
        if (off != 0) {
            return what + name + ": offset must be 0, was " + off;
        }
        if (mode == ABS && src != 0) {
            return what + name + ": source register must be 0, was " + src;
        }
        return null;
    }

    private static String checkLdx(String what, int opcode, int imm) {
        int mode = opcode & 0xe0;
        if (mode != MEM && !(mode == MEMSX && (opcode & 0x18) != SIZE_DW)) {
            return unknown(what);
        }
        return imm != 0 ? what + " (load): immediate must be 0, was " + imm : null;
    }

    private static String checkStx(String what, int opcode, int imm) {
        int mode = opcode & 0xe0;
        int size = opcode & 0x18;
        if (mode == MEM) {
            return imm != 0 ? what + " (store): immediate must be 0, was " + imm : null;
        }
        if (mode != ATOMIC || (size != SIZE_W && size != SIZE_DW)) {
            return unknown(what);
        }
        return switch (imm) {
            case ADD, ADD | FETCH, OR, OR | FETCH, AND, AND | FETCH, XOR, XOR | FETCH, XCHG, CMPXCHG -> null;
            default -> what + " (atomic): unknown atomic operation 0x" + Integer.toHexString(imm);
        };
    }

    private static String checkAlu(String what, int opcode, int cls, int src, int off, int imm) {
        int op = opcode & 0xf0;
        boolean x = (opcode & X) != 0;
        if (op > END || (op == END && cls == ALU64 && x) || (op == NEG && x)) {
            return unknown(what);
        }
        if (op == END) {
            if (src != 0) {
                return what + " (byte swap): source register must be 0, was " + src;
            }
            if (off != 0) {
                return what + " (byte swap): offset must be 0, was " + off;
            }
            return imm == 16 || imm == 32 || imm == 64 ? null
                    : what + " (byte swap): width must be 16, 32 or 64, was " + imm;
        }
        if (op == NEG) {
            return src != 0 || off != 0 || imm != 0 ? what + " (neg): source, offset and immediate must be 0" : null;
        }
        if (op == MOV && x) {
            if (!(off == 0 || off == 8 || off == 16 || (off == 32 && cls == ALU64))) {
                return what + " (mov): offset must be 0 or a sign-extension width 8, 16"
                        + (cls == ALU64 ? " or 32" : "") + ", was " + off;
            }
        } else if (op == DIV || op == MOD) {
            if (off != 0 && off != 1) {
                return what + " (" + (op == DIV ? "div" : "mod") + "): offset must be 0 (unsigned) or 1 (signed), was " + off;
            }
        } else if (off != 0) {
            return what + ": offset must be 0, was " + off;
        }
        if (x && imm != 0) {
            return what + " (register source): immediate must be 0, was " + imm;
        }
        if (!x && src != 0) {
            return what + " (immediate source): source register must be 0, was " + src;
        }
        return null;
    }

    private static String checkJmp(String what, int opcode, int cls, int dst, int src, int off, int imm) {
        int op = opcode & 0xf0;
        boolean x = (opcode & X) != 0;
        if (op > JSLE) {
            return unknown(what);
        }
        switch (op) {
            case JA -> {
                if (x) {
                    return unknown(what);
                }
                if (dst != 0 || src != 0) {
                    return what + " (goto): registers must be 0";
                }
                if (cls == JMP && imm != 0) {
                    return what + " (goto): immediate must be 0, was " + imm;
                }
                if (cls == JMP32 && off != 0) {
                    return what + " (gotol): offset must be 0, was " + off;
                }
                return null;
            }
            case CALL -> {
                if (x || cls == JMP32) {
                    return unknown(what);
                }
                if (dst != 0) {
                    return what + " (call): destination register must be 0, was " + dst;
                }
                if (src < 0 || src > PSEUDO_KFUNC_CALL) {
                    return what + " (call): unknown call kind " + src + " (0 helper, 1 bpf-to-bpf, 2 kfunc)";
                }
                if (src == CALL_HELPER && imm < 0) {
                    return what + " (call): helper number must not be negative, was " + imm;
                }
                if (off != 0 && src != PSEUDO_KFUNC_CALL) {
                    return what + " (call): offset must be 0, was " + off;
                }
                return null;
            }
            case EXIT -> {
                if (x || cls == JMP32) {
                    return unknown(what);
                }
                return dst != 0 || src != 0 || off != 0 || imm != 0 ? what + " (exit): all fields must be 0" : null;
            }
            default -> {
                if (x && imm != 0) {
                    return what + " (register compare): immediate must be 0, was " + imm;
                }
                if (!x && src != 0) {
                    return what + " (immediate compare): source register must be 0, was " + src;
                }
                return null;
            }
        }
    }

    private static String unknown(String what) {
        return "unknown " + what;
    }

    static String hex2(int b) {
        return String.format("%02x", b);
    }
}
