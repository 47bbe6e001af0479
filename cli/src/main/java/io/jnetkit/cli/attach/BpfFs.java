package io.jnetkit.cli.attach;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.Linux;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The BPF filesystem where jnetkit pins: {@code /sys/fs/bpf} unless the system property
 * {@code jnetkit.bpffs} or the environment variable {@code JNETKIT_BPFFS} names another mount
 * (tests use a private one). Like bpftool, the default is mounted on first use when missing.
 */
public final class BpfFs {
    private BpfFs() {}

    public static final Path DEFAULT = Path.of("/sys/fs/bpf");

    /** What a pinned object is. */
    public enum Kind { LINK, PROGRAM, MAP, OTHER }

    /** The bpffs root jnetkit uses. */
    public static Path root() {
        String p = System.getProperty("jnetkit.bpffs");
        if (p == null || p.isBlank()) p = System.getenv("JNETKIT_BPFFS");
        return p == null || p.isBlank() ? DEFAULT : Path.of(p);
    }

    /** {@code <root>/jnetkit}: everything {@code jnetkit attach} pins by default lives below. */
    public static Path jnetkitDir() {
        return root().resolve("jnetkit");
    }

    /**
     * Makes sure {@link #root()} is a mounted bpffs. Mounts {@code /sys/fs/bpf} when it is not
     * (as bpftool does) and says so on {@code err}; a custom root must already be mounted.
     */
    public static void ensureMounted(PrintWriter err) {
        Path root = root();
        if (isBpffs(root)) return;
        if (!root.equals(DEFAULT)) {
            throw new UsageException(root + " (from jnetkit.bpffs / JNETKIT_BPFFS) is not a mounted bpffs");
        }
        try {
            Files.createDirectories(root);
            Linux.mount("bpf", root.toString(), "bpf", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, "mode=0700");
        } catch (IOException e) {
            throw new UncheckedIOException("create " + root + ": " + e.getMessage(), e);
        }
        err.println("jnetkit: mounted bpffs at " + root + " (it was not mounted)");
        err.flush();
    }

    /** Checks that {@code path}'s directory is on a bpffs, mounting the default one if it is the place. */
    public static void checkPinPath(Path path, PrintWriter err) {
        Path abs = path.toAbsolutePath().normalize();
        if (abs.startsWith(root())) {
            ensureMounted(err);
        }
        String fs = fsType(abs);
        if (!"bpf".equals(fs)) {
            throw new UsageException(path + " is not on a bpffs (it is on " + fs + "); pin under " + root());
        }
    }

    /** True when {@code dir} is the mount point of a bpffs. */
    public static boolean isBpffs(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (String[] m : mounts()) {
            if (m[0].equals(abs.toString()) && m[1].equals("bpf")) return true;
        }
        return false;
    }

    /** The file system type of the mount that holds {@code path}. */
    static String fsType(Path abs) {
        String best = null;
        int bestLen = -1;
        for (String[] m : mounts()) {
            Path mp = Path.of(m[0]);
            if (abs.startsWith(mp) && m[0].length() >= bestLen) {
                best = m[1];
                bestLen = m[0].length();
            }
        }
        return best;
    }

    /** (mount point, fstype) of every mount in this process's mount namespace, in mount order. */
    private static List<String[]> mounts() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return lines.map(l -> {
                String[] f = l.split(" ");
                int dash = l.indexOf(" - ");
                String fstype = l.substring(dash + 3).split(" ")[0];
                return new String[] {unescape(f[4]), fstype};
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** What is pinned at {@code path} (read from the descriptor's fdinfo). Throws ENOENT when nothing is. */
    public static Kind kind(Path path) {
        // Link.fromPinned now refuses a pin of another kind; the library says what is pinned.
        return Kind.valueOf(io.jnetkit.bpf.BpfObjects.pinnedKind(path).name());
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

    /** Removes a pin (unlink on bpffs); true when it was there. */
    public static boolean unpin(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("unpin " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir} and its empty parents up to (not including) {@code stop}. */
    public static void removeEmptyDirs(Path dir, Path stop) {
        Path d = dir;
        while (d != null && d.startsWith(stop) && !d.equals(stop)) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) return;
            } catch (IOException e) {
                return;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                return;
            }
            d = d.getParent();
        }
    }

    /** The pins in {@code dir}, sorted; empty when it does not exist. */
    public static List<Path> pinsIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates the directories of a pin path. */
    public static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isNoEnt(KernelException e) {
        return e.errno() == io.jnetkit.sys.Errno.ENOENT;
    }
}
