package io.jnetkit.hooks;

import io.jnetkit.bpf.PinnedObjects;
import io.jnetkit.sys.internal.Linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The BPF filesystem whose pins outlive this process: the one mounted at {@code /sys/fs/bpf}
 * in the <em>host's</em> mount namespace — the one jnetkit's nearest ancestor outside its own
 * mount namespace sees (for {@code ip netns exec}: the shell that ran it).
 *
 * <p>Why not simply {@code /sys/fs/bpf}: {@code ip netns exec} runs its command in a private
 * mount namespace with a fresh sysfs, so {@code /sys/fs/bpf} there is an empty directory. A
 * bpffs mounted on it (what bpftool does when none is mounted) is private to that namespace and
 * disappears, with every link pinned in it, when the command exits. So:
 * <ul>
 *   <li>no ancestor lives in another mount namespace: this is the host's; use (or, like
 *       bpftool, mount) {@code /sys/fs/bpf};</li>
 *   <li>the host's bpffs is visible here at {@code /sys/fs/bpf} (the same superblock): use that path;</li>
 *   <li>it is not (a private mount namespace): pin through {@code /proc/<ancestor>/root/sys/fs/bpf},
 *       which resolves in that process's mount namespace, and say so in {@link #note()};</li>
 *   <li>the host has no bpffs, or only this namespace has one: refuse with
 *       {@link HookException.Kind#NOT_PERSISTENT} — mounting one here would vanish with the process.</li>
 * </ul>
 * The system property {@code jnetkit.bpffs} or the environment variable {@code JNETKIT_BPFFS}
 * names another, already mounted bpffs instead (tests use a private one each).
 */
public final class Bpffs {
    public static final Path DEFAULT = Path.of("/sys/fs/bpf");

    private final Path root;
    private final String note;

    private Bpffs(Path root, String note) {
        this.root = root;
        this.note = note;
    }

    /** The bpffs root to pin under: {@code /sys/fs/bpf}, {@code /proc/1/root/sys/fs/bpf} or the configured one. */
    public Path root() {
        return root;
    }

    /** {@code <root>/jnetkit}: every pin jnetkit makes by default lives below. */
    public Path jnetkitDir() {
        return root.resolve("jnetkit");
    }

    /** What was unusual about finding the root (mounted it, pinning through pid 1's root), or null. */
    public String note() {
        return note;
    }

    /** The configured root, or null for the default. */
    static Path configured() {
        String p = System.getProperty("jnetkit.bpffs");
        if (p == null || p.isBlank()) p = System.getenv("JNETKIT_BPFFS");
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /**
     * Finds the persistent bpffs as described above, mounting the default one when that is
     * safe. Throws {@link HookException} (NOT_PERSISTENT, or INVALID for a configured root that
     * is not a mounted bpffs).
     */
    public static Bpffs locate() {
        Path custom = configured();
        if (custom != null) {
            if (mountOf(Path.of("/proc/self/mountinfo"), custom.toAbsolutePath().normalize()) == null) {
                throw new HookException(HookException.Kind.INVALID,
                        custom + " (from jnetkit.bpffs / JNETKIT_BPFFS) is not a mounted bpffs");
            }
            return new Bpffs(custom, null);
        }
        String mine = mountOf(Path.of("/proc/self/mountinfo"), DEFAULT);
        Long outside = ancestorInAnotherMountNamespace();
        if (outside == null) {
            // As far as we can tell this is the host's mount namespace: its bpffs is the one.
            if (mine != null) return new Bpffs(DEFAULT, null);
            try {
                Files.createDirectories(DEFAULT);
                Linux.mount("bpf", DEFAULT.toString(), "bpf", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, "mode=0700");
            } catch (IOException e) {
                throw new UncheckedIOException("create " + DEFAULT + ": " + e.getMessage(), e);
            }
            return new Bpffs(DEFAULT, "mounted a bpffs at /sys/fs/bpf (none was mounted)");
        }
        Path proc = Path.of("/proc/" + outside);
        String theirs = mountOf(proc.resolve("mountinfo"), DEFAULT);
        if (mine != null && mine.equals(theirs)) {
            return new Bpffs(DEFAULT, null);
        }
        if (theirs != null) {
            Path root = proc.resolve("root/sys/fs/bpf");
            if (!Files.isDirectory(root)) {
                throw notPersistent("the host's bpffs is not reachable through " + root);
            }
            return new Bpffs(root, "this process runs in a private mount namespace (ip netns exec?) where "
                    + "/sys/fs/bpf is not the host's bpffs; pinning through " + root);
        }
        throw notPersistent(mine != null ? "the bpffs at /sys/fs/bpf belongs to this process's private mount namespace"
                : "no bpffs is mounted at /sys/fs/bpf on the host");
    }

    /**
     * The nearest ancestor process (parent, its parent, … pid 1) that lives in another mount
     * namespace and whose mounts we may read, or null when every readable one shares ours.
     * {@code ip netns exec} unshares the mount namespace of the command it runs: its parent (the
     * shell) still sees the host's mounts. Ancestors whose namespace we may not inspect (a
     * sandbox's pid 1) are skipped.
     */
    private static Long ancestorInAnotherMountNamespace() {
        Path mine;
        try {
            mine = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        long pid = ProcessHandle.current().pid();
        for (int depth = 0; depth < 64 && pid > 1; depth++) {
            pid = parentOf(pid);
            if (pid <= 0) return null;
            try {
                Path ns = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/mnt"));
                if (!ns.equals(mine) && Files.isReadable(Path.of("/proc/" + pid + "/mountinfo"))) {
                    return pid;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not ours to inspect: look further up
            }
        }
        return null;
    }

    private static long parentOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("PPid:")) return Long.parseLong(line.substring(5).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    private static HookException notPersistent(String why) {
        return new HookException(HookException.Kind.NOT_PERSISTENT, why + ", and this process runs in a private "
                + "mount namespace (ip netns exec?): pins made here would vanish when it exits; "
                + "mount one on the host (mount -t bpf bpf /sys/fs/bpf) or use 'jnetkit -n NS …' instead of 'ip netns exec'");
    }

    /**
     * The device ({@code major:minor}, field 3 of mountinfo) of the bpffs mounted exactly at
     * {@code mountPoint} according to {@code mountinfo}, or null when none is (the last mount
     * on a point is the visible one).
     */
    static String mountOf(Path mountinfo, Path mountPoint) {
        String found = null;
        for (String[] m : mounts(mountinfo)) {
            if (m[1].equals(mountPoint.toString())) {
                found = m[2].equals("bpf") ? m[0] : null;
            }
        }
        return found;
    }

    /** (device, mount point, fstype) of every mount in {@code mountinfo}, in mount order. */
    private static List<String[]> mounts(Path mountinfo) {
        try (Stream<String> lines = Files.lines(mountinfo)) {
            return lines.map(l -> {
                String[] f = l.split(" ");
                int dash = l.indexOf(" - ");
                String fstype = l.substring(dash + 3).split(" ")[0];
                return new String[] {f[2], unescape(f[4]), fstype};
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + mountinfo + ": " + e.getMessage(), e);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /**
     * Checks that {@code dir} (where a caller-chosen pin goes) lies on a bpffs; INVALID naming the
     * file system type otherwise. Relative paths are taken from the working directory.
     */
    public static void checkOnBpffs(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String best = null;
        int bestLen = -1;
        for (String[] m : mounts(Path.of("/proc/self/mountinfo"))) {
            if (abs.startsWith(Path.of(m[1])) && m[1].length() >= bestLen) {
                best = m[2];
                bestLen = m[1].length();
            }
        }
        if (!"bpf".equals(best)) {
            throw new HookException(HookException.Kind.INVALID, dir + " is not on a bpffs (it is on " + best
                    + "); pin under " + DEFAULT);
        }
    }

    /** What is pinned at {@code path} ({@link PinnedObjects#kind}). */
    public static PinnedObjects.Kind kind(Path path) {
        return PinnedObjects.kind(path);
    }

    /** Removes a pin (unlink on bpffs); true when it was there. */
    public static boolean unpin(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("unpin " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir} and its empty parents up to (not including) {@code stop}; stops at the first non-empty one. */
    static void removeEmptyDirs(Path dir, Path stop) {
        Path d = dir;
        while (d != null && d.startsWith(stop) && !d.equals(stop)) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty (or gone): leave it and its parents
            }
            d = d.getParent();
        }
    }

    /** The pins (not directories) in {@code dir}, sorted; empty when it does not exist. */
    static List<Path> pinsIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Sub-directories of {@code dir}, sorted; empty when it does not exist. */
    static List<Path> dirsIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} and its parents, root-only (bpffs directories default to 0700 under mode=0700 mounts). */
    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bpffs b && b.root.equals(root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return "bpffs " + root + (note == null ? "" : " (" + note + ")");
    }
}
