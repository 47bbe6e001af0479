package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static io.jnetkit.abi.NetlinkAbi.*;

/**
 * A netlink socket that speaks request/reply with the kernel: what iproute2's {@code rtnl_talk}
 * and {@code rtnl_dump_filter} do.
 *
 * <p>The socket lives in the network namespace it was created in, whatever thread uses it later;
 * {@link #open(int, NetNs)} creates it inside another namespace. Extended acks
 * ({@code NETLINK_EXT_ACK}) and capped acks ({@code NETLINK_CAP_ACK}) are switched on where the
 * kernel has them. Each request gets the next sequence number; replies with another sequence
 * number or port id (left over from an earlier, abandoned request) are skipped. Every datagram is
 * peeked first ({@code MSG_PEEK|MSG_TRUNC}) so the receive buffer is grown before anything can
 * be truncated. One request runs at a time: the methods are synchronized.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int ENOPROTOOPT = 92;
    private static final int DUMP_ATTEMPTS = 5;
    private static final int INITIAL_BUFFER = 32 * 1024;
    /** How long a request waits for the kernel by default; the kernel answers in microseconds unless something is badly wrong. */
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final Fd fd;
    private final int protocol;
    private final int portId;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment kernel;
    private MemorySegment rx;
    private int seq;
    private java.time.Duration timeout = DEFAULT_TIMEOUT;
    private long interruptedDumps;

    private NetlinkSocket(Fd fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
        try {
            enable(NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
            enable(NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
            Linux.setReceiveTimeout(fd, timeout, "netlink receive timeout");
            MemorySegment sa = arena.allocate(SOCKADDR_NL);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) io.jnetkit.sys.internal.Linux.AF_NETLINK);
            Linux.bind(fd, sa, "netlink socket");
            MemorySegment name = arena.allocate(SOCKADDR_NL);
            Linux.getsockname(fd, name);
            this.portId = name.get(ValueLayout.JAVA_INT, 4);
            this.kernel = arena.allocate(SOCKADDR_NL);
            kernel.set(ValueLayout.JAVA_SHORT, 0, (short) Linux.AF_NETLINK);
            this.rx = arena.allocate(INITIAL_BUFFER, 8);
            // Start from a time-derived number so a reused port id does not meet old replies' seqs.
            this.seq = (int) (System.nanoTime() & 0x3fffffff);
        } catch (RuntimeException e) {
            arena.close();
            fd.close();
            throw e;
        }
    }

    private void enable(int option, String name) {
        try {
            Linux.setsockopt(fd, SOL_NETLINK, option, 1, name);
        } catch (KernelException e) {
            if (e.errno() != ENOPROTOOPT) { // older kernels: carry on without the extra
                throw e;
            }
        }
    }

    /** Opens a socket of {@code protocol} (e.g. {@code NETLINK_ROUTE}) in the calling thread's namespace. */
    public static NetlinkSocket open(int protocol) {
        Fd fd = Linux.socket(Linux.AF_NETLINK, Linux.SOCK_RAW, protocol, "netlink");
        return new NetlinkSocket(fd, protocol);
    }

    /** Opens a socket inside {@code ns}; it stays there and may be used from any thread. */
    public static NetlinkSocket open(int protocol, NetNs ns) {
        return ns.callInPlace(() -> open(protocol));
    }

    /** The port id the kernel assigned at bind time. */
    public int portId() { return portId; }

    public int protocol() { return protocol; }

    /**
     * How long one request waits for each reply before it fails with ETIMEDOUT (default
     * {@link #DEFAULT_TIMEOUT}): a request never hangs on a kernel that does not answer.
     */
    public synchronized void timeout(java.time.Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a netlink timeout must be positive, not " + timeout);
        }
        Linux.setReceiveTimeout(fd, timeout, "netlink receive timeout");
        this.timeout = timeout;
    }

    public synchronized java.time.Duration timeout() { return timeout; }

    /** How many dumps on this socket the kernel flagged as interrupted (NLM_F_DUMP_INTR) and were run again. */
    public synchronized long interruptedDumps() { return interruptedDumps; }

    /**
     * Sends {@code request} with {@code NLM_F_ACK} added and waits for the ack; throws
     * {@link NetlinkException} naming {@code operation} if the kernel refused. Returns any
     * messages that came before the ack (with {@code NLM_F_ECHO}, the object itself).
     */
    public synchronized List<Message> ack(String operation, Message request) {
        return exchange(operation, withFlags(request, NLM_F_REQUEST | NLM_F_ACK), false).messages;
    }

    /**
     * Several requests in flight at once: sends every request of {@code requests} with
     * {@code NLM_F_ACK}, each with its own sequence number, in one datagram, then reads the acks,
     * matched by sequence number. The kernel runs the messages of one datagram in order and acks
     * each, also after one failed: a failure does not stop the later ones, so callers batch only
     * requests whose failure undoes the whole work anyway. Throws the {@link NetlinkException} of
     * the first request (in order) the kernel refused, naming its operation, once every ack is in.
     * One round trip instead of one per request (iproute2's {@code ip -batch} still waits for each).
     */
    public synchronized void ackAll(List<String> operations, List<Message> requests) {
        if (operations.size() != requests.size()) {
            throw new IllegalArgumentException("ackAll: " + operations.size() + " operations for " + requests.size() + " requests");
        }
        int n = requests.size();
        if (n == 0) return;
        if (n == 1) {
            ack(operations.getFirst(), requests.getFirst());
            return;
        }
        int[] seqs = new int[n];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            seqs[i] = nextSeq();
            out.writeBytes(withFlags(requests.get(i), NLM_F_REQUEST | NLM_F_ACK).encode(seqs[i], 0));
        }
        String batch = operations.getFirst() + " (and " + (n - 1) + " more)";
        send(out.toByteArray(), batch);
        NetlinkException[] failed = new NetlinkException[n];
        int acked = 0;
        while (acked < n) {
            for (Message m : receive(batch)) {
                if (m.pid() != portId || m.type() != NLMSG_ERROR) continue;
                int i = indexOf(seqs, m.seq());
                if (i < 0 || failed[i] != null) continue; // stale: a reply to an earlier, abandoned request
                ErrorReply e = ErrorReply.parse(m);
                if (e.errno() != 0) failed[i] = new NetlinkException(operations.get(i), e.errno(), e.text(), e.offset());
                seqs[i] = 0; // acked: a second reply with this number would be stale
                acked++;
            }
        }
        for (NetlinkException e : failed) {
            if (e != null) throw e;
        }
    }

    private static int indexOf(int[] seqs, int seq) {
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] == seq && seq != 0) return i;
        }
        return -1;
    }

    /**
     * A GET of one object: sends with {@code NLM_F_ACK} and returns the replies before the ack.
     */
    public synchronized List<Message> request(String operation, Message request) {
        return ack(operation, request);
    }

    /**
     * A dump the kernel filters by the header fields and attributes of {@code request}
     * ({@code NETLINK_GET_STRICT_CHK}, Linux 4.20: e.g. a route dump of one table and output
     * device) instead of sending everything. Strict checking is on for this dump only: it also
     * makes the kernel refuse header fields it cannot filter on, which other requests leave
     * non-zero. A kernel without strict checking sends everything: callers filter the replies
     * themselves either way.
     */
    public synchronized List<Message> dumpFiltered(String operation, Message request) {
        boolean strict;
        try {
            Linux.setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
            strict = true;
        } catch (KernelException e) {
            if (e.errno() != ENOPROTOOPT) throw e;
            strict = false;
        }
        try {
            return dump(operation, request);
        } finally {
            if (strict) {
                Linux.setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 0, "NETLINK_GET_STRICT_CHK");
            }
        }
    }

    /**
     * A dump: sends {@code request} with {@code NLM_F_DUMP} and collects every reply until
     * {@code NLMSG_DONE}. If the kernel flags the dump as interrupted by a concurrent change
     * ({@code NLM_F_DUMP_INTR}) it is run again, a few times, before failing with EINTR.
     */
    public synchronized List<Message> dump(String operation, Message request) {
        Message m = withFlags(request, NLM_F_REQUEST | NLM_F_DUMP);
        for (int attempt = 1; ; attempt++) {
            Exchange x = exchange(operation, m, true);
            if (!x.interrupted) {
                return x.messages;
            }
            interruptedDumps++;
            if (attempt == DUMP_ATTEMPTS) {
                throw new NetlinkException(operation, Errno.EINTR, null, null,
                        "dump was interrupted by concurrent changes " + DUMP_ATTEMPTS + " times in a row");
            }
        }
    }

    /** Sends {@code request} and returns its sequence number without reading the reply (tests: leave a stale reply behind). */
    synchronized int sendOnly(String operation, Message request) {
        int mySeq = nextSeq();
        send(withFlags(request, NLM_F_REQUEST).encode(mySeq, 0), operation);
        return mySeq;
    }

    private static Message withFlags(Message m, int flags) {
        return new Message(m.type(), m.flags() | flags, 0, 0, m.payloadView());
    }

    private record Exchange(List<Message> messages, boolean interrupted) {}

    private Exchange exchange(String operation, Message request, boolean dump) {
        int mySeq = nextSeq();
        send(request.encode(mySeq, 0), operation);
        List<Message> out = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            for (Message m : receive(operation)) {
                if (m.seq() != mySeq || m.pid() != portId) {
                    continue; // stale: a reply to an earlier request that was abandoned
                }
                if ((m.flags() & NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (m.type()) {
                    case NLMSG_ERROR -> {
                        ErrorReply e = ErrorReply.parse(m);
                        if (e.errno() != 0) {
                            throw new NetlinkException(operation, e.errno(), e.text(), e.offset());
                        }
                        if (!dump) {
                            return new Exchange(out, interrupted);
                        }
                        // a dump does not ack; an error 0 here is harmless, keep reading until DONE
                    }
                    case NLMSG_DONE -> {
                        // DONE may carry the dump's error code, with ext-ack TLVs after it.
                        if (m.payloadLength() >= 4) {
                            ErrorReply e = ErrorReply.parseDone(m);
                            if (e.errno() != 0) {
                                throw new NetlinkException(operation, e.errno(), e.text(), e.offset());
                            }
                        }
                        if (dump) {
                            return new Exchange(out, interrupted);
                        }
                    }
                    case NLMSG_NOOP -> { }
                    case NLMSG_OVERRUN -> throw new NetlinkException(operation, Errno.ENOBUFS, null, null,
                            "netlink receive overrun");
                    default -> out.add(m);
                }
            }
        }
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        if (seq == 0) seq = 1;
        return seq;
    }

    private void send(byte[] bytes, String operation) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(bytes.length, 8);
            MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = Linux.sendto(fd, seg, bytes.length, 0, kernel, operation + ": send netlink request");
            if (n != bytes.length) {
                throw new NetlinkException(operation, Errno.EMSGSIZE, null, null, "netlink send was cut short: "
                        + n + " of " + bytes.length + " bytes");
            }
        }
    }

    /** One datagram's messages; ETIMEDOUT after {@link #timeout()} without one. Package-private for tests. */
    List<Message> receive(String operation) {
        String what = operation + ": receive netlink reply";
        long size;
        try {
            size = Linux.recv(fd, rx, Linux.MSG_PEEK | Linux.MSG_TRUNC, what);
        } catch (KernelException e) {
            if (e.errno() == Errno.EAGAIN) {
                throw new NetlinkException(operation, Errno.ETIMEDOUT, "no answer from the kernel within "
                        + timeout.toMillis() + " ms", null);
            }
            throw e;
        }
        if (size > rx.byteSize()) {
            if (size > Integer.MAX_VALUE - 8) {
                throw new MalformedMessageException("netlink datagram of " + size + " bytes");
            }
            rx = arena.allocate(Math.max(size, rx.byteSize() * 2), 8);
        }
        long n = Linux.recv(fd, rx, 0, what);
        if (n > rx.byteSize()) {
            throw new MalformedMessageException("netlink datagram grew between peek and read: " + n + " bytes");
        }
        byte[] bytes = rx.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        return Message.parseAll(bytes, bytes.length);
    }

    /** Closes the socket; waits for a request in progress on another thread. */
    @Override
    public synchronized void close() {
        if (fd.isOpen()) {
            fd.close();
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "netlink socket (protocol " + protocol + ", port " + Integer.toUnsignedString(portId) + ")";
    }

    /** A parsed {@code NLMSG_ERROR} (or the error code in a dump's {@code NLMSG_DONE}). */
    record ErrorReply(int errno, String text, Integer offset) {
        static ErrorReply parse(Message m) {
            Message.Fixed f = m.fixed(NLMSGERR_SIZE);
            int error = f.s32(0);
            int tlvStart;
            if ((m.flags() & NLM_F_CAPPED) != 0) {
                tlvStart = NLMSGERR_SIZE;
            } else {
                // The whole request is echoed back: skip it by its own nlmsg_len.
                long origLen = f.u32(4);
                if (origLen < NLMSGHDR_SIZE) {
                    throw new MalformedMessageException("echoed request in NLMSG_ERROR has nlmsg_len " + origLen);
                }
                tlvStart = (int) Math.min(Integer.MAX_VALUE, 4 + ((origLen + 3) & ~3L));
            }
            return withTlvs(m, error, tlvStart);
        }

        static ErrorReply parseDone(Message m) {
            int error = m.fixed(4).s32(0);
            return withTlvs(m, error, 4);
        }

        private static ErrorReply withTlvs(Message m, int error, int tlvStart) {
            if (error > 0) {
                throw new MalformedMessageException("netlink error code is positive: " + error);
            }
            String text = null;
            Integer offset = null;
            if ((m.flags() & NLM_F_ACK_TLVS) != 0) {
                if (tlvStart > m.payloadLength()) {
                    throw new MalformedMessageException("NLMSG_ERROR too short for its echoed request");
                }
                Attributes tlv = m.attributes(tlvStart);
                text = tlv.string(NLMSGERR_ATTR_MSG);
                Long offs = tlv.has(NLMSGERR_ATTR_OFFS) ? tlv.u32(NLMSGERR_ATTR_OFFS) : null;
                offset = offs == null ? null : (int) Math.min(Integer.MAX_VALUE, offs);
            }
            return new ErrorReply(-error, text, offset);
        }
    }
}
