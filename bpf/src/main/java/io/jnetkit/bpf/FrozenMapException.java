package io.jnetkit.bpf;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

/**
 * An update or delete refused with EPERM because the map is frozen (BPF_MAP_FREEZE): its
 * contents are fixed for the syscall side for good, whoever the caller is. The ELF loader
 * freezes {@code .rodata} once it has written the constants into it. Not a permission problem:
 * running as root does not help; load the object again with other constants instead.
 */
public final class FrozenMapException extends KernelException {
    public FrozenMapException(String operation, String hint) {
        super(operation, Errno.EPERM, null, hint);
    }
}
