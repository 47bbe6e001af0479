package io.jnetkit.netns;

import io.jnetkit.sys.internal.Linux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host tier (this module cannot use testkit, which depends on it). */
@Tag("host")
class NetNamespacesTest {
    private final List<String> made = new ArrayList<>();

    private String fresh() {
        String n = "jnk-ns" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        made.add(n);
        return n;
    }

    @AfterEach
    void cleanUp() {
        for (String n : made) {
            if (NetNamespaces.exists(n)) {
                NetNamespaces.delete(n);
            }
        }
    }

    @Test
    void addListOpenDeleteLikeIproute2() throws Exception {
        String name = fresh();
        try (NetNs ns = NetNamespaces.add(name); NetNs host = NetNs.current()) {
            assertEquals(name, ns.name());
            assertTrue(NetNamespaces.list().contains(name));
            assertNotEquals(host.id(), ns.id(), "a new namespace, not the host's");
            try (NetNs again = NetNs.open(name)) {
                assertEquals(ns.id(), again.id());
            }
            // iproute2 sees ours.
            assertTrue(run("ip", "netns", "list").contains(name));
            // Code run "in" the namespace sees it as its own, and only lo.
            String inside = ns.call(() -> {
                try (NetNs cur = NetNs.current()) {
                    return cur.id();
                }
            });
            assertEquals(ns.id(), inside);
            assertEquals("lo", run("ip", "-n", name, "-o", "link").split(":")[1].trim());
            // The caller's own thread never moved.
            try (NetNs after = NetNs.current()) {
                assertEquals(host.id(), after.id());
            }
        }
        NetNamespaces.delete(name);
        assertFalse(NetNamespaces.exists(name));
        assertFalse(run("ip", "netns", "list").contains(name));
    }

    @Test
    void weSeeNamespacesMadeByIp() throws Exception {
        String name = fresh();
        assertEquals("", run("ip", "netns", "add", name));
        try (NetNs ns = NetNs.open(name)) {
            assertTrue(ns.id().startsWith("net:["));
        }
    }

    @Test
    void badInputIsRefusedAndLeavesNothing() {
        String name = fresh();
        NetNamespaces.add(name).close();
        NetNsException dup = assertThrows(NetNsException.class, () -> NetNamespaces.add(name));
        assertEquals("netns \"" + name + "\" already exists", dup.getMessage());
        assertEquals(NetNsException.Kind.EXISTS, dup.kind());
        assertEquals(NetNsException.Kind.INVALID_NAME,
                assertThrows(NetNsException.class, () -> NetNamespaces.add("a/b")).kind());
        assertThrows(NetNsException.class, () -> NetNamespaces.add(".."));
        assertThrows(NetNsException.class, () -> NetNamespaces.add(""));
        NetNsException missing = assertThrows(NetNsException.class, () -> NetNs.open("jnk-no-such-ns"));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertEquals(NetNsException.Kind.NOT_FOUND, missing.kind());
        assertThrows(NetNsException.class, () -> NetNamespaces.delete("jnk-no-such-ns"));
        assertFalse(NetNamespaces.exists("a"));
    }

    @Test
    void aPathMustBeANetworkNamespace() {
        NetNsException passwd = assertThrows(NetNsException.class, () -> NetNs.open("/etc/passwd"));
        assertEquals("/etc/passwd is not a network namespace (not an nsfs file: ENOTTY)", passwd.getMessage());
        assertEquals(NetNsException.Kind.NOT_A_NETNS, passwd.kind());
        NetNsException mnt = assertThrows(NetNsException.class, () -> NetNs.open("/proc/self/ns/mnt"));
        assertEquals("/proc/self/ns/mnt is not a network namespace (it is a mount namespace)", mnt.getMessage());
        assertEquals(NetNsException.Kind.NOT_A_NETNS, mnt.kind());
        try (NetNs own = NetNs.open("/proc/self/ns/net")) {
            assertTrue(own.id().startsWith("net:["), "a real one still opens");
        }
    }

    @Test
    void exceptionsInsideTheNamespaceReachTheCaller() {
        String name = fresh();
        try (NetNs ns = NetNamespaces.add(name)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ns.run(() -> { throw new IllegalStateException("boom"); }));
            assertEquals("boom", e.getMessage());
            // A socket opened inside stays usable from here.
            var fd = ns.call(() -> Linux.socket(Linux.AF_INET, Linux.SOCK_DGRAM, 0, "udp"));
            assertTrue(fd.isOpen());
            fd.close();
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static Object threadNetns() throws IOException {
        return java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/thread-self/ns/net"), "unix:ino");
    }

    @Test
    void callInPlaceRunsOnThisThreadInsideAndComesBackEvenAfterAFailure() throws Exception {
        Object before = threadNetns();
        try (NetNs ns = NetNamespaces.add(fresh())) {
            Object inside = ns.id();
            Thread caller = Thread.currentThread();
            Object seen = ns.callInPlace(() -> {
                assertEquals(caller, Thread.currentThread(), "no thread hand-over");
                return "net:[" + threadNetns() + "]";
            });
            assertEquals(inside, seen);
            assertEquals(before, threadNetns(), "back in the caller's namespace");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ns.callInPlace(() -> { throw new IllegalStateException("boom"); }));
            assertEquals("boom", e.getMessage());
            assertEquals(before, threadNetns(), "back after a failure too");
            NetNsException checked = assertThrows(NetNsException.class,
                    () -> ns.callInPlace(() -> { throw new IOException("disk"); }));
            assertTrue(checked.getMessage().endsWith(": disk"), checked.getMessage());
            // A virtual thread is not pinned to one carrier: there it is a fresh thread, as call.
            Object[] fromVirtual = new Object[2];
            Thread v = Thread.ofVirtual().start(() -> {
                try {
                    fromVirtual[0] = ns.callInPlace(() -> "net:[" + threadNetns() + "]");
                    fromVirtual[1] = threadNetns();
                } catch (IOException ex) {
                    fromVirtual[1] = ex;
                }
            });
            v.join();
            assertEquals(inside, fromVirtual[0]);
            assertEquals(before, fromVirtual[1]);
        }
    }
}
