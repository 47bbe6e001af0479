package io.jnetkit.pod;

import io.jnetkit.sys.Linux;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fresh bpffs on a temporary directory for each test, made jnetkit's pin root (system property
 * {@code jnetkit.bpffs}); unmounted afterwards, which drops whatever a failed test left pinned.
 */
final class PodBpffs implements BeforeEachCallback, AfterEachCallback {
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("jnk-pod-bpffs");
        Linux.mount("bpf", dir.toString(), "bpf", 0, null);
        System.setProperty("jnetkit.bpffs", dir.toString());
    }

    /** Every pin (not the kernel's own progs.debug and maps.debug). */
    List<Path> pins() throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !(p.getParent().equals(dir) && p.getFileName().toString().endsWith(".debug"))).toList();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.clearProperty("jnetkit.bpffs");
        Linux.umount(dir.toString(), Linux.MNT_DETACH);
        Files.deleteIfExists(dir);
    }
}
