package io.jnetkit.hooks;

/**
 * A hook operation refused by jnetkit itself (the kernel's refusals stay
 * {@link io.jnetkit.sys.KernelException}s). {@link #kind()} says what went wrong, so a front end
 * maps it to an exit status without reading the message.
 */
public final class HookException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** A device, hook, pin or policy named by the caller does not exist. */
        NOT_FOUND,
        /** The request itself is wrong: a netkit hook on a veth, a pin that is not a link… */
        INVALID,
        /** Pinned state whose device or namespace is gone; {@code prune} removes it. */
        STALE,
        /** A pin here would not outlive this process (a private mount namespace without the host's bpffs). */
        NOT_PERSISTENT,
        /** The hook belongs to a device in another namespace and the caller asked not to follow it there. */
        OUTSIDE_NAMESPACE
    }

    private final Kind kind;

    public HookException(Kind kind, String message) {
        this(kind, message, null);
    }

    public HookException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
