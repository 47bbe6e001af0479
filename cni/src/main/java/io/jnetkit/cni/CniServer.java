package io.jnetkit.cni;

import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Pods;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin as a long-running process ({@code jnetkit cni serve}), so that a runtime's ADD does
 * not start a JVM: {@code bin/jnetkit-cni} (and the launcher {@code jnetkit cni install} writes)
 * hands each invocation to this socket when it exists, with bash and {@code nc -U} — a few
 * milliseconds instead of a JVM start — and runs the plugin in a JVM of its own only when it does
 * not. The same split Cilium makes between its CNI binary and its agent.
 *
 * <p>Protocol, one invocation per connection: the client writes {@code KEY=VALUE} lines
 * ({@code PID}, its process id, and the {@code CNI_*} variables it was given), an empty line, then
 * the config from its stdin, and half-closes; the server answers with the exit code on one line,
 * then what the plugin prints on stdout. The plugin's host side is the client's network namespace
 * ({@code /proc/PID/ns/net}, opened while the client waits), exactly where a plugin process would
 * have run. The socket is root's alone (0600 in a 0700 directory): whoever can write to it can
 * wire containers.
 */
public final class CniServer implements AutoCloseable {
    /** Where runtimes' plugin invocations find the server unless {@code JNETKIT_CNI_SOCKET} says otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/jnetkit/cni.sock");

    /** A config is a few kilobytes; a request this large is not one. */
    static final int MAX_REQUEST = 1 << 20;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Pods pods;
    private final Thread acceptor;
    private volatile boolean closed;

    private CniServer(Path socket, ServerSocketChannel server, Pods pods) {
        this.socket = socket;
        this.server = server;
        this.pods = pods;
        this.acceptor = Thread.ofPlatform().name("cni-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Listens on {@code socket} (replacing a stale socket file) and serves until closed. */
    public static CniServer start(Path socket, Pods pods) {
        try {
            Files.createDirectories(socket.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(socket);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            CniServer s = new CniServer(socket, ch, pods);
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("serve the CNI plugin on " + socket + ": " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket;
    }

    /** Blocks until the server is closed (by {@link #close} from another thread, e.g. a shutdown hook). */
    public void await() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (closed) return;
                System.err.println("jnetkit cni serve: accept: " + e.getMessage());
                continue;
            }
            // One platform thread per invocation: runtimes run ADDs of many containers at once.
            Thread.ofPlatform().name("cni-request").daemon().start(() -> serve(c));
        }
    }

    private void serve(SocketChannel c) {
        try (c; InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c)) {
            byte[] all = in.readNBytes(MAX_REQUEST + 1);
            CniPlugin.Response r;
            if (all.length > MAX_REQUEST) {
                CniException e = new CniException(CniException.DECODE_FAILURE, "cni serve: a request of more than "
                        + MAX_REQUEST + " bytes", null);
                r = new CniPlugin.Response(1, Json.write(e.toJson(CniVersion.NEWEST)), null);
            } else {
                r = handle(all);
            }
            out.write((r.exit() + "\n" + r.stdout()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            System.err.println("jnetkit cni serve: " + e);
        }
    }

    /** One request as the client sent it (header lines, an empty line, the config); never throws. */
    CniPlugin.Response handle(byte[] request) {
        int split = -1;
        for (int i = 0; i + 1 < request.length; i++) {
            if (request[i] == '\n' && request[i + 1] == '\n') {
                split = i;
                break;
            }
        }
        String head = split < 0 ? "" : new String(request, 0, split, StandardCharsets.UTF_8);
        byte[] stdin = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(request, split + 2, request.length);
        Map<String, String> env = new HashMap<>();
        for (String line : head.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String pid = env.get("PID");
        if (pid == null || !pid.matches("[0-9]+")) {
            CniException e = new CniException(CniException.INVALID_ENVIRONMENT, "cni serve: the request names no client PID", null);
            return new CniPlugin.Response(1, Json.write(e.toJson(CniVersion.NEWEST)), null);
        }
        NetNs node;
        try {
            node = NetNs.ofPid(Long.parseLong(pid));
        } catch (RuntimeException e) {
            CniException ce = new CniException(CniException.IO_FAILURE, "cni serve: the client's network namespace: " + e.getMessage(), null);
            return new CniPlugin.Response(1, Json.write(ce.toJson(CniVersion.NEWEST)), null);
        }
        try (node) {
            return CniPlugin.in(node, pods).handle(CniRequest.fromEnvironment(env, stdin));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // a stale socket file is replaced by the next start
        }
    }

    /** The client's side of the protocol, in Java: what {@code bin/jnetkit-cni} does with bash and nc (tests). */
    static CniPlugin.Response call(Path socket, long pid, Map<String, String> env, byte[] stdin) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            lines.add("PID=" + pid);
            env.forEach((k, v) -> lines.add(k + "=" + v));
            req.write((String.join("\n", lines) + "\n\n").getBytes(StandardCharsets.UTF_8));
            req.write(stdin);
            Channels.newOutputStream(c).write(req.toByteArray());
            c.shutdownOutput();
            String resp = new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
            int nl = resp.indexOf('\n');
            return new CniPlugin.Response(Integer.parseInt(resp.substring(0, nl)), resp.substring(nl + 1), null);
        }
    }
}
