package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening pins (BPF_OBJ_GET) with errors that say what was asked for and what is there. The
 * kernel hands out a descriptor for whatever kind of object is pinned, so the kind is checked
 * here (fdinfo); a file outside a bpffs gives a bare EACCES, a bpffs directory too.
 */
final class Pins {
    private Pins() {}

    /** A raw descriptor of the {@code expected} kind pinned at {@code path}; the caller adopts it. */
    static int open(Path path, BpfObjects.Kind expected) {
        return open(path, expected, expected);
    }

    /**
     * A raw descriptor of the {@code expected} kind, or of the {@code alsoAccepted} kind, pinned at
     * {@code path} (errors name the expected kind); the caller adopts it and asks which it got.
     */
    static int open(Path path, BpfObjects.Kind expected, BpfObjects.Kind alsoAccepted) {
        String what = "open pinned " + expected.word() + " " + path;
        int raw = openAny(what, path);
        BpfObjects.Kind actual;
        try {
            actual = FdInfo.kind(raw);
        } catch (RuntimeException e) {
            io.jnetkit.sys.internal.Linux.close(raw);
            throw e;
        }
        if (actual != expected && actual != alsoAccepted) {
            io.jnetkit.sys.internal.Linux.close(raw);
            throw new IllegalArgumentException(what + ": " + path + " is a pinned " + actual.word()
                    + ", not a " + expected.word());
        }
        return raw;
    }

    /** What is pinned at {@code path}. */
    static BpfObjects.Kind kind(Path path) {
        String what = "open pin " + path;
        try (Fd fd = Fd.adopt(openAny(what, path), what)) {
            return FdInfo.kind(fd.value());
        }
    }

    private static int openAny(String what, Path path) {
        try {
            return Bpf.objGet(what, path.toString(), 0);
        } catch (KernelException e) {
            if (e.errno() == Errno.ENOENT) {
                throw e.withHint("nothing is pinned at " + path);
            }
            if (Files.exists(path)) {
                String fs = fsType(path);
                if (!"bpf".equals(fs)) {
                    throw new IllegalArgumentException(what + ": " + path + " is not on a bpffs"
                            + (fs == null ? "" : " (it is on " + fs + ")")
                            + "; pins live on a mounted bpffs such as /sys/fs/bpf", e);
                }
                if (Files.isDirectory(path)) {
                    throw new IllegalArgumentException(what + ": " + path + " is a directory on the bpffs, not a pin", e);
                }
            }
            throw e;
        }
    }

    /** The file system type of the mount holding {@code path} (symlinks resolved). */
    static String fsType(Path path) {
        return io.jnetkit.sys.MountInfo.fsTypeOf(path);
    }
}
