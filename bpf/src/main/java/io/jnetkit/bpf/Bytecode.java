package io.jnetkit.bpf;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Raw eBPF instructions, 8 bytes each in the kernel's little-endian layout: opcode u8 @0,
 * registers u8 @1 (dst in the low nibble, src in the high one), offset s16 @2, immediate
 * s32 @4. A 64-bit immediate load ({@code ld_imm64}, opcode 0x18) takes two slots.
 *
 * <p>An immutable value; the assembler and ELF reader produce these. As a {@code long} an
 * instruction is those 8 bytes read little-endian, so {@code r0 = 2} ({@code mov64 r0, 2}) is
 * {@code 0x00000002_000000b7L} and {@code exit} is {@code 0x95L}.
 */
public final class Bytecode {
    private final byte[] bytes;

    private Bytecode(byte[] bytes) {
        this.bytes = bytes;
    }

    /** From instructions as little-endian longs (see the class comment). */
    public static Bytecode of(long... insns) {
        byte[] b = new byte[insns.length * 8];
        for (int i = 0; i < insns.length; i++) {
            long v = insns[i];
            for (int j = 0; j < 8; j++) {
                b[i * 8 + j] = (byte) (v >>> (8 * j));
            }
        }
        return new Bytecode(b);
    }

    /** From raw bytes, a multiple of 8 long. */
    public static Bytecode fromBytes(byte[] bytes) {
        if (bytes.length % 8 != 0) {
            throw new IllegalArgumentException("eBPF instructions are 8 bytes each; got " + bytes.length + " bytes");
        }
        return new Bytecode(bytes.clone());
    }

    /**
     * Packs one instruction: {@code encode(0xb7, 0, 0, 0, 2)} is {@code r0 = 2}. Not an
     * assembler: the caller chooses the opcode byte.
     */
    public static long encode(int opcode, int dst, int src, int offset, int imm) {
        if ((opcode & ~0xff) != 0 || (dst & ~0xf) != 0 || (src & ~0xf) != 0 || offset < Short.MIN_VALUE
                || offset > 0xffff) {
            throw new IllegalArgumentException("instruction field out of range");
        }
        return (opcode & 0xffL) | (long) (dst | src << 4) << 8 | (offset & 0xffffL) << 16 | (imm & 0xffff_ffffL) << 32;
    }

    /** Number of 8-byte slots (an ld_imm64 counts two). */
    public int count() {
        return bytes.length / 8;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** Slot {@code i} as a little-endian long. */
    public long get(int i) {
        long v = 0;
        for (int j = 7; j >= 0; j--) {
            v = v << 8 | (bytes[i * 8 + j] & 0xffL);
        }
        return v;
    }

    /** A copy of the raw bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytecode other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Bytecode[");
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < count(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(hex.formatHex(bytes, i * 8, i * 8 + 8));
        }
        return sb.append(']').toString();
    }
}
