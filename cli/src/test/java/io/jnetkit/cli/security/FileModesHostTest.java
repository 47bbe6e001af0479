package io.jnetkit.cli.security;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cni.CniPlugin;
import io.jnetkit.cni.CniRequest;
import io.jnetkit.elf.Examples;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.pod.Pods;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins and state files are root's alone: after {@code attach}, {@code policy apply}, {@code up}
 * and a CNI ADD, every directory jnetkit made is 0700 and every pin, state file and the CNI
 * plugin's log 0600, so no other user can read a policy's maps, replace a program through a pin,
 * or read which containers run where.
 */
@HostTest
class FileModesHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();
    @TempDir
    Path tmp;

    /** Every file and directory under {@code root} (not root itself) whose mode is not 0600 / 0700. */
    private static List<String> notRootOnly(Path root) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root)) continue;
                // The kernel's own bpffs files at the mount's root (progs.debug, maps.debug).
                if (p.getParent().equals(root) && p.getFileName().toString().endsWith(".debug")) continue;
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode.equals(want)) bad.add(p + " " + mode);
            }
        }
        return bad;
    }

    @Test
    void attachAndPolicyApplyPinRootOnly() throws IOException {
        CliRun.ok("-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        Path object = tmp.resolve("port_filter.o");
        try (InputStream in = Examples.class.getResourceAsStream(Examples.PORT_FILTER)) {
            Files.write(object, in.readAllBytes());
        }
        CliRun.ok("-n", ns.name(), "attach", "v0", "tcx-ingress", object.toString());
        CliRun.ok("-n", ns.name(), "policy", "apply", "v0", "tcx-egress", "deny tcp dport 22; allow any");
        assertTrue(Files.isDirectory(bpffs.root().resolve("jnetkit")), "pins are under jnetkit/");
        assertFalse(bpffs.pins().isEmpty());
        assertEquals(List.of(), notRootOnly(bpffs.root()));
        CliRun.ok("-n", ns.name(), "detach", "v0", "tcx-ingress", "all");
        CliRun.ok("-n", ns.name(), "policy", "remove", "v0", "tcx-egress");
    }

    @Test
    void upWritesRootOnlyStateAndPins() throws IOException {
        Path state = tmp.resolve("state");
        System.setProperty("jnetkit.statedir", state.toString());
        String name = "m" + FreshNetns.uniqueName("").replaceAll("[^a-z0-9]", "");
        name = name.substring(0, Math.min(name.length(), 12));
        Path file = tmp.resolve("t.yaml");
        Files.writeString(file, """
                name: %s
                defaults: {datapath: veth, pool: 10.78.0.0/24}
                pods:
                  - {name: web, hooks: {peer: {policy: "deny tcp dport 22; allow any"}}}
                """.formatted(name));
        try {
            CliRun.ok("-n", ns.name(), "up", "-f", file.toString());
            assertTrue(Files.isDirectory(state), "up wrote its state under " + state);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)), state.toString());
            assertEquals(List.of(), notRootOnly(state));
            assertFalse(bpffs.pins().isEmpty());
            assertEquals(List.of(), notRootOnly(bpffs.root()));
        } finally {
            CliRun.of("-n", ns.name(), "down", "-f", file.toString());
            System.clearProperty("jnetkit.statedir");
            if (NetNamespaces.exists("tp-" + name + "-web")) NetNamespaces.delete("tp-" + name + "-web");
        }
    }

    @Test
    void cniAddWritesRootOnlyRecordsAndPins() throws IOException {
        String container = FreshNetns.uniqueName("jnk-tc");
        NetNamespaces.add(container).close();
        Path state = tmp.resolve("cni-state");
        String config = """
                {"cniVersion": "1.0.0", "name": "modes", "type": "jnetkit", "datapath": "veth",
                 "hooks": {"peer": {"policy": "deny tcp dport 22; allow any"}},
                 "logFile": "%s", "stateDir": "%s",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.126.0.0/24"}]], "dataDir": "%s"}}
                """.formatted(tmp.resolve("cni.log"), state, tmp.resolve("ipam"));
        CniPlugin plugin = CniPlugin.in(ns.get(), Pods.open());
        try {
            CniPlugin.Response add = plugin.handle(new CniRequest("ADD", "cid", NetNamespaces.pathOf(container).toString(),
                    "eth0", null, List.of("/usr/lib/cni"), config.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, add.exit(), add.toString());
            assertTrue(Files.isDirectory(state), "ADD recorded its attachment under " + state);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)), state.toString());
            assertEquals(List.of(), notRootOnly(state));
            assertFalse(bpffs.pins().isEmpty());
            assertEquals(List.of(), notRootOnly(bpffs.root()));
            // The log names containers, their namespaces and addresses: root's alone too.
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cni.log"))));
            CniPlugin.Response del = plugin.handle(new CniRequest("DEL", "cid", NetNamespaces.pathOf(container).toString(),
                    "eth0", null, List.of("/usr/lib/cni"), config.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, del.exit(), del.toString());
        } finally {
            if (NetNamespaces.exists(container)) NetNamespaces.delete(container);
        }
    }
}
