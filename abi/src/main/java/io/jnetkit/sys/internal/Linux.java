package io.jnetkit.sys.internal;

import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Thin, typed wrappers over the system calls jnetkit uses. Each throws
 * {@link KernelException} with the errno name; EINTR is retried where the call is
 * restartable.
 */
public final class Linux {
    private Linux() {}

    public static final int AT_FDCWD = -100;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80,
            O_CLOEXEC = 0x80000;
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNS = 0x00020000, CLONE_NEWNET = 0x40000000;
    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32,
            MS_BIND = 4096, MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final int SOL_SOCKET = 1, SO_RCVTIMEO = 20;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;

    private static long nr(Sysno s) {
        return s.number();
    }

    public static void close(int fd) {
        // close(2) must not be retried on EINTR: the descriptor is gone either way on Linux.
        Syscall.call(nr(Sysno.CLOSE), fd, 0, 0, 0, 0, 0);
    }

    public static Fd socket(int domain, int type, int protocol, String what) {
        long fd = Syscall.check("open " + what + " socket", nr(Sysno.SOCKET),
                domain, type | SOCK_CLOEXEC, protocol, 0, 0, 0);
        return Fd.adopt((int) fd, what + " socket");
    }

    public static Fd open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            long fd = Syscall.check("open " + path, nr(Sysno.OPENAT),
                    AT_FDCWD, arena.allocateFrom(path).address(), flags | O_CLOEXEC, mode, 0, 0);
            return Fd.adopt((int) fd, path);
        }
    }

    public static void setns(Fd fd, int nstype, String what) {
        Syscall.check("enter " + what, nr(Sysno.SETNS), fd.value(), nstype, 0, 0, 0, 0);
    }

    public static void unshare(int flags) {
        Syscall.check("unshare", nr(Sysno.UNSHARE), flags, 0, 0, 0, 0, 0);
    }

    public static void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            Syscall.check("mount " + target, nr(Sysno.MOUNT),
                    cstr(arena, source), cstr(arena, target), cstr(arena, fstype), flags, cstr(arena, data), 0);
        }
    }

    public static void umount(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            Syscall.check("unmount " + target, nr(Sysno.UMOUNT2), cstr(arena, target), flags, 0, 0, 0, 0);
        }
    }

    /** unlink(2), or rmdir(2) with {@link #AT_REMOVEDIR}. */
    public static void unlink(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            Syscall.check("remove " + path, nr(Sysno.UNLINKAT), AT_FDCWD, cstr(arena, path), flags, 0, 0, 0);
        }
    }

    public static long gettid() {
        return Syscall.call(nr(Sysno.GETTID), 0, 0, 0, 0, 0, 0).value();
    }

    public static void setsockopt(Fd fd, int level, int option, int value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            Syscall.check("set " + what, nr(Sysno.SETSOCKOPT), fd.value(), level, option, v.address(), 4, 0);
        }
    }

    /**
     * SO_RCVTIMEO: a blocking receive on {@code fd} fails with EAGAIN after {@code timeout}
     * (rounded up to a microsecond; zero waits forever).
     */
    public static void setReceiveTimeout(Fd fd, java.time.Duration timeout, String what) {
        long micros = (timeout.toNanos() + 999) / 1000;
        java.nio.ByteBuffer tv = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        tv.putLong(micros / 1_000_000).putLong(micros % 1_000_000);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), what);
    }

    /** setsockopt(2) with a struct value given as its raw bytes, e.g. a {@code struct timeval} for SO_RCVTIMEO. */
    public static void setsockopt(Fd fd, int level, int option, byte[] value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(Math.max(1, value.length), 8);
            MemorySegment.copy(MemorySegment.ofArray(value), 0, v, 0, value.length);
            Syscall.check("set " + what, nr(Sysno.SETSOCKOPT), fd.value(), level, option, v.address(), value.length, 0);
        }
    }

    public static void bind(Fd fd, MemorySegment sockaddr, String what) {
        Syscall.check("bind " + what, nr(Sysno.BIND), fd.value(), sockaddr.address(), sockaddr.byteSize(), 0, 0, 0);
    }

    public static void getsockname(Fd fd, MemorySegment sockaddr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) sockaddr.byteSize());
            Syscall.check("getsockname", nr(Sysno.GETSOCKNAME), fd.value(), sockaddr.address(), len.address(), 0, 0, 0);
        }
    }

    /** sendto(2) of the whole buffer to {@code dest} (may be NULL); returns bytes sent. */
    public static long sendto(Fd fd, MemorySegment buf, long len, int flags, MemorySegment dest, String what) {
        while (true) {
            Syscall.Result r = Syscall.call(nr(Sysno.SENDTO), fd.value(), buf.address(), len, flags,
                    dest.address(), dest.byteSize());
            if (!r.failed()) {
                return r.value();
            }
            if (r.errno() != Errno.EINTR) {
                throw new KernelException(what, r.errno());
            }
        }
    }

    /** recvfrom(2) into {@code buf}; with MSG_TRUNC returns the real length even when cut short. */
    public static long recv(Fd fd, MemorySegment buf, int flags, String what) {
        while (true) {
            Syscall.Result r = Syscall.call(nr(Sysno.RECVFROM), fd.value(), buf.address(), buf.byteSize(), flags, 0, 0);
            if (!r.failed()) {
                return r.value();
            }
            if (r.errno() != Errno.EINTR) {
                throw new KernelException(what, r.errno());
            }
        }
    }

    private static long cstr(Arena arena, String s) {
        return s == null ? 0 : arena.allocateFrom(s).address();
    }
}
