package io.jnetkit.cli;

import io.jnetkit.netns.NetNsException;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

/** jnetkit's exit codes, listed in {@code --help} and mapped from exceptions here only. */
public enum Exit {
    OK(0, "success"),
    KERNEL(1, "the kernel refused the request (its errno and text are printed)"),
    USAGE(2, "bad command line or bad input (nothing was changed)"),
    NOT_FOUND(3, "a named device, namespace or object does not exist"),
    UNSUPPORTED(4, "the running kernel lacks a needed feature"),
    PERMISSION(5, "not permitted: not root, or a pod's netkit side (its primary manages it)"),
    FAILED(6, "a check or a step failed (doctor, demo)"),
    INTERNAL(70, "internal error (a bug: please report it with --debug output)");

    public final int code;
    public final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The exit code for an exception that escaped a command. */
    public static Exit of(Throwable e) {
        if (e instanceof io.jnetkit.topology.PodFailedException pf) {
            return of(pf.getCause());
        }
        if (e instanceof io.jnetkit.topology.TopologyException) {
            // FILE:LINE:COL: a topology file that does not validate; nothing was touched.
            return USAGE;
        }
        if (e instanceof io.jnetkit.topology.GraphvizException ge) {
            // jnetkit graph: no dot on this machine is a missing feature of the system, not bad
            // input; a dot that fails or hangs is a step that failed.
            return switch (ge.kind()) {
                case NOT_INSTALLED -> UNSUPPORTED;
                case FAILED -> FAILED;
            };
        }
        if (e instanceof io.jnetkit.pod.PodException pe) {
            return switch (pe.kind()) {
                // A name the pod needs is taken by something not its own, or the spec asks for a
                // change only down-then-up makes, or names an unusable object file: the input's fault.
                case CONFLICT, IMMUTABLE, BAD_OBJECT -> USAGE;
                case UNSUPPORTED -> UNSUPPORTED;
                case NETNS_MISSING -> NOT_FOUND;
            };
        }
        if (e instanceof io.jnetkit.elf.ElfException ee) {
            // An object jnetkit cannot take is bad input; one the kernel refused a part of (a map's
            // BTF, say) is the kernel's answer.
            return ee.getCause() instanceof KernelException ke ? of(ke) : USAGE;
        }
        if (e instanceof io.jnetkit.btf.BtfException) {
            // A BTF file (prog load --btf) that does not parse, or types that do not fit a value.
            return USAGE;
        }
        if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof io.jnetkit.elf.ElfException) {
            // An object file that cannot be loaded as written (also when found at load, not at read).
            return USAGE;
        }
        if (e instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof io.jnetkit.bpf.FrozenMapException) {
            // EPERM, but not about privileges: the map's contents are fixed; root cannot change them either.
            return USAGE;
        }
        if (e instanceof KernelException ke) {
            return switch (ke.errno()) {
                case Errno.EPERM -> PERMISSION;
                // netkit refuses its peer's side (hooks, policy) with EACCES: from inside a pod's
                // namespace that is the pod not being permitted, not a bad request. Other EACCES
                // (the verifier's, say) stay the kernel's refusal.
                case Errno.EACCES -> netkitPeer(ke) ? PERMISSION : KERNEL;
                case Errno.ENODEV, Errno.ENOENT, Errno.ESRCH -> NOT_FOUND;
                case Errno.EOPNOTSUPP, Errno.ENOTSUPP, Errno.ENOSYS, Errno.EAFNOSUPPORT,
                     Errno.EPROTONOSUPPORT -> UNSUPPORTED;
                default -> KERNEL;
            };
        }
        if (e instanceof java.io.UncheckedIOException io) {
            // A file the kernel refused: a bpffs pin directory, trace_pipe, an object file.
            return switch (io.getCause()) {
                case java.nio.file.NoSuchFileException n -> NOT_FOUND;
                case java.nio.file.AccessDeniedException a -> PERMISSION;
                case null, default -> KERNEL;
            };
        }
        if (e instanceof io.jnetkit.hooks.HookException he) {
            return switch (he.kind()) {
                case NOT_FOUND, STALE -> NOT_FOUND;
                case INVALID, NOT_PERSISTENT, OUTSIDE_NAMESPACE -> USAGE;
            };
        }
        if (e instanceof NetNsException ne) {
            return switch (ne.kind()) {
                case NOT_FOUND -> NOT_FOUND;
                case EXISTS -> KERNEL;
                case INVALID_NAME, NOT_A_NETNS -> USAGE;
                case FAILED -> ne.getCause() != null ? of(ne.getCause()) : KERNEL;
            };
        }
        return INTERNAL;
    }

    /** Whether an EACCES is netkit's "only through the primary" (its extack, or the bpf hook's hint). */
    private static boolean netkitPeer(KernelException ke) {
        String words = (ke.kernelText() == null ? "" : ke.kernelText()) + " " + (ke.hint() == null ? "" : ke.hint());
        return words.contains("only through the primary") || words.contains("is a netkit peer");
    }

    /** Bad input found by jnetkit before anything was sent to the kernel. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** A named thing does not exist. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
