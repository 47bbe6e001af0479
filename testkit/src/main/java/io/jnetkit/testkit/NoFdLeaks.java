package io.jnetkit.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fails a kernel-tier test that leaves any file descriptor open: sockets (netlink, packet, inet),
 * namespace files, bpf programs, maps and links, pipes, plain files. Registered on every
 * {@link HostTest} and {@link NetkitTest} through the tag annotations, so no test has to ask for it.
 *
 * <p>{@code /proc/self/fd} is listed (descriptor and {@code readlink} target) before each test
 * and after it, after the test's own {@code @AfterEach} methods and the extensions registered on
 * its fields (FreshNetns, PrivateBpffs) have run; a descriptor is a leak when its number and
 * target were not there before. Descriptors closed by a {@link java.lang.ref.Cleaner} rather than
 * by {@code close()} (a dropped stream, a {@code Process}' pipes) go away a little later, so the
 * check looks again after a GC for up to {@link #GRACE_MILLIS} before it fails.
 *
 * <p>Ignored, because the JVM or JUnit opens them on first use and keeps them for the process'
 * life — not the test's doing: {@link #jvmOwned(String) jar and module files, the JDK's own files and
 * {@code /dev/random}/{@code /dev/urandom}}. Nothing of jnetkit's is on that list. The one socket
 * the JDK keeps for the process' life (NIO's pre-close descriptor) is made before the first test.
 *
 * <p>{@code NoBpfFdLeaks} checked only bpf descriptors; this one supersedes it.
 */
public final class NoFdLeaks implements BeforeEachCallback, AfterEachCallback {
    /** How long descriptors released by cleaners get to go away. */
    static final long GRACE_MILLIS = 2000;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoFdLeaks.class);

    static {
        // The JDK's NIO makes one socket for the life of the process the first time a socket
        // dispatcher class is initialised (the descriptor it dup2()s over a socket closed while
        // another thread is blocked on it). Made here, it is in every test's "before".
        try {
            Class.forName("sun.nio.ch.UnixDispatcher", true, null);
        } catch (ClassNotFoundException | LinkageError e) {
            // another JDK: then a test's first asynchronous socket close would show it
        }
    }

    private static final String SELF_FD = "/proc/" + ProcessHandle.current().pid() + "/fd";

    /** Every descriptor open now, by number, with its {@code readlink} target. */
    public static Map<Integer, String> openFds() {
        Map<Integer, String> out = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    // The listing's own directory descriptor.
                    if (!target.equals(SELF_FD)) out.put(Integer.parseInt(p.getFileName().toString()), target);
                } catch (IOException ignored) {
                    // closed meanwhile (the directory stream's own descriptor is one)
                }
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc/self/fd: " + e.getMessage(), e);
        }
        return out;
    }

    /** Files the JVM opens lazily and keeps open (class loading, SecureRandom), never the test's. */
    static boolean jvmOwned(String target) {
        String javaHome = System.getProperty("java.home");
        return target.endsWith(".jar") || target.endsWith(".jmod") || target.endsWith(".jsa")
                || (javaHome != null && target.startsWith(javaHome + "/"))
                || target.equals("/dev/random") || target.equals("/dev/urandom");
    }

    /** The descriptors in {@code now} that are not in {@code before} (same number and target). */
    static Map<Integer, String> added(Map<Integer, String> before, Map<Integer, String> now) {
        Map<Integer, String> leaked = new TreeMap<>();
        now.forEach((fd, target) -> {
            if (!target.equals(before.get(fd)) && !jvmOwned(target)) leaked.put(fd, target);
        });
        return leaked;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", openFds());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Map<Integer, String> before = (Map<Integer, String>) context.getStore(NS).remove("before");
        if (before == null) return;  // beforeEach did not run (a failure before it)
        Map<Integer, String> leaked = added(before, openFds());
        long until = System.nanoTime() + GRACE_MILLIS * 1_000_000L;
        while (!leaked.isEmpty() && System.nanoTime() < until) {
            System.gc();  // lets cleaners close what was dropped unclosed
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leaked = added(before, openFds());
        }
        if (!leaked.isEmpty()) {
            StringBuilder b = new StringBuilder("file descriptors left open by the test:");
            leaked.forEach((fd, target) -> b.append(' ').append(fd).append(" -> ").append(target).append(';'));
            b.setLength(b.length() - 1);
            throw new AssertionError(b.toString());
        }
    }
}
