package io.jnetkit.probe;

import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ICMP echo from inside a network namespace, like {@code ip netns exec NS ping -c N ADDR} without
 * the binary: a raw socket ({@code AF_INET, SOCK_RAW, IPPROTO_ICMP}, needs CAP_NET_RAW) opened in
 * the namespace once and then usable from any thread, since a socket keeps the namespace it was
 * created in.
 *
 * <pre>{@code
 * try (IcmpPinger p = IcmpPinger.open(hostNs)) {
 *     Optional<IcmpPinger.Reply> r = p.ping(target, 1, Duration.ofSeconds(2));
 *     r.ifPresent(reply -> System.out.println(reply.line()));
 * }
 * }</pre>
 */
public final class IcmpPinger implements AutoCloseable {
    private static final int IPPROTO_ICMP = 1;
    private static final int SOL_SOCKET = 1, SO_RCVTIMEO = 20;
    /** How long one recv waits before the deadline is checked again. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** An IPv4 header without options, as ping counts it in "56(84) bytes of data". */
    public static final int IP_HEADER = 20;

    private final Fd fd;
    private final int id;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment rx = arena.allocate(65536);

    /**
     * One echo reply.
     *
     * @param from     the address that answered (the target)
     * @param seq      the request's sequence number, as passed to {@link #ping}
     * @param ttl      the reply's IP time to live
     * @param bytes    the ICMP length (header + payload), what ping prints as "N bytes"
     * @param rttNanos time from sending the request to receiving the reply
     */
    public record Reply(Inet4Address from, int seq, int ttl, int bytes, long rttNanos) {
        /** ping's line: {@code 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.032 ms}. */
        public String line() {
            return bytes + " bytes from " + from.getHostAddress() + ": icmp_seq=" + seq + " ttl=" + ttl
                    + " time=" + millis(rttNanos) + " ms";
        }
    }

    private IcmpPinger(Fd fd) {
        this.fd = fd;
        // Raw sockets see every ICMP packet of the namespace: a random identifier tells ours apart.
        this.id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        try {
            Linux.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval(POLL), "icmp receive timeout");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A pinger whose socket lives in {@code netns}.
     *
     * @throws KernelException "open icmp socket…" with EPERM without CAP_NET_RAW
     */
    public static IcmpPinger open(NetNs netns) {
        return netns.callInPlace(() -> new IcmpPinger(Linux.socket(Linux.AF_INET, Linux.SOCK_RAW, IPPROTO_ICMP, "icmp")));
    }

    /** The ICMP identifier of this pinger's requests. */
    public int id() { return id; }

    /**
     * Sends one echo request ({@link IcmpEcho#DEFAULT_PAYLOAD} bytes of ping's pattern) with
     * sequence {@code seq} to {@code target} and waits up to {@code timeout} for its reply.
     *
     * @return the reply, or empty when none came in time (lost, filtered, nobody there)
     * @throws KernelException when the kernel refuses to send, e.g. ENETUNREACH without a route
     */
    public synchronized Optional<Reply> ping(Inet4Address target, int seq, Duration timeout) {
        byte[] request = IcmpEcho.echoRequest(id, seq & 0xffff, IcmpEcho.pattern(IcmpEcho.DEFAULT_PAYLOAD));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(request.length);
            MemorySegment.copy(MemorySegment.ofArray(request), 0, buf, 0, request.length);
            MemorySegment dest = a.allocate(16);
            dest.set(ValueLayout.JAVA_SHORT, 0, (short) Linux.AF_INET);   // sin_family, host order
            MemorySegment.copy(MemorySegment.ofArray(target.getAddress()), 0, dest, 4, 4);   // sin_addr, network order
            long deadline = System.nanoTime() + timeout.toNanos();
            long sent = System.nanoTime();
            Linux.sendto(fd, buf, request.length, 0, dest, "send icmp echo request to " + target.getHostAddress());
            byte[] bytes = new byte[(int) rx.byteSize()];
            while (System.nanoTime() < deadline) {
                long n;
                try {
                    n = Linux.recv(fd, rx, 0, "receive icmp");
                } catch (KernelException e) {
                    if (e.errno() == Errno.EAGAIN) continue;   // SO_RCVTIMEO expired: check the deadline
                    throw e;
                }
                long now = System.nanoTime();
                int len = (int) Math.min(n, bytes.length);
                MemorySegment.copy(rx, ValueLayout.JAVA_BYTE, 0, bytes, 0, len);
                Optional<IcmpEcho.EchoReply> r = IcmpEcho.parseReply(bytes, len);
                if (r.isPresent() && r.get().id() == id && r.get().seq() == (seq & 0xffff)
                        && r.get().source().equals(target)) {
                    return Optional.of(new Reply(target, seq, r.get().ttl(), r.get().icmpBytes(), now - sent));
                }
            }
            return Optional.empty();
        }
    }

    /** Milliseconds with three decimals, as ping prints them. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static byte[] timeval(Duration d) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putLong(d.toSeconds()).putLong(d.toNanosPart() / 1000);
        return b.array();
    }

    /**
     * ping's closing lines for {@code sent} requests and the replies that came back:
     * "--- T ping statistics ---", the loss line, and (when any came back) the rtt line.
     */
    public static List<String> summary(String target, int sent, List<Reply> replies, long elapsedMillis) {
        int received = replies.size();
        String first = sent + " packets transmitted, " + received + " received, "
                + (sent == 0 ? 0 : (sent - received) * 100 / sent) + "% packet loss, time " + elapsedMillis + "ms";
        if (received == 0) {
            return List.of("--- " + target + " ping statistics ---", first);
        }
        long[] rtt = replies.stream().mapToLong(Reply::rttNanos).toArray();
        double avg = Arrays.stream(rtt).average().orElse(0);
        double mdev = Math.sqrt(Arrays.stream(rtt).mapToDouble(r -> (r - avg) * (r - avg)).average().orElse(0));
        return List.of("--- " + target + " ping statistics ---", first,
                "rtt min/avg/max/mdev = " + millis(Arrays.stream(rtt).min().orElse(0)) + "/" + millis((long) avg) + "/"
                        + millis(Arrays.stream(rtt).max().orElse(0)) + "/" + millis((long) mdev) + " ms");
    }

    /** ping's first line: {@code PING 10.0.0.2 56(84) bytes of data.} */
    public static String header(String target) {
        return "PING " + target + " " + IcmpEcho.DEFAULT_PAYLOAD + "(" + (IcmpEcho.DEFAULT_PAYLOAD + IcmpEcho.HEADER
                + IP_HEADER) + ") bytes of data.";
    }

    @Override
    public void close() {
        try {
            fd.close();
        } finally {
            arena.close();
        }
    }
}
