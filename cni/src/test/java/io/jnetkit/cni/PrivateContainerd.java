package io.jnetkit.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd of the test's own, beside any other on the machine: its socket, root and state under
 * one directory, started as a child process in a given network namespace (the "node": containerd
 * runs CNI plugins as its children, so their host devices land there), with a config whose CRI
 * plugin takes its pause image and its CNI plugins and network config from that directory.
 * {@link #close()} kills it and its shims, lifts every mount it left under its directory (the
 * sandboxes' /dev/shm, the overlay root filesystems) and deletes the directory, whatever happened.
 */
final class PrivateContainerd implements AutoCloseable {
    /** Debian's containerd (package containerd). */
    static final Path CONTAINERD = Path.of("/usr/bin/containerd");
    static final Path CTR = Path.of("/usr/bin/ctr");
    static final Path RUNC = Path.of("/usr/sbin/runc");

    final Path dir;
    final Path socket;
    final Path binDir;
    final Path confDir;
    final Path log;
    private final Process process;

    private PrivateContainerd(Path dir, Process process) {
        this.dir = dir;
        this.socket = dir.resolve("containerd.sock");
        this.binDir = dir.resolve("cni-bin");
        this.confDir = dir.resolve("cni-conf");
        this.log = dir.resolve("containerd.log");
        this.process = process;
    }

    /** The config: CRI's sandbox image and CNI dirs; plugins this machine has no use for off. */
    static String config(Path dir, String sandboxImage) {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  disable_apparmor = true
                  # The sandbox's oom_score_adj is -998; lowering it needs CAP_SYS_RESOURCE, which
                  # containers (CI's, this machine's) lack: runc fails "can't get final child's PID".
                  # Restricted, it is clamped to containerd's own.
                  restrict_oom_score_adj = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "%4$s"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "%3$s"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%1$s/cni-bin"
                    conf_dir = "%1$s/cni-conf"
                    max_conf_num = 1
                """.formatted(dir, sandboxImage, RUNC, snapshotter(dir));
    }

    /**
     * Starts containerd in network namespace {@code node} (a name under /run/netns) with
     * {@code environment} added to its own (it reaches the CNI plugins it runs); returns when its
     * socket answers. The CNI bin and conf dirs exist, empty, for the caller to fill.
     */
    static PrivateContainerd start(Path dir, String node, String sandboxImage, Map<String, String> environment) throws IOException {
        Files.createDirectories(dir.resolve("cni-bin"));
        Files.createDirectories(dir.resolve("cni-conf"));
        Path config = dir.resolve("config.toml");
        Files.writeString(config, config(dir, sandboxImage));
        // nsenter (util-linux) puts containerd in the node's namespace: test set-up, as mount is for PrivateBpffs.
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=/run/netns/" + node, CONTAINERD.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile());
        pb.environment().putAll(environment);
        PrivateContainerd c = new PrivateContainerd(dir, pb.start());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                if (!c.process.isAlive()) throw new IOException("start containerd: it exited with " + c.process.exitValue() + ": " + c.logTail());
                if (Files.exists(c.socket) && c.ctr("version").exit == 0) break;
                if (System.nanoTime() > deadline) throw new IOException("start containerd: its socket did not answer in 60 s: " + c.logTail());
                Thread.sleep(100);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new IOException("start containerd: interrupted", e);
        }
        return c;
    }

    record Run(int exit, String output) {}

    /** {@code ctr --address SOCKET ARGS...}. */
    Run ctr(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(CTR.toString(), "--address", socket.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static Run run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Run(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
    }

    /**
     * overlayfs, unless the directory is itself on overlayfs (a CI job inside a container), where
     * an overlay cannot be mounted: then native (plain copies; slower, same behaviour for CNI).
     * {@code -Djnetkit.cri.snapshotter=NAME} chooses.
     */
    static String snapshotter(Path dir) {
        String chosen = System.getProperty("jnetkit.cri.snapshotter");
        if (chosen != null && !chosen.isBlank()) return chosen;
        try {
            return Files.getFileStore(dir).type().equals("overlay") ? "native" : "overlayfs";
        } catch (IOException e) {
            return "overlayfs";
        }
    }

    /** Imports an OCI image archive into the CRI plugin's namespace (k8s.io), unpacked for its snapshotter. */
    void importImage(Path archive) throws IOException {
        Run r = ctr("-n", "k8s.io", "images", "import", "--snapshotter", snapshotter(dir), archive.toString());
        if (r.exit != 0) throw new IOException("ctr images import " + archive + ": " + r.output.strip());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The shims this containerd started (containerd-shim-runc-v2 -address SOCKET): they outlive it. */
    List<ProcessHandle> shims() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
                return cmdline.contains("containerd-shim") && cmdline.contains(socket.toString());
            } catch (IOException | RuntimeException e) {
                return false; // gone meanwhile
            }
        }).toList();
    }

    /** Mount points under the directory, deepest first. */
    List<String> mounts() throws IOException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4].replace("\\040", " ");
            if (point.startsWith(dir + "/")) points.add(point);
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        return points;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle shim : shims()) {
                shim.destroyForcibly();
                shim.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failure = new IOException("stop containerd's shims: " + e, e);
        }
        for (String m : mounts()) {
            Run r = run(List.of("umount", "-l", m));
            if (r.exit != 0 && failure == null) failure = new IOException("umount " + m + ": " + r.output.strip());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            if (failure == null) failure = new IOException("remove " + dir + ": " + e, e);
        }
        if (failure != null) throw failure;
    }
}
