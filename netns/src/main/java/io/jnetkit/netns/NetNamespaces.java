package io.jnetkit.netns;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Named namespaces in iproute2's directory: {@code ip netns add|del|list}. */
public final class NetNamespaces {
    private NetNamespaces() {}

    /** Where iproute2 keeps named namespaces. */
    public static final Path RUN_NETNS = Path.of("/run/netns");

    /** The file of namespace {@code name}; checks the name first. */
    public static Path pathOf(String name) {
        validateName(name);
        return RUN_NETNS.resolve(name);
    }

    /** Rejects names iproute2 would reject: empty, ".", "..", with a slash, or too long for a file name. */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new NetNsException(NetNsException.Kind.INVALID_NAME, "invalid netns name: empty", null);
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
            // Names become files in /run/netns: nothing that names another directory.
            throw new NetNsException(NetNsException.Kind.INVALID_NAME, "invalid netns name \"" + name.replace("\0", "\\0")
                    + "\": must be a file name: not . or .., no '/' or NUL", null);
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new NetNsException(NetNsException.Kind.INVALID_NAME, "invalid netns name: longer than 255 bytes", null);
        }
    }

    /** Whether the name is there (bound to a namespace or not: see {@link #bound}). */
    public static boolean exists(String name) {
        return Files.exists(pathOf(name));
    }

    /**
     * Whether {@code name} is there and is a network namespace. A name can be there and be none:
     * {@link #add} (like {@code ip netns add}) first makes the empty file, then binds the new
     * namespace to it, so a process killed between the two leaves a name bound to nothing, which
     * cannot be entered and which {@link #add} refuses (EEXIST). {@link #delete} removes such a name.
     */
    public static boolean bound(String name) {
        if (!exists(name)) return false;
        try (NetNs ignored = NetNs.open(name)) {
            return true;
        } catch (NetNsException e) {
            if (e.kind() == NetNsException.Kind.NOT_A_NETNS || e.kind() == NetNsException.Kind.NOT_FOUND) return false;
            throw e;
        }
    }

    /** Whether {@code name} is there but bound to no namespace (see {@link #bound}). */
    public static boolean unbound(String name) {
        return exists(name) && !bound(name);
    }

    /** Names in {@code /run/netns}, sorted; empty when the directory does not exist. */
    public static List<String> list() {
        if (!Files.isDirectory(RUN_NETNS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(RUN_NETNS)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new NetNsException("list " + RUN_NETNS + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new, empty network namespace named {@code name} and returns it open.
     * Equivalent to {@code ip netns add NAME}. Leaves nothing behind when it fails.
     */
    public static NetNs add(String name) {
        Path path = pathOf(name);
        try {
            Files.createDirectories(RUN_NETNS);
        } catch (IOException e) {
            throw new NetNsException("create " + RUN_NETNS + ": " + e.getMessage(), e);
        }
        makeSharedMount();
        try {
            Linux.open(path.toString(), Linux.O_RDONLY | Linux.O_CREAT | Linux.O_EXCL, 0).close();
        } catch (KernelException e) {
            if (e.errno() == Errno.EEXIST) {
                throw new NetNsException(NetNsException.Kind.EXISTS, "netns \"" + name + "\" already exists", null);
            }
            throw new NetNsException("create netns " + name + ": " + e.getMessage(), e);
        }
        try {
            if (Thread.currentThread().isVirtual()) {
                // A virtual thread may move to another carrier between two calls: a thread of its own.
                Thread t = Thread.ofPlatform().name("netns-add-" + name).unstarted(() -> unshareAndBind(path));
                Throwable[] failure = new Throwable[1];
                t.setUncaughtExceptionHandler((th, ex) -> failure[0] = ex);
                t.start();
                t.join();
                if (failure[0] != null) {
                    throw failure[0] instanceof RuntimeException re ? re : new RuntimeException(failure[0]);
                }
            } else {
                inPlace(path);
            }
            return NetNs.open(name);
        } catch (RuntimeException | InterruptedException e) {
            removeQuietly(path);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new NetNsException("create netns " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the name; the namespace itself lives on while something still uses it (a
     * process, an open {@link NetNs}, a device's peer). Equivalent to {@code ip netns del NAME}.
     */
    public static void delete(String name) {
        Path path = pathOf(name);
        if (!Files.exists(path)) {
            throw new NetNsException(NetNsException.Kind.NOT_FOUND, "netns \"" + name + "\" does not exist", null);
        }
        try {
            Linux.umount(path.toString(), Linux.MNT_DETACH);
        } catch (KernelException e) {
            // EINVAL: not a mount point (a stale file left by a crash); still remove the name.
            if (e.errno() != Errno.EINVAL) {
                throw new NetNsException("delete netns " + name + ": " + e.getMessage(), e);
            }
        }
        try {
            Linux.unlink(path.toString(), 0);
        } catch (KernelException e) {
            throw new NetNsException("delete netns " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * On the calling thread, as Go's netns users do under LockOSThread: unshare into a new
     * namespace, bind it to {@code path}, and go back. A fresh thread per namespace (a thread start
     * and two hand-overs) cost more than the kernel's work of making the namespace on a busy
     * machine. The way back is opened first, so a thread that cannot return is never left behind
     * silently: setns back failing is thrown (and has never been seen: the fd is the thread's own).
     */
    private static void inPlace(Path path) {
        try (io.jnetkit.sys.Fd origin = Linux.open("/proc/thread-self/ns/net", Linux.O_RDONLY, 0)) {
            Linux.unshare(Linux.CLONE_NEWNET);
            try {
                Linux.mount("/proc/thread-self/ns/net", path.toString(), "none", Linux.MS_BIND, null);
            } finally {
                Linux.setns(origin, Linux.CLONE_NEWNET, "the calling thread's netns again");
            }
        }
    }

    private static void unshareAndBind(Path path) {
        // This thread ends right after, so it never needs to switch back.
        Linux.unshare(Linux.CLONE_NEWNET);
        Linux.mount("/proc/thread-self/ns/net", path.toString(), "none", Linux.MS_BIND, null);
    }

    /** Set once /run/netns has been made a shared mount in this process. */
    private static volatile boolean sharedMountDone;

    /**
     * Makes /run/netns a shared mount so that namespaces bound there are seen by every mount
     * namespace. Once per process: a mount call less per add (the kernel's recursive walk over the
     * namespaces bound there is cheap: no difference measured between 3 and 500 of them).
     */
    private static void makeSharedMount() {
        if (sharedMountDone) return;
        makeSharedMountNow();
        sharedMountDone = true;
    }

    private static void makeSharedMountNow() {
        String dir = RUN_NETNS.toString();
        try {
            Linux.mount("none", dir, null, Linux.MS_SHARED | Linux.MS_REC, null);
        } catch (KernelException e) {
            if (e.errno() != Errno.EINVAL) {
                throw new NetNsException("make " + dir + " a shared mount: " + e.getMessage(), e);
            }
            // EINVAL: not a mount point yet. Bind it onto itself, then share it (what iproute2 does).
            Linux.mount(dir, dir, "none", Linux.MS_BIND | Linux.MS_REC, null);
            Linux.mount("none", dir, null, Linux.MS_SHARED | Linux.MS_REC, null);
        }
    }

    private static void removeQuietly(Path path) {
        try {
            Linux.umount(path.toString(), Linux.MNT_DETACH);
        } catch (KernelException ignored) {
            // not mounted
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: the caller reports the original failure
        }
    }
}
