package io.jnetkit.netns;

/** A namespace could not be created, opened, entered or deleted; the message says which and why. */
public class NetNsException extends RuntimeException {
    /** What went wrong, for callers that act on it (the CLI maps it to an exit code). */
    public enum Kind {
        /** No namespace by that name or path. */
        NOT_FOUND,
        /** A namespace by that name exists already. */
        EXISTS,
        /** The name cannot be a namespace name (iproute2's rules). */
        INVALID_NAME,
        /** The path names a file that is not a network namespace (not nsfs, or another namespace type). */
        NOT_A_NETNS,
        /** The kernel or the filesystem refused; the cause says how. */
        FAILED
    }

    private final Kind kind;

    public NetNsException(String message) {
        this(Kind.FAILED, message, null);
    }

    public NetNsException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    public NetNsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
