package io.jnetkit.sys.internal;

/**
 * System call numbers of the running architecture. x86_64 has its own table; aarch64 uses
 * the asm-generic one (no {@code open}, so everything goes through {@code openat}).
 */
public enum Sysno {
    READ(0, 63), WRITE(1, 64), CLOSE(3, 57), IOCTL(16, 29), GETPID(39, 172),
    SOCKET(41, 198), SENDTO(44, 206), RECVFROM(45, 207), SENDMSG(46, 211), RECVMSG(47, 212),
    BIND(49, 200), GETSOCKNAME(51, 204), SETSOCKOPT(54, 208), GETSOCKOPT(55, 209),
    MOUNT(165, 40), UMOUNT2(166, 39), GETTID(186, 178), OPENAT(257, 56), MKDIRAT(258, 34),
    UNLINKAT(263, 35), UNSHARE(272, 97), SETNS(308, 268), BPF(321, 280);

    private static final boolean AARCH64 = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> false;
        case "aarch64", "arm64" -> true;
        default -> throw new ExceptionInInitializerError(
                "jnetkit supports x86_64 and aarch64 Linux, not " + System.getProperty("os.arch"));
    };

    private final long x86;
    private final long arm;

    Sysno(long x86, long arm) {
        this.x86 = x86;
        this.arm = arm;
    }

    public long number() {
        return AARCH64 ? arm : x86;
    }
}
