package io.jnetkit.cli.demo;

import io.jnetkit.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The seed's {@code nc -l PORT} in the pod and {@code echo MSG | nc ADDR PORT} on the host: a
 * listener whose socket is opened inside one namespace, a client whose socket is opened inside
 * another, and the message checked on arrival. Public so the netkit-tier tests probe traffic the
 * way the demo does.
 */
public final class TcpProbe {
    private TcpProbe() {}

    /** {@code nc -l ADDR PORT} in a namespace: accepts connections and queues each message received. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final Thread acceptor;

        public Listener(NetNs netns, InetAddress address, int port) {
            this.server = netns.call(() -> new ServerSocket(port, 8, address));
            this.acceptor = Thread.ofPlatform().daemon().name("demo-listener-" + port).start(this::acceptLoop);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    s.setSoTimeout(5000);
                    received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed, or one bad connection: keep serving until closed
                }
            }
        }

        public int port() { return server.getLocalPort(); }

        /** The next message received within {@code timeout}, or null. */
        public String next(Duration timeout) throws InterruptedException {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // nothing to do: the socket is gone either way
            }
            acceptor.interrupt();
        }
    }

    /** What happened to one message. */
    public record Outcome(boolean delivered, String detail, long millis) {}

    /**
     * Connects from {@code netns} to {@code address:port} within {@code connectTimeout}, sends
     * {@code message}, and waits for {@code listener} to receive exactly it.
     */
    public static Outcome send(NetNs netns, InetAddress address, Listener listener, String message, Duration connectTimeout) {
        long start = System.nanoTime();
        String target = address.getHostAddress() + ":" + listener.port();
        try {
            // java.net.Socket creates its descriptor lazily: connect on a thread inside the namespace.
            IOException failed = netns.call(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, listener.port()), (int) connectTimeout.toMillis());
                    try (OutputStream out = socket.getOutputStream()) {
                        out.write(message.getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            if (failed != null) {
                throw failed;
            }
            String got = listener.next(Duration.ofSeconds(5));
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (message.equals(got)) {
                return new Outcome(true, "tcp " + target + ": delivered \"" + message + "\" (" + ms + " ms)", ms);
            }
            return new Outcome(false, "tcp " + target + ": connected, but the listener got "
                    + (got == null ? "nothing" : "\"" + got + "\""), ms);
        } catch (SocketTimeoutException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Outcome(false, "tcp " + target + ": no answer, connect timed out after " + ms + " ms", ms);
        } catch (IOException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Outcome(false, "tcp " + target + ": " + e.getMessage() + " after " + ms + " ms", ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "tcp " + target + ": interrupted", 0);
        }
    }
}
