package io.jnetkit.asm;

/**
 * The eleven BPF registers: R0 return value, R1–R5 arguments (R1 holds the context on entry),
 * R6–R9 callee-saved, R10 the read-only frame pointer.
 */
public enum Reg {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Reg[] ALL = values();

    /** The register number, 0..10. */
    public int index() {
        return ordinal();
    }

    /** The register with this number. */
    public static Reg of(int index) {
        if (index < 0 || index >= ALL.length) {
            throw new AsmException("register r" + index + " out of range r0..r10");
        }
        return ALL[index];
    }
}
