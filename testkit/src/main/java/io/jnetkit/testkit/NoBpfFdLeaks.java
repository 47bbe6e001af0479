package io.jnetkit.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Fails a test that leaves a bpf program, map or link descriptor open, so a leak in a live
 * kernel object's {@code close()} shows up in the test that caused it:
 * {@code @RegisterExtension final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();}
 *
 * <p>Every {@link HostTest} and {@link NetkitTest} now gets {@link NoFdLeaks}, which checks all
 * descriptors (sockets and namespace files too); this one stays for the tests that register it
 * and as {@link #bpfFds()}, the bpf-only listing.
 */
public final class NoBpfFdLeaks implements BeforeEachCallback, AfterEachCallback {
    private Set<String> before;

    /** The bpf program, map and link descriptors this process holds, as "fd target". */
    public static Set<String> bpfFds() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("anon_inode:bpf")) out.add(p.getFileName() + " " + target);
                } catch (IOException ignored) {
                    // closed meanwhile (e.g. the directory stream's own fd)
                }
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc/self/fd: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = bpfFds();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Set<String> leaked = bpfFds();
        leaked.removeAll(before);
        if (!leaked.isEmpty()) {
            throw new AssertionError("bpf descriptors left open: " + leaked);
        }
    }
}
