package io.jnetkit.netns;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;
import io.jnetkit.sys.internal.Syscall;
import io.jnetkit.sys.internal.Sysno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open network namespace: owns a descriptor of its nsfs file, so the namespace stays
 * alive while this object is open even if its name is deleted.
 */
public final class NetNs implements AutoCloseable {
    private final Fd fd;
    private final String name;
    private final String path;

    private NetNs(Fd fd, String name, String path) {
        this.fd = fd;
        this.name = name;
        this.path = path;
    }

    /** The calling thread's namespace (not the process leader's). */
    public static NetNs current() {
        String p = "/proc/thread-self/ns/net";
        return new NetNs(Linux.open(p, Linux.O_RDONLY, 0), null, p);
    }

    /** The namespace of process {@code pid} ({@code /proc/PID/ns/net}); pid 1 is the host's. */
    public static NetNs ofPid(long pid) {
        String p = "/proc/" + pid + "/ns/net";
        try {
            return new NetNs(Linux.open(p, Linux.O_RDONLY, 0), null, p);
        } catch (KernelException e) {
            throw new NetNsException("open netns of pid " + pid + ": " + e.errnoName()
                    + (e.errno() == 2 ? " (no such process)" : ""), e);
        }
    }

    /**
     * Opens a namespace by iproute2 name ({@code task_netns} → {@code /run/netns/task_netns})
     * or by path (anything containing a slash, e.g. {@code /proc/1234/ns/net}). The file must be a
     * network namespace's nsfs file: anything else is {@link NetNsException.Kind#NOT_A_NETNS}
     * ("/etc/passwd is not a network namespace").
     */
    public static NetNs open(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        boolean isPath = nameOrPath.contains("/");
        String p = isPath ? nameOrPath : NetNamespaces.pathOf(nameOrPath).toString();
        if (!isPath && !Files.exists(Path.of(p))) {
            throw new NetNsException(NetNsException.Kind.NOT_FOUND,
                    "netns \"" + nameOrPath + "\" does not exist (see 'jnetkit netns list')", null);
        }
        Fd fd;
        try {
            fd = Linux.open(p, Linux.O_RDONLY, 0);
        } catch (KernelException e) {
            throw new NetNsException("open netns " + nameOrPath + ": " + e.getMessage(), e);
        }
        try {
            checkIsNetNs(fd, p);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
        return new NetNs(fd, isPath ? null : nameOrPath, p);
    }

    /** ioctl NS_GET_NSTYPE (_IO(0xb7, 0x3), Linux 4.11): an nsfs file's CLONE_NEW* type. */
    private static final long NS_GET_NSTYPE = 0xb703;

    /**
     * Any file opens; only an nsfs file of a network namespace can be entered or given to
     * IFLA_NET_NS_FD. Without this check a wrong path fails later with a bare EINVAL.
     */
    private static void checkIsNetNs(Fd fd, String path) {
        Syscall.Result r = Syscall.call(Sysno.IOCTL.number(), fd.value(), NS_GET_NSTYPE, 0, 0, 0, 0);
        if (r.failed()) {
            // ENOTTY (or EINVAL): the file is not on nsfs at all.
            throw new NetNsException(NetNsException.Kind.NOT_A_NETNS,
                    path + " is not a network namespace (not an nsfs file: " + Errno.name(r.errno()) + ")", null);
        }
        int type = (int) r.value();
        if (type != Linux.CLONE_NEWNET) {
            throw new NetNsException(NetNsException.Kind.NOT_A_NETNS,
                    path + " is not a network namespace (it is a " + nsKind(type) + " namespace)", null);
        }
    }

    private static String nsKind(int cloneFlag) {
        return switch (cloneFlag) {
            case 0x00020000 -> "mount";
            case 0x04000000 -> "uts";
            case 0x08000000 -> "ipc";
            case 0x10000000 -> "user";
            case 0x20000000 -> "pid";
            case 0x02000000 -> "cgroup";
            case 0x00000080 -> "time";
            default -> "type 0x" + Integer.toHexString(cloneFlag);
        };
    }

    /** The iproute2 name, or null when opened by path or pid. */
    public String name() { return name; }

    /** The nsfs path this was opened from. */
    public String path() { return path; }

    /** The owned descriptor, e.g. for IFLA_NET_NS_FD. */
    public Fd fd() { return fd; }

    /** A label for messages: the name, else the path. */
    public String label() { return name != null ? name : path; }

    /**
     * The kernel's identity of this namespace, {@code net:[4026531840]}: equal ids are the
     * same namespace however they were opened.
     */
    public String id() {
        try {
            // stat through the fd's magic link reaches the nsfs inode even when the fd was
            // opened through a bind mount under /run/netns (whose readlink is the mount path).
            Object ino = Files.getAttribute(Path.of("/proc/thread-self/fd/" + fd.value()), "unix:ino");
            return "net:[" + ino + "]";
        } catch (IOException | UnsupportedOperationException e) {
            throw new NetNsException("read netns id of " + label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code task} inside this namespace on a fresh platform thread and returns its
     * result. Sockets the task opens stay in this namespace after it returns; threads it
     * starts inherit the namespace.
     */
    public <T> T call(Callable<T> task) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + label()).unstarted(() -> {
            try {
                Linux.setns(fd, Linux.CLONE_NEWNET, "netns " + label());
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new NetNsException("in netns " + label() + ": " + e.getMessage(), e);
        return result.get();
    }

    /**
     * Runs a short task that makes or uses descriptors inside this namespace (opens a socket,
     * writes a {@code /proc/sys/net} file, makes a BPF link) on the calling thread: it enters the
     * namespace, runs {@code task} and goes back, as Go's netns users do under
     * {@code LockOSThread}. {@link #call} hands the task to a fresh thread instead, which costs a
     * thread start and, on a busy machine, a wait for the scheduler at each hand-over: 13 of them
     * per pod made {@code Pods.up} several times slower than Go's netlink under load. The task
     * must not start threads (they would inherit the namespace of the moment) nor block for
     * long. A virtual thread is not pinned to one carrier thread, so there this is {@link #call}.
     */
    public <T> T callInPlace(Callable<T> task) {
        if (Thread.currentThread().isVirtual()) {
            return call(task);
        }
        Fd origin = Linux.open("/proc/thread-self/ns/net", Linux.O_RDONLY, 0);
        try {
            Linux.setns(fd, Linux.CLONE_NEWNET, "netns " + label());
            try {
                return task.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new NetNsException("in netns " + label() + ": " + e.getMessage(), e);
            } finally {
                // Back where the thread was; a thread left in another namespace would quietly
                // send every later request of the caller there.
                Linux.setns(origin, Linux.CLONE_NEWNET, "the calling thread's netns again");
            }
        } finally {
            origin.close();
        }
    }

    /** {@link #call} for code without a result. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "netns " + label();
    }
}
