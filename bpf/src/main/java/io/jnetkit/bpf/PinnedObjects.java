package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.sys.Fd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is pinned at a bpffs path, without assuming it: BPF_OBJ_GET opens any pinned object,
 * and the descriptor's {@code /proc/self/fdinfo} entry names its kind ({@code link_type:},
 * {@code prog_type:} or {@code map_type:}). {@code bpftool} does the same before it prints a pin.
 */
public final class PinnedObjects {
    private PinnedObjects() {}

    /** The kind of a pinned bpf object. */
    public enum Kind {
        LINK("link"), PROGRAM("program"), MAP("map"), OTHER("bpf object");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** "link", "program", "map", "bpf object". */
        public String word() {
            return word;
        }
    }

    /**
     * The kind of the object pinned at {@code path}. Throws the kernel's error when nothing is
     * pinned there (ENOENT) or the path is not on a bpffs (EPERM/EINVAL from BPF_OBJ_GET).
     */
    public static Kind kind(Path path) {
        String what = "open pinned object " + path;
        try (Fd fd = Fd.adopt(Bpf.objGet(what, path.toString(), 0), what)) {
            return kindOfFd(fd.value());
        }
    }

    static Kind kindOfFd(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("link_type:")) return Kind.LINK;
                if (line.startsWith("prog_type:")) return Kind.PROGRAM;
                if (line.startsWith("map_type:")) return Kind.MAP;
            }
            return Kind.OTHER;
        } catch (IOException e) {
            throw new UncheckedIOException("read fdinfo of fd " + fd + ": " + e.getMessage(), e);
        }
    }
}
