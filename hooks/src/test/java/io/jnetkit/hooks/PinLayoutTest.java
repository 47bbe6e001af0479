package io.jnetkit.hooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pin names, hook addresses, hook words and mountinfo parsing: no kernel. */
class PinLayoutTest {
    @Test
    void namesWithDotsAndAnyOtherByteRoundTripAndNeverContainADot() {
        for (String name : List.of("eth0.100", "v0", "a-b_c", "%", "x%2E", "ünï", "pod.ns.1", "a b", "tab\tx", "..")) {
            String pin = PinNames.encode(name);
            assertFalse(pin.contains("."), pin);
            assertFalse(pin.contains("/"), pin);
            assertEquals(name, PinNames.decode(pin), pin);
        }
        assertEquals("eth0%2E100", PinNames.encode("eth0.100"));
        assertEquals("v0", PinNames.encode("v0"));
        // Random names: distinct names never share a pin name.
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[1 + ThreadLocalRandom.current().nextInt(15)];
            ThreadLocalRandom.current().nextBytes(b);
            String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(s, PinNames.decode(PinNames.encode(s)));
        }
        assertThrows(IllegalArgumentException.class, () -> PinNames.encode(""));
        assertThrows(IllegalArgumentException.class, () -> PinNames.decode("ab%2"));
        assertThrows(IllegalArgumentException.class, () -> PinNames.decode("ab%zz"));
        assertThrows(IllegalArgumentException.class, () -> PinNames.decode("eth0%2e100"), "lower-case escape");
        assertThrows(IllegalArgumentException.class, () -> PinNames.decode("%41"), "an escape where none is needed");
        assertThrows(IllegalArgumentException.class, () -> PinNames.encode("n.".repeat(100)), "too long once encoded");
    }

    @Test
    void hookAddressesMapToDirectoriesAndBack() {
        Path root = Path.of("/sys/fs/bpf/jnetkit");
        HookAddress a = new HookAddress("pod.1", "eth0.100", HookName.PEER);
        Path dir = a.dir(root);
        assertEquals(root.resolve("pod%2E1/eth0%2E100/peer"), dir);
        assertEquals(a, HookAddress.ofDir(root, dir));
        assertNull(HookAddress.ofDir(root, root.resolve("ns/dev")));
        assertNull(HookAddress.ofDir(root, root.resolve("ns/dev/sideways")));
        assertNull(HookAddress.ofDir(root, root.resolve("ns/dev/tcx_ingress")), "only the canonical word is a hook directory");
        assertThrows(IllegalArgumentException.class, () -> new HookAddress("", "d", HookName.PEER));
    }

    @Test
    void hookWords() {
        assertEquals(HookName.PEER, HookName.parse("netkit_peer"));
        assertEquals(HookName.TCX_INGRESS, HookName.parse("tcx/ingress"));
        HookException e = assertThrows(HookException.class, () -> HookName.parse("sideways"));
        assertEquals(HookException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("primary, peer, tcx-ingress or tcx-egress"));
    }

    @Test
    void theVisibleMountOnAPointDecides(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("mountinfo");
        Files.writeString(info, String.join("\n",
                "22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw",
                "30 22 0:27 / /sys/fs/bpf rw,nosuid - bpf bpf rw,mode=700",
                "31 22 0:28 / /sys/fs/bpf rw - sysfs sysfs rw",
                "40 1 0:33 / /tmp/my\\040bpf rw - bpf bpf rw", ""));
        assertNull(Bpffs.mountOf(info, Path.of("/sys/fs/bpf")), "a later sysfs mount hides the bpffs");
        assertEquals("0:33", Bpffs.mountOf(info, Path.of("/tmp/my bpf")));
        Files.writeString(info, "30 22 0:27 / /sys/fs/bpf rw,nosuid - bpf bpf rw,mode=700\n");
        assertEquals("0:27", Bpffs.mountOf(info, Path.of("/sys/fs/bpf")));
    }
}
