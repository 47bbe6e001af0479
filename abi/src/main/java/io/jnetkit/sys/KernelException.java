package io.jnetkit.sys;

/**
 * A system call failed. The message reads "verb object: ENAME (description)" and, when the
 * kernel said more, ": the kernel's text" — e.g.
 * {@code create link task_nk: EEXIST (File exists): ipv4: Address already assigned}.
 */
public class KernelException extends RuntimeException {
    private final String operation;
    private final int errno;
    private final String kernelMessage;

    public KernelException(String operation, int errno) {
        this(operation, errno, null);
    }

    public KernelException(String operation, int errno, String kernelMessage) {
        super(format(operation, errno, kernelMessage));
        this.operation = operation;
        this.errno = errno;
        this.kernelMessage = kernelMessage == null || kernelMessage.isBlank() ? null : kernelMessage;
    }

    private static String format(String operation, int errno, String kernelMessage) {
        StringBuilder sb = new StringBuilder(operation).append(": ")
                .append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')');
        if (kernelMessage != null && !kernelMessage.isBlank()) {
            sb.append(": ").append(kernelMessage);
        }
        return sb.toString();
    }

    /** What was being done, e.g. {@code create link task_nk}. */
    public String operation() { return operation; }

    /** The positive errno value. */
    public int errno() { return errno; }

    /** The errno's kernel name, e.g. {@code EEXIST}. */
    public String errnoName() { return Errno.name(errno); }

    /** The kernel's own text (netlink extended ack), or null when it said nothing more. */
    public String kernelMessage() { return kernelMessage; }
}
