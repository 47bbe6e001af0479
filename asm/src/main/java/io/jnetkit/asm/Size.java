package io.jnetkit.asm;

/** Access size of a load, store or atomic operation: the {@code sz} bits of the opcode. */
public enum Size {
    /** 32-bit word. */
    W(0x00, 4),
    /** 16-bit half word. */
    H(0x08, 2),
    /** Byte. */
    B(0x10, 1),
    /** 64-bit double word. */
    DW(0x18, 8);

    private final int code;
    private final int bytes;

    Size(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The opcode bits ({@code BPF_W}, {@code BPF_H}, {@code BPF_B}, {@code BPF_DW}). */
    public int code() {
        return code;
    }

    /** Width in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Width in bits. */
    public int bits() {
        return bytes * 8;
    }

    /** The size whose opcode bits are these ({@code opcode & 0x18}). */
    public static Size ofCode(int code) {
        return switch (code & 0x18) {
            case 0x00 -> W;
            case 0x08 -> H;
            case 0x10 -> B;
            default -> DW;
        };
    }

    /** The size of this many bits (8, 16, 32, 64). */
    public static Size ofBits(int bits) {
        return switch (bits) {
            case 8 -> B;
            case 16 -> H;
            case 32 -> W;
            case 64 -> DW;
            default -> throw new AsmException("no access size of " + bits + " bits (8, 16, 32 or 64)");
        };
    }
}
