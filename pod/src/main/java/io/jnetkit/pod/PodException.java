package io.jnetkit.pod;

/**
 * A pod operation refused by jnetkit itself (the kernel's refusals stay
 * {@link io.jnetkit.sys.KernelException}s, carrying errno and extack). {@link #kind()} lets a front
 * end choose an exit status without reading the message.
 */
public final class PodException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** Something of the same name exists and is not the pod's (another device, a pair whose other end is elsewhere). */
        CONFLICT,
        /** The live pod differs in a way {@code up} does not change in place (datapath, netkit mode): down it first. */
        IMMUTABLE,
        /** A file the spec names is missing or not a usable BPF object. */
        BAD_OBJECT,
        /** The kernel lacks what the spec asks for (netkit). */
        UNSUPPORTED,
        /** The namespace the spec names by path (a runtime's) does not exist. */
        NETNS_MISSING
    }

    private final Kind kind;

    public PodException(Kind kind, String message) {
        this(kind, message, null);
    }

    public PodException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
