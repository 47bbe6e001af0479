package io.jnetkit.hooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One holder per hook among threads; different hooks do not wait for each other. */
class HookLockTest {
    @Test
    void oneHolderPerHook(@TempDir Path locks) throws Exception {
        System.setProperty("jnetkit.lockdir", locks.toString());
        try {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            AtomicInteger otherHook = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int k = 0; k < 50; k++) {
                        try (HookLock l = HookLock.acquire("0:99\nns\ndev\npeer")) {
                            int n = inside.incrementAndGet();
                            maxInside.accumulateAndGet(n, Math::max);
                            // another hook's lock is free while this one is held
                            try (HookLock o = HookLock.acquire("0:99\nns\ndev\nprimary" + Thread.currentThread().threadId())) {
                                otherHook.incrementAndGet();
                            }
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) t.join();
            assertEquals(1, maxInside.get());
            assertEquals(400, otherHook.get());
        } finally {
            System.clearProperty("jnetkit.lockdir");
        }
    }

    @Test
    void lockFilesAndTheirDirectoryAreRootOnly(@TempDir Path tmp) throws Exception {
        Path locks = tmp.resolve("run/jnetkit/locks");
        System.setProperty("jnetkit.lockdir", locks.toString());
        try (HookLock l = HookLock.acquire("0:99\nns\ndev\npeer")) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(locks)));
            try (var files = java.nio.file.Files.list(locks)) {
                for (Path f : files.toList()) {
                    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                            java.nio.file.Files.getPosixFilePermissions(f)), f.toString());
                }
            }
        } finally {
            System.clearProperty("jnetkit.lockdir");
        }
    }
}
