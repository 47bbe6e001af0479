package io.jnetkit.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh bpffs mounted on a temporary directory for each test and made jnetkit's pin root
 * (system property {@code jnetkit.bpffs}); unmounted afterwards, which drops every pin in it.
 * Mounted with util-linux's {@code mount}: test set-up, not the product, and it keeps the test kit
 * off the raw syscall layer (which the module system keeps for the library).
 */
public final class PrivateBpffs implements BeforeEachCallback, AfterEachCallback {
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("jnk-bpffs");
        run("mount", "-t", "bpf", "bpf", dir.toString());
        System.setProperty("jnetkit.bpffs", dir.toString());
    }

    public Path root() {
        return dir;
    }

    /** True when nothing but (at most) an empty jnetkit directory is left. */
    public boolean emptyOfPins() throws IOException {
        return pins().isEmpty();
    }

    /** Every pin left, for messages (not the kernel's own progs.debug and maps.debug). */
    public java.util.List<Path> pins() throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !(p.getParent().equals(dir) && p.getFileName().toString().endsWith(".debug"))).toList();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.clearProperty("jnetkit.bpffs");
        run("umount", "-l", dir.toString());
        Files.deleteIfExists(dir);
    }

    private static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + " interrupted", e);
        }
    }
}
