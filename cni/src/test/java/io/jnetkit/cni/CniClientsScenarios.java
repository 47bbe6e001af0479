package io.jnetkit.cni;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.pod.Pods;
import io.jnetkit.testkit.JvmCommand;
import io.jnetkit.testkit.NoKernelLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * jnetkit-cni driven by the clients runtimes use, not by hand-fed stdin: libcni (Debian's
 * libcni 1.1.2 through {@code bin/cni-client-smoke}'s Go driver, the library containerd, CRI-O and
 * podman embed) and podman 4.3 with its CNI backend ({@code bin/cni-podman-smoke}). Each script runs
 * containers in fresh namespaces (a node namespace for the plugin's host side, one per container),
 * ADD, pings, CHECK, tampers and requires CHECK to fail, GC (libcni), DEL twice, and requires that no
 * device, route, lease, cache entry or namespace is left; this test adds that no pin (a private
 * bpffs, passed to the plugin through the runtime's environment), BPF program or link is left.
 *
 * <p>The plugin the clients exec is {@code bin/jnetkit-cni} handing each call to a {@link CniServer}
 * in this JVM (as with {@code jnetkit cni serve}), or — {@link CniClientsHostTest#libcniJvmPerCall}
 * — a launcher that starts {@link CniMain} on this JVM's own module or class path (the built
 * jars come only after the cli module). CI sizes: 5 serial, 5 parallel, 3 podman containers; full
 * sizes (50 serial, 20 parallel) are the same scripts' {@code -n}, with figures in the issue note.
 */
abstract class CniClientsScenarios {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    /** Where the plugin is a JVM per call ({@link CniMain}). */
    Path jvmBin;
    /** Where the plugin is {@code bin/jnetkit-cni} handing each call to {@link #server}. */
    Path serverBin;
    CniServer server;

    /** The repository root: the tests run in the module directory (Maven) or the root (netkit tier). */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("bin")) && Files.isDirectory(here.resolve("cni")) ? here : here.getParent();
    }

    @BeforeEach
    void launchers() throws IOException {
        jvmBin = launcher("jvm", JvmCommand.execLine(CniMain.class));
        // The server runs in this JVM (its pins in the test's private bpffs); bin/jnetkit-cni finds it by the socket.
        server = CniServer.start(dir.resolve("run").resolve("cni.sock"), Pods.open());
        serverBin = launcher("server", "JNETKIT_CNI_SOCKET=" + quoted(List.of(server.socket().toString())).strip()
                + " exec" + quoted(List.of(root().resolve("bin").resolve("jnetkit-cni").toString())) + " \"$@\"\n");
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private Path launcher(String name, String body) throws IOException {
        Path b = dir.resolve("bin-" + name);
        Files.createDirectories(b);
        Path plugin = b.resolve(CniInstall.TYPE);
        Files.writeString(plugin, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return b;
    }

    private static String quoted(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String a : words) sb.append(" '").append(a.replace("'", "'\\''")).append('\'');
        return sb.toString();
    }

    /** Runs a smoke script with the plugin; fails with its output unless it exits 0; returns its report. */
    String smoke(String script, Path bin, String pluginJson, String... args) throws Exception {
        Path report = dir.resolve(script + "-" + System.nanoTime() + ".json");
        List<String> cmd = new ArrayList<>(List.of(root().resolve("bin").resolve(script).toString(),
                "--type", CniInstall.TYPE, "--bin-dir", bin.toString(), "--report", report.toString(),
                "--plugin-json", "\"logFile\": \"" + dir.resolve("cni.log") + "\", \"stateDir\": \"" + dir.resolve("state") + "\""
                        + (pluginJson.isEmpty() ? "" : ", " + pluginJson)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JNETKIT_BPFFS", bpffs.root().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish in 900 s:\n" + out);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        System.out.println(out.lines().filter(l -> l.contains(": ok: ")).findFirst().orElse(out));
        return Files.readString(report);
    }

    /**
     * Runs {@code step} and requires that no pin, program or BPF link it made is left. Ids new
     * since the step began count, less those visibly another process' (other test runs share this
     * machine: held by their descriptors or pinned on their bpffs, {@link NoKernelLeaks#heldByOthers}).
     */
    void leavesNothing(String what, ThrowingRunnable step) throws Exception {
        Set<Integer> progs = new HashSet<>(BpfObjects.programIds());
        Set<Integer> links = new HashSet<>(BpfObjects.linkIds());
        step.run();
        assertEquals(List.of(), bpffs.pins(), what + ": pins left");
        Set<Integer> newProgs = new HashSet<>();
        Set<Integer> newLinks = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            newProgs = new HashSet<>(BpfObjects.programIds());
            newProgs.removeAll(progs);
            newLinks = new HashSet<>(BpfObjects.linkIds());
            newLinks.removeAll(links);
            if (newProgs.isEmpty() && newLinks.isEmpty()) break;
            Set<String> others = NoKernelLeaks.heldByOthers(bpffs.root());
            newProgs.removeIf(id -> others.contains("program " + id));
            newLinks.removeIf(id -> others.contains("link " + id));
            if (newProgs.isEmpty() && newLinks.isEmpty()) break;
            Thread.sleep(50);
        }
        assertEquals(Set.of(), newProgs, what + ": BPF programs left");
        assertEquals(Set.of(), newLinks, what + ": BPF links left");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** libcni: containers one after another, with a policy on what they receive (GC: libcni 1.1.2 sends DELs; the GC verb is CniScenarios'). */
    @Test
    void libcniSerial() throws Exception {
        leavesNothing("libcni serial", () -> smoke("cni-client-smoke", serverBin,
                "\"hooks\": {\"primary\": {\"policy\": \"deny tcp dport 22; allow any\"}}", "-n", "5", "--serial"));
    }

    /** libcni: all containers at once, as a runtime starts pods. */
    @Test
    void libcniParallel() throws Exception {
        leavesNothing("libcni parallel", () -> smoke("cni-client-smoke", serverBin, "", "-n", "5"));
    }

    /** libcni with a policy that refuses ICMP to every container: every ping must fail. */
    @Test
    void libcniPolicyBlocks() throws Exception {
        leavesNothing("libcni policy", () -> smoke("cni-client-smoke", serverBin,
                "\"hooks\": {\"primary\": {\"policy\": \"deny icmp; allow any\"}}", "-n", "3", "--serial", "--expect-ping", "blocked"));
    }

    /** podman 4.3 with its CNI backend: containers from a local busybox image on a jnetkit network. */
    @Test
    void podman() throws Exception {
        leavesNothing("podman", () -> smoke("cni-podman-smoke", serverBin, "", "-n", "3"));
    }
}
