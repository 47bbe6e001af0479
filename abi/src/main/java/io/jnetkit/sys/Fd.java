package io.jnetkit.sys;

import io.jnetkit.sys.internal.Linux;
import java.util.concurrent.atomic.AtomicInteger;

/** An owned file descriptor: closed exactly once, unusable afterwards. */
public final class Fd implements AutoCloseable {
    private final AtomicInteger fd;
    private final String what;

    private Fd(int fd, String what) {
        this.fd = new AtomicInteger(fd);
        this.what = what;
    }

    /** Takes ownership of a raw descriptor returned by the kernel. */
    public static Fd adopt(int fd, String what) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        return new Fd(fd, what);
    }

    /** The raw number; throws if already closed. */
    public int value() {
        int v = fd.get();
        if (v < 0) {
            throw new IllegalStateException(what + " is closed");
        }
        return v;
    }

    public boolean isOpen() {
        return fd.get() >= 0;
    }

    /** A short description of what this descriptor refers to. */
    public String what() {
        return what;
    }

    @Override
    public void close() {
        int v = fd.getAndSet(-1);
        if (v >= 0) {
            Linux.close(v);
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + fd.get() + ")";
    }
}
