package io.jnetkit.hooks;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.sys.MountInfo;
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
 * in the <em>host's</em> mount namespace.
 *
 * <p>Why not simply {@code /sys/fs/bpf}: {@code ip netns exec} runs its command in a private
 * mount namespace with a fresh sysfs, so {@code /sys/fs/bpf} there is an empty directory. A
 * bpffs mounted on it (what bpftool does when none is mounted) is private to that namespace and
 * disappears, with every link pinned in it, when the command exits. So:
 * <ul>
 *   <li>this process shares pid 1's mount namespace, or no ancestor lives in another one: this is
 *       the host's; use {@code /sys/fs/bpf} — and when nothing is mounted there, mount it (as
 *       bpftool does), but only where pid 1's mount namespace is provably ours;</li>
 *   <li>otherwise walk up the ancestors (for {@code ip netns exec}: the shell that ran it) to the
 *       first one in another mount namespace that has a bpffs at {@code /sys/fs/bpf}. The same
 *       file system visible here (same device)? Use {@code /sys/fs/bpf}. Not visible? Pin through
 *       {@code /proc/<ancestor>/root/sys/fs/bpf}, which resolves in that process's mount
 *       namespace, and say so in {@link #note()};</li>
 *   <li>no such ancestor: refuse with {@link HookException.Kind#NOT_PERSISTENT} — a bpffs mounted
 *       here would vanish with the process.</li>
 * </ul>
 * Finding the root never mounts anything; {@link #ensureMounted()} does, for writers. The
 * system property {@code jnetkit.bpffs} or the environment variable {@code JNETKIT_BPFFS} names
 * another bpffs instead (tests use a private one each); found unmounted on an empty directory
 * (someone unmounted it: every pin is gone), writers mount one there again, and readers can say
 * so ({@link #mounted()}).
 *
 * <p>{@link #identity()} names the file system itself (its device number), the same through
 * every path that reaches it: locks are keyed by it, not by the path.
 */
public final class Bpffs {
    public static final Path DEFAULT = Path.of("/sys/fs/bpf");

    private final Path root;
    private final String note;
    private volatile boolean needsMount;

    private Bpffs(Path root, String note, boolean needsMount) {
        this.root = root;
        this.note = note;
        this.needsMount = needsMount;
    }

    /** The bpffs root to pin under: {@code /sys/fs/bpf}, {@code /proc/<pid>/root/sys/fs/bpf} or the configured one. */
    public Path root() {
        return root;
    }

    /** {@code <root>/jnetkit}: every pin jnetkit makes by default lives below. */
    public Path jnetkitDir() {
        return root.resolve("jnetkit");
    }

    /** What was unusual about finding the root (to be mounted, pinning through another process's root), or null. */
    public String note() {
        return note;
    }

    /**
     * The file system's identity, the same through every path that reaches it: its device
     * number ({@code major:minor}); {@code "unmounted"} before {@link #ensureMounted()}.
     */
    public String identity() {
        if (needsMount) return "unmounted";
        try {
            return String.valueOf(Files.getAttribute(root, "unix:dev"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException("stat " + root + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Mounts the default bpffs if {@link #locate()} found none (and found it safe to mount one); writers call this. */
    public synchronized void ensureMounted() {
        if (!needsMount) return;
        if (mountOf(MountInfo.SELF, root.toAbsolutePath().normalize()) == null) {
            try {
                Files.createDirectories(root);
                Linux.mount("bpf", root.toString(), "bpf", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, "mode=0700");
            } catch (IOException e) {
                throw new UncheckedIOException("create " + root + ": " + e.getMessage(), e);
            }
        }
        needsMount = false;
    }

    /**
     * Whether a bpffs is mounted at {@link #root()}: false when {@link #locate()} found none (the
     * default one never mounted, or a configured one unmounted: every pin under it is gone) and
     * {@link #ensureMounted()} has not mounted one yet.
     */
    public boolean mounted() {
        return !needsMount;
    }

    private static boolean emptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** A setting from the system property, else the environment variable; null when neither is set (or blank). */
    static String setting(String property, String env) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) p = System.getenv(env);
        return p == null || p.isBlank() ? null : p;
    }

    /** The configured root, or null for the default. */
    static Path configured() {
        String p = setting("jnetkit.bpffs", "JNETKIT_BPFFS");
        return p == null ? null : Path.of(p);
    }

    /**
     * Finds the persistent bpffs as described above. Throws {@link HookException}
     * (NOT_PERSISTENT, or INVALID for a configured root that is not a mounted bpffs).
     */
    public static Bpffs locate() {
        Path custom = configured();
        if (custom != null) {
            if (mountOf(MountInfo.SELF, custom.toAbsolutePath().normalize()) == null) {
                // An empty directory is what an unmounted bpffs leaves: drift, which writers repair
                // by mounting one again (as bpftool mounts one where it pins). Anything else is the
                // user's to fix: jnetkit never mounts over files.
                if (!emptyDirectory(custom)) {
                    throw new HookException(HookException.Kind.INVALID,
                            custom + " (from jnetkit.bpffs / JNETKIT_BPFFS) is not a mounted bpffs"
                                    + (Files.isDirectory(custom) ? " and not empty" : ""));
                }
                return new Bpffs(custom, custom + " (from jnetkit.bpffs / JNETKIT_BPFFS) is not mounted; mounting a bpffs there",
                        true);
            }
            return new Bpffs(custom, null, false);
        }
        String mine = mountOf(MountInfo.SELF, DEFAULT);
        Boolean initShares = sharesInitMountNamespace();
        if (Boolean.TRUE.equals(initShares)) {
            return mine != null ? new Bpffs(DEFAULT, null, false)
                    : new Bpffs(DEFAULT, "no bpffs was mounted at /sys/fs/bpf; mounting one", true);
        }
        long[] walked = new long[1];
        Long outside = ancestorWithBpffsElsewhere(walked);
        if (outside == null) {
            if (walked[0] == 0 && mine != null) {
                // No ancestor lives in another mount namespace (and pid 1's cannot be read, as in
                // some sandboxes): as far as anyone can tell, this is the host's.
                return new Bpffs(DEFAULT, null, false);
            }
            throw notPersistent(mine != null ? "the bpffs at /sys/fs/bpf cannot be shown to be the host's"
                    : "no bpffs is mounted at /sys/fs/bpf on the host (or it cannot be reached from here)");
        }
        Path theirs = Path.of("/proc/" + outside + "/root/sys/fs/bpf");
        if (mine != null && sameFileSystem(DEFAULT, theirs)) {
            return new Bpffs(DEFAULT, null, false);
        }
        return new Bpffs(theirs, "this process runs in a private mount namespace (ip netns exec?) where "
                + "/sys/fs/bpf is not the host's bpffs; pinning through " + theirs, false);
    }

    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** True/false when pid 1's mount namespace can be compared with ours, null when it cannot be read. */
    private static Boolean sharesInitMountNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).equals(Files.readSymbolicLink(Path.of("/proc/1/ns/mnt")));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The nearest ancestor process (parent, its parent, … pid 1) in another mount namespace that
     * has a bpffs at {@code /sys/fs/bpf} reachable through its {@code /proc/<pid>/root}, or null.
     * {@code walked[0]} counts the ancestors seen in other mount namespaces (with or without one).
     * Ancestors whose namespace we may not inspect (a sandbox's pid 1) are skipped.
     */
    private static Long ancestorWithBpffsElsewhere(long[] walked) {
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
                if (ns.equals(mine)) continue;
                walked[0]++;
                Path info = Path.of("/proc/" + pid + "/mountinfo");
                if (Files.isReadable(info) && mountOf(info, DEFAULT) != null
                        && Files.isDirectory(Path.of("/proc/" + pid + "/root/sys/fs/bpf"))) {
                    return pid;
                }
            } catch (IOException | UnsupportedOperationException | UncheckedIOException e) {
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
        return new HookException(HookException.Kind.NOT_PERSISTENT, why + ", and this process does not share the "
                + "host's mount namespace (ip netns exec?): pins made here could vanish when it exits; "
                + "mount one on the host (mount -t bpf bpf /sys/fs/bpf), use 'jnetkit -n NS …' instead of 'ip netns exec', "
                + "or name a bpffs with JNETKIT_BPFFS");
    }

    /**
     * The device ({@code major:minor}) of the bpffs visible exactly at {@code mountPoint}
     * according to {@code mountinfo}, or null when what is visible there is not a bpffs.
     */
    static String mountOf(Path mountinfo, Path mountPoint) {
        MountInfo.Mount m = MountInfo.at(mountinfo, mountPoint);
        return m != null && m.fsType().equals("bpf") ? m.device() : null;
    }

    /**
     * Checks that {@code dir} (where a caller-chosen pin goes) lies on a bpffs; INVALID naming the
     * file system type otherwise. Relative paths are taken from the working directory.
     */
    public static void checkOnBpffs(Path dir) {
        String best = MountInfo.fsTypeOf(dir);
        if (!"bpf".equals(best)) {
            throw new HookException(HookException.Kind.INVALID, dir + " is not on a bpffs (it is on " + best
                    + "); pin under " + DEFAULT);
        }
    }

    /** What is pinned at {@code path} ({@link BpfObjects#pinnedKind}). */
    public static BpfObjects.Kind kind(Path path) {
        return BpfObjects.pinnedKind(path);
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

    /**
     * Creates {@code dir} and its parents, root-only (0700): a bpffs mounted without mode=0700 (by
     * hand, by a container runtime) would otherwise let every user list the pins.
     */
    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
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
