package io.jnetkit.probe;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * ICMPv4 echo packets, kernel-free: the RFC 1071 checksum, building an echo request, and
 * reading an echo reply out of what a raw {@code IPPROTO_ICMP} socket receives (the whole IPv4
 * datagram, header included). {@link IcmpPinger} sends and receives them.
 */
public final class IcmpEcho {
    private IcmpEcho() {}

    /** ICMP types: echo reply (0) and echo request (8). */
    public static final int ECHO_REPLY = 0, ECHO_REQUEST = 8;
    /** The ICMP header: type, code, checksum, identifier, sequence number. */
    public static final int HEADER = 8;
    /** ping's default payload, so a request is 64 bytes of ICMP and 84 of IP, as ping prints. */
    public static final int DEFAULT_PAYLOAD = 56;

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code off}: ones' complement of the ones' complement sum. */
    public static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;   // an odd last byte is padded with a zero byte
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** An echo request (type 8) with {@code id}, {@code seq} and {@code payload}, checksum filled in. */
    public static byte[] echoRequest(int id, int seq, byte[] payload) {
        byte[] p = new byte[HEADER + payload.length];
        p[0] = (byte) ECHO_REQUEST;
        p[1] = 0;
        putU16(p, 4, id);
        putU16(p, 6, seq);
        System.arraycopy(payload, 0, p, HEADER, payload.length);
        putU16(p, 2, checksum(p, 0, p.length));
        return p;
    }

    /** ping's payload pattern: bytes 0x00, 0x01, … of length {@code n}. */
    public static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    /**
     * An echo reply read from a received IPv4 datagram.
     *
     * @param icmpBytes the ICMP length (header + payload), what ping prints as "N bytes"
     */
    public record EchoReply(Inet4Address source, int ttl, int id, int seq, int icmpBytes, byte[] payload) {
        public EchoReply {
            payload = payload.clone();
        }

        /** A copy: the record stays immutable. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoReply r && source.equals(r.source) && ttl == r.ttl && id == r.id && seq == r.seq
                    && icmpBytes == r.icmpBytes && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload) * 31 + seq;
        }
    }

    /**
     * The echo reply in the first {@code len} bytes of {@code datagram} (an IPv4 header then
     * ICMP), or empty when it is something else: not IPv4/ICMP, truncated, another ICMP type,
     * or a bad ICMP checksum.
     */
    public static Optional<EchoReply> parseReply(byte[] datagram, int len) {
        if (len < 20 || len > datagram.length || (datagram[0] & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int ihl = (datagram[0] & 0x0f) * 4;
        if (ihl < 20 || len < ihl + HEADER || (datagram[9] & 0xff) != 1) {
            return Optional.empty();
        }
        int totalLength = u16(datagram, 2);
        int end = totalLength >= ihl + HEADER && totalLength <= len ? totalLength : len;
        if ((datagram[ihl] & 0xff) != ECHO_REPLY || datagram[ihl + 1] != 0
                || checksum(datagram, ihl, end - ihl) != 0) {
            return Optional.empty();
        }
        Inet4Address source;
        try {
            source = (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(datagram, 12, 16));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);   // four bytes are always an address
        }
        return Optional.of(new EchoReply(source, datagram[8] & 0xff, u16(datagram, ihl + 4), u16(datagram, ihl + 6),
                end - ihl, Arrays.copyOfRange(datagram, ihl + HEADER, end)));
    }

    /** The big-endian 16-bit value at {@code off}. */
    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
