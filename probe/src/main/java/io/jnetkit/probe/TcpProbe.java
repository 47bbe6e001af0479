package io.jnetkit.probe;

import io.jnetkit.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * TCP reachability between namespaces, like {@code ip netns exec A nc -l PORT} and
 * {@code echo MSG | ip netns exec B nc ADDR PORT}: a {@link Listener} whose socket is opened
 * inside one namespace, a client whose socket is opened inside another, and the message checked
 * on arrival. {@link #connect} alone is {@code nc -z -w T ADDR PORT}.
 *
 * <p>Each attempt ends in one {@link Result}: a port nobody listens on is {@link Result#REFUSED}
 * (the peer answered with a RST), a SYN dropped on the way (a filter, a dead link) is
 * {@link Result#TIMED_OUT}, so a test can tell "blocked" from "closed".
 *
 * <pre>{@code
 * try (TcpProbe.Listener l = TcpProbe.Listener.open(podNs, podAddress, 12345)) {
 *     TcpProbe.Outcome o = TcpProbe.send(hostNs, podAddress, l, "hello", Duration.ofSeconds(5));
 *     if (!o.delivered()) System.out.println(o.detail());
 * }
 * }</pre>
 */
public final class TcpProbe {
    private TcpProbe() {}

    /** How long {@link #send} waits for the listener to have the whole message after connecting. */
    public static final Duration RECEIVE_WAIT = Duration.ofSeconds(5);

    /** How one attempt ended. */
    public enum Result {
        /** The message arrived at the listener, byte for byte. */
        DELIVERED,
        /** The connection was established ({@link #connect}: nothing was sent). */
        CONNECTED,
        /** Connected, but the listener did not get the message within {@link #RECEIVE_WAIT}. */
        NOT_RECEIVED,
        /** ECONNREFUSED: the peer answered the SYN with a RST; nothing listens on the port. */
        REFUSED,
        /** No answer to the SYN within the connect timeout: dropped on the way or by the peer. */
        TIMED_OUT,
        /** EHOSTUNREACH / ENETUNREACH: no route, or the neighbour did not answer. */
        UNREACHABLE,
        /** Anything else (the detail says what), or the caller was interrupted. */
        FAILED
    }

    /**
     * What happened to one attempt.
     *
     * @param detail one line for people, e.g. {@code tcp 10.0.0.2:12345: delivered "hello" (3 ms)}
     * @param millis from the start of the attempt to its end
     */
    public record Outcome(Result result, String detail, long millis) {
        /** The message arrived ({@link Result#DELIVERED}). */
        public boolean delivered() {
            return result == Result.DELIVERED;
        }

        /** A connection was established (whether or not a message was then received). */
        public boolean connected() {
            return result == Result.DELIVERED || result == Result.CONNECTED || result == Result.NOT_RECEIVED;
        }
    }

    /**
     * {@code nc -l ADDR PORT} in a namespace: accepts connections one at a time on a daemon thread
     * and queues each message received (everything up to the client's close).
     */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final Thread acceptor;

        private Listener(ServerSocket server) {
            this.server = server;
            this.acceptor = Thread.ofPlatform().daemon().name("tcp-probe-listener-" + server.getLocalPort())
                    .start(this::acceptLoop);
        }

        /**
         * Listens on {@code address:port} inside {@code netns}; port 0 picks a free one
         * ({@link #port()}). A {@code ServerSocket} binds in its constructor, so the socket
         * belongs to {@code netns} from then on.
         *
         * @throws java.io.UncheckedIOException when the bind fails, e.g. the address is not
         *         configured in {@code netns} or the port is taken
         */
        public static Listener open(NetNs netns, InetAddress address, int port) {
            ServerSocket s = netns.call(() -> {
                try {
                    return new ServerSocket(port, 8, address);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("listen on " + address.getHostAddress() + ":" + port
                            + " in " + netns.label() + ": " + e.getMessage(), e);
                }
            });
            return new Listener(s);
        }

        private volatile Socket current;

        private void acceptLoop() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    current = s;
                    s.setSoTimeout((int) RECEIVE_WAIT.toMillis());
                    received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed, or one bad connection: keep serving until closed
                }
            }
        }

        /** The port listened on. */
        public int port() { return server.getLocalPort(); }

        /** The address listened on. */
        public InetAddress address() { return server.getInetAddress(); }

        /** The next message received within {@code timeout}, or null. */
        public String next(Duration timeout) throws InterruptedException {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Stops listening: later connects to the port are refused. */
        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // nothing to do: the socket is gone either way
            }
            // A connection being read holds the port too: close it and wait for the acceptor, so
            // that the port is free for the next listener when close returns.
            Socket s = current;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // gone either way
                }
            }
            acceptor.interrupt();
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Connects from {@code netns} to {@code address:port} within {@code timeout} and closes again
     * ({@code nc -z -w T ADDR PORT}).
     *
     * @return {@link Result#CONNECTED}, or why not
     */
    public static Outcome connect(NetNs netns, InetAddress address, int port, Duration timeout) {
        long start = System.nanoTime();
        String target = address.getHostAddress() + ":" + port;
        IOException failed = attempt(netns, new InetSocketAddress(address, port), timeout, null);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failed == null) {
            return new Outcome(Result.CONNECTED, "tcp " + target + ": connected (" + ms + " ms)", ms);
        }
        return failure(target, failed, ms);
    }

    /**
     * Connects from {@code netns} to {@code address:listener.port()} within
     * {@code connectTimeout}, sends {@code message}, closes, and waits up to
     * {@link #RECEIVE_WAIT} for {@code listener} to receive exactly it.
     *
     * @return {@link Result#DELIVERED}, or why not
     */
    public static Outcome send(NetNs netns, InetAddress address, Listener listener, String message,
                               Duration connectTimeout) {
        long start = System.nanoTime();
        String target = address.getHostAddress() + ":" + listener.port();
        IOException failed = attempt(netns, new InetSocketAddress(address, listener.port()), connectTimeout,
                message.getBytes(StandardCharsets.UTF_8));
        if (failed != null) {
            return failure(target, failed, (System.nanoTime() - start) / 1_000_000);
        }
        String got;
        try {
            got = listener.next(RECEIVE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Outcome(Result.FAILED, "tcp " + target + ": interrupted", ms);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (message.equals(got)) {
            return new Outcome(Result.DELIVERED, "tcp " + target + ": delivered \"" + message + "\" (" + ms + " ms)", ms);
        }
        return new Outcome(Result.NOT_RECEIVED, "tcp " + target + ": connected, but the listener got "
                + (got == null ? "nothing" : "\"" + got + "\""), ms);
    }

    /** One connect (and write of {@code payload} when not null) on a thread inside {@code netns}; the error or null. */
    private static IOException attempt(NetNs netns, InetSocketAddress to, Duration timeout, byte[] payload) {
        // java.net.Socket creates its descriptor lazily, at connect: so connect inside the namespace.
        return netns.call(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(to, (int) Math.max(1, timeout.toMillis()));
                if (payload != null) {
                    try (OutputStream out = socket.getOutputStream()) {
                        out.write(payload);
                    }
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    private static Outcome failure(String target, IOException e, long ms) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SocketTimeoutException) {
            return new Outcome(Result.TIMED_OUT, "tcp " + target + ": no answer, connect timed out after " + ms + " ms", ms);
        }
        if (e instanceof ConnectException && msg.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
            return new Outcome(Result.REFUSED, "tcp " + target + ": connection refused after " + ms + " ms", ms);
        }
        if (e instanceof NoRouteToHostException || msg.toLowerCase(java.util.Locale.ROOT).contains("unreachable")) {
            return new Outcome(Result.UNREACHABLE, "tcp " + target + ": " + msg.toLowerCase(java.util.Locale.ROOT)
                    + " after " + ms + " ms", ms);
        }
        return new Outcome(Result.FAILED, "tcp " + target + ": " + msg + " after " + ms + " ms", ms);
    }
}
