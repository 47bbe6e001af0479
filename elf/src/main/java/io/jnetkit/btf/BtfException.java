package io.jnetkit.btf;

/** Malformed or unusable BTF, or a CO-RE relocation that cannot be applied; the message says which and why. */
public class BtfException extends RuntimeException {
    public BtfException(String message) {
        super(message);
    }

    public BtfException(String message, Throwable cause) {
        super(message, cause);
    }
}
