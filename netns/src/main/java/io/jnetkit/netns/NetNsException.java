package io.jnetkit.netns;

/** A namespace could not be created, opened, entered or deleted; the message says which and why. */
public class NetNsException extends RuntimeException {
    public NetNsException(String message) {
        super(message);
    }

    public NetNsException(String message, Throwable cause) {
        super(message, cause);
    }
}
