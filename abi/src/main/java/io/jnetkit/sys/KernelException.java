package io.jnetkit.sys;

/**
 * A system call failed. Keeps apart what the kernel said and what jnetkit adds:
 * <ul>
 *   <li>{@link #errno()} / {@link #errnoName()}: the kernel's errno;</li>
 *   <li>{@link #kernelText()}: the kernel's own words beyond the errno (a netlink extended ack,
 *       the verifier's log lines), or null;</li>
 *   <li>{@link #hint()}: jnetkit's explanation of what the errno means here, or null.</li>
 * </ul>
 * The message always has the same shape, "operation: ENAME (description)", then ": kernel text"
 * when the kernel said more, then "; hint" when jnetkit knows one — e.g.
 * {@code create link task_nk: EEXIST (File exists): ipv4: Address already assigned} or
 * {@code get link nope0: ENODEV (No such device); link nope0 does not exist}.
 */
public class KernelException extends RuntimeException {
    private final String operation;
    private final int errno;
    private final String kernelText;
    private final String hint;

    public KernelException(String operation, int errno) {
        this(operation, errno, null, null);
    }

    /** With the kernel's own text (an extended ack, a verifier log summary); blank counts as none. */
    public KernelException(String operation, int errno, String kernelText) {
        this(operation, errno, kernelText, null);
    }

    /**
     * @param kernelText the kernel's own words beyond the errno, or null
     * @param hint       jnetkit's explanation, or null
     */
    public KernelException(String operation, int errno, String kernelText, String hint) {
        super(format(operation, errno, blankToNull(kernelText), blankToNull(hint)));
        this.operation = operation;
        this.errno = errno;
        this.kernelText = blankToNull(kernelText);
        this.hint = blankToNull(hint);
    }

    /**
     * The same failure (operation, errno, kernel text) with jnetkit's {@code hint}; keeps the
     * stack trace. A plain KernelException unless a subclass overrides this to keep its type
     * (NetlinkException does).
     */
    public KernelException withHint(String hint) {
        KernelException e = new KernelException(operation, errno, kernelText, hint);
        e.setStackTrace(getStackTrace());
        return e;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String format(String operation, int errno, String kernelText, String hint) {
        StringBuilder sb = new StringBuilder(operation).append(": ")
                .append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')');
        if (kernelText != null) {
            sb.append(": ").append(kernelText);
        }
        if (hint != null) {
            sb.append("; ").append(hint);
        }
        return sb.toString();
    }

    /** What was being done, e.g. {@code create link task_nk}. */
    public String operation() { return operation; }

    /** The positive errno value. */
    public int errno() { return errno; }

    /** The errno's kernel name, e.g. {@code EEXIST}. */
    public String errnoName() { return Errno.name(errno); }

    /** The kernel's own text (netlink extended ack, verifier log lines), or null when it said nothing more. */
    public String kernelText() { return kernelText; }

    /** Same as {@link #kernelText()} (the older name). */
    public String kernelMessage() { return kernelText; }

    /** jnetkit's explanation of the errno in this place, or null when it has none. */
    public String hint() { return hint; }
}
