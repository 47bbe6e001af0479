package io.jnetkit.asm;

/**
 * The constants of the BPF instruction encoding ({@code include/uapi/linux/bpf.h},
 * {@code bpf_common.h} and the ISA document), for code that builds or inspects raw
 * {@link Insn}s. An opcode is {@code class | source | operation} for ALU and jump classes and
 * {@code class | size | mode} for load and store classes.
 */
public final class Opcodes {
    private Opcodes() {
    }

    // Instruction classes (opcode & 0x07).
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int JMP32 = 0x06;
    public static final int ALU64 = 0x07;

    // Source bit of ALU and jump classes (opcode & 0x08).
    public static final int K = 0x00;
    public static final int X = 0x08;

    // ALU operations (opcode & 0xf0).
    public static final int ADD = 0x00;
    public static final int SUB = 0x10;
    public static final int MUL = 0x20;
    public static final int DIV = 0x30;
    public static final int OR = 0x40;
    public static final int AND = 0x50;
    public static final int LSH = 0x60;
    public static final int RSH = 0x70;
    public static final int NEG = 0x80;
    public static final int MOD = 0x90;
    public static final int XOR = 0xa0;
    public static final int MOV = 0xb0;
    public static final int ARSH = 0xc0;
    public static final int END = 0xd0;

    // Byte order of END in class ALU (the source bit).
    public static final int TO_LE = 0x00;
    public static final int TO_BE = 0x08;

    // Jump operations (opcode & 0xf0).
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int JGT = 0x20;
    public static final int JGE = 0x30;
    public static final int JSET = 0x40;
    public static final int JNE = 0x50;
    public static final int JSGT = 0x60;
    public static final int JSGE = 0x70;
    public static final int CALL = 0x80;
    public static final int EXIT = 0x90;
    public static final int JLT = 0xa0;
    public static final int JLE = 0xb0;
    public static final int JSLT = 0xc0;
    public static final int JSLE = 0xd0;

    // Modes of load and store classes (opcode & 0xe0).
    public static final int IMM = 0x00;
    public static final int ABS = 0x20;
    public static final int IND = 0x40;
    public static final int MEM = 0x60;
    public static final int MEMSX = 0x80;
    public static final int ATOMIC = 0xc0;

    // Sizes (opcode & 0x18).
    public static final int SIZE_W = 0x00;
    public static final int SIZE_H = 0x08;
    public static final int SIZE_B = 0x10;
    public static final int SIZE_DW = 0x18;

    /** {@code ld_imm64}: {@code LD | IMM | DW}. */
    public static final int LD_IMM64 = LD | IMM | SIZE_DW;

    // Atomic operations (imm of STX | ATOMIC).
    public static final int FETCH = 0x01;
    public static final int XCHG = 0xe0 | FETCH;
    public static final int CMPXCHG = 0xf0 | FETCH;

    // ld_imm64 src_reg values.
    public static final int PSEUDO_MAP_FD = 1;
    public static final int PSEUDO_MAP_VALUE = 2;
    public static final int PSEUDO_BTF_ID = 3;
    public static final int PSEUDO_FUNC = 4;
    public static final int PSEUDO_MAP_IDX = 5;
    public static final int PSEUDO_MAP_IDX_VALUE = 6;

    // call src_reg values.
    public static final int CALL_HELPER = 0;
    public static final int PSEUDO_CALL = 1;
    public static final int PSEUDO_KFUNC_CALL = 2;

    /** Instruction class of an opcode. */
    public static int classOf(int opcode) {
        return opcode & 0x07;
    }
}
