package io.jnetkit.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per hook at a time, across threads and processes. Everything that changes a hook's
 * pins (attach, detach, policy apply/remove, prune) holds the hook's lock; readers need none,
 * because every change a reader can see is a single atomic kernel operation (a pin, an unpin, a
 * BPF_LINK_UPDATE).
 *
 * <p>The lock is a POSIX record lock ({@link FileChannel#lock()}) on a file under
 * {@code /run/jnetkit/locks} (system property {@code jnetkit.lockdir} / {@code JNETKIT_LOCK_DIR}
 * elsewhere) named by a hash of the hook's <em>identity</em> — the bpffs's device number and the
 * hook's canonical address, never a path, so {@code jnetkit -n pod} and {@code ip netns exec pod
 * jnetkit} (which reach the bpffs through different paths) and namespace aliases share one lock —
 * plus a JVM-wide lock because record locks do not exclude threads of one process. Why not flock on the pin directory: bpffs
 * directories come and go with their pins, and a lock on a directory that was removed and made
 * again locks nothing. The kernel drops the lock when the process dies, also by SIGKILL. A lock
 * file is never removed, so no two holders can ever lock different files for one hook.
 */
public final class HookLock implements AutoCloseable {
    private static final Path DEFAULT_DIR = Path.of("/run/jnetkit/locks");
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private HookLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static Path lockDir() {
        String p = Bpffs.setting("jnetkit.lockdir", "JNETKIT_LOCK_DIR");
        return p == null ? DEFAULT_DIR : Path.of(p);
    }

    /** Blocks until this thread holds the lock of the hook whose pins live in {@code a}'s directory of {@code fs}. */
    public static HookLock acquire(Bpffs fs, HookAddress a) {
        return acquire(fs.identity() + "\n" + a.netns() + "\n" + a.device() + "\n" + a.hook().word());
    }

    /** Blocks until this thread holds the lock named {@code key} (any string; hashed into a file name). */
    public static HookLock acquire(String key) {
        Path file = lockDir().resolve(hash(key) + ".lock");
        ReentrantLock jvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        jvm.lock();
        try {
            createDir(file.getParent());
            // Root-only, like the lock directory: the lock of a hook is nobody else's business.
            FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                return new HookLock(jvm, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            jvm.unlock();
            throw new UncheckedIOException("lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            jvm.unlock();
            throw e;
        }
    }

    private static void createDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "cannot create the lock directory");
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (FileChannel ch = channel) {
            fileLock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("unlock: " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }
}
