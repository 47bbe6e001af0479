package io.jnetkit.asm;

/** The condition of a conditional jump, with its opcode bits and its assembly operator. */
public enum Cond {
    EQ(Opcodes.JEQ, "=="),
    GT(Opcodes.JGT, ">"),
    GE(Opcodes.JGE, ">="),
    SET(Opcodes.JSET, "&"),
    NE(Opcodes.JNE, "!="),
    SGT(Opcodes.JSGT, "s>"),
    SGE(Opcodes.JSGE, "s>="),
    LT(Opcodes.JLT, "<"),
    LE(Opcodes.JLE, "<="),
    SLT(Opcodes.JSLT, "s<"),
    SLE(Opcodes.JSLE, "s<=");

    private final int code;
    private final String operator;

    Cond(int code, String operator) {
        this.code = code;
        this.operator = operator;
    }

    /** The operation bits ({@code opcode & 0xf0}). */
    public int code() {
        return code;
    }

    /** The operator in assembly text, e.g. {@code s>=}. */
    public String operator() {
        return operator;
    }

    /** The condition with these operation bits, or {@code null}. */
    public static Cond ofCode(int code) {
        for (Cond c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** The condition with this operator, or {@code null}. */
    public static Cond ofOperator(String op) {
        for (Cond c : values()) {
            if (c.operator.equals(op)) {
                return c;
            }
        }
        return null;
    }
}
