package io.jnetkit.asm;

/**
 * An instruction, program, byte image or assembly text that is not valid BPF. The message says
 * where (slot index, source line or label) and what is wrong.
 */
public class AsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AsmException(String message) {
        super(message);
    }

    public AsmException(String message, Throwable cause) {
        super(message, cause);
    }
}
