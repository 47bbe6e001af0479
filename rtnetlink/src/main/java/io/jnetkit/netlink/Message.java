package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One netlink message: header fields and the payload after the 16-byte {@code nlmsghdr}
 * (fixed family header such as {@code ifinfomsg}, then attributes). Immutable; the payload
 * array is copied in and out.
 */
public final class Message {
    private final int type;
    private final int flags;
    private final int seq;
    private final int pid;
    private final byte[] payload;

    public Message(int type, int flags, int seq, int pid, byte[] payload) {
        if (type < 0 || type > 0xffff || flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("nlmsg type/flags must fit 16 bits: " + type + "/" + flags);
        }
        if (payload.length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("payload too large");
        }
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.pid = pid;
        this.payload = payload.clone();
    }

    public int type() { return type; }

    public int flags() { return flags; }

    public int seq() { return seq; }

    /** The port id: in replies, the requesting socket's; in requests jnetkit sends 0 like iproute2. */
    public int pid() { return pid; }

    public boolean hasFlag(int flag) { return (flags & flag) == flag; }

    /** A copy of the payload. */
    public byte[] payload() { return payload.clone(); }

    public int payloadLength() { return payload.length; }

    /** The payload without copying, for this package's decoders. */
    byte[] payloadView() { return payload; }

    /** Attributes that start {@code headerSize} bytes into the payload (after e.g. a 16-byte ifinfomsg). */
    public Attributes attributes(int headerSize) {
        if (headerSize < 0 || headerSize > payload.length) {
            throw new MalformedMessageException("message type " + type + " has " + payload.length
                    + " payload bytes, shorter than its " + headerSize + "-byte header");
        }
        return Attributes.parse(payload, headerSize, payload.length - headerSize);
    }

    /** Reads the fixed header: a bounds-checked native-endian view of the first {@code size} payload bytes. */
    public Fixed fixed(int size) {
        if (size < 0 || size > payload.length) {
            throw new MalformedMessageException("message type " + type + " has " + payload.length
                    + " payload bytes, shorter than its " + size + "-byte header");
        }
        return new Fixed(payload, 0, size);
    }

    /** The message as sent on the wire, with this sequence number and port id. */
    public byte[] encode(int seq, int pid) {
        int len = NetlinkAbi.NLMSGHDR_SIZE + payload.length;
        ByteBuffer b = ByteBuffer.allocate(NetlinkAbi.align(len)).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid).put(payload);
        return b.array();
    }

    /** {@link #encode(int, int)} with this message's own sequence number and port id. */
    public byte[] encode() {
        return encode(seq, pid);
    }

    /**
     * Splits a received datagram into messages. Strict: every {@code nlmsg_len} must cover at
     * least the header and stay inside {@code len}; trailing bytes that are not a message throw.
     */
    public static List<Message> parseAll(byte[] buf, int len) {
        if (len < 0 || len > buf.length) {
            throw new MalformedMessageException("datagram length " + len + " outside buffer of " + buf.length);
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
        List<Message> out = new ArrayList<>();
        int off = 0;
        while (off < len) {
            int remaining = len - off;
            if (remaining < NetlinkAbi.NLMSGHDR_SIZE) {
                throw new MalformedMessageException(remaining + " trailing bytes after message " + out.size()
                        + ", less than a 16-byte nlmsghdr");
            }
            long mlen = Integer.toUnsignedLong(b.getInt(off));
            if (mlen < NetlinkAbi.NLMSGHDR_SIZE || mlen > remaining) {
                throw new MalformedMessageException("nlmsg_len " + mlen + " of message " + out.size()
                        + " is outside 16.." + remaining);
            }
            int type = Short.toUnsignedInt(b.getShort(off + NetlinkAbi.NLMSG_TYPE));
            int flags = Short.toUnsignedInt(b.getShort(off + NetlinkAbi.NLMSG_FLAGS));
            int seq = b.getInt(off + NetlinkAbi.NLMSG_SEQ);
            int pid = b.getInt(off + NetlinkAbi.NLMSG_PID);
            byte[] payload = Arrays.copyOfRange(buf, off + NetlinkAbi.NLMSGHDR_SIZE, off + (int) mlen);
            out.add(new Message(type, flags, seq, pid, payload));
            off = (int) Math.min((long) len, NetlinkAbi.align((int) mlen) + (long) off);
        }
        return out;
    }

    /** Parses exactly one message that fills {@code bytes}. */
    public static Message parse(byte[] bytes) {
        List<Message> all = parseAll(bytes, bytes.length);
        if (all.size() != 1) {
            throw new MalformedMessageException("expected one message, found " + all.size());
        }
        return all.getFirst();
    }

    @Override
    public String toString() {
        return "Message[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq
                + ", pid=" + pid + ", payload=" + payload.length + " bytes]";
    }

    /** A bounds-checked native-endian view of a fixed struct (ifinfomsg, ifaddrmsg, rtmsg). */
    public static final class Fixed {
        private final ByteBuffer b;
        private final int size;

        Fixed(byte[] buf, int off, int size) {
            this.b = ByteBuffer.wrap(buf, off, size).slice().order(ByteOrder.nativeOrder());
            this.size = size;
        }

        private void check(int at, int width) {
            if (at < 0 || at + width > size) {
                throw new MalformedMessageException("field at " + at + " (" + width + " bytes) outside "
                        + size + "-byte header");
            }
        }

        public int u8(int at) { check(at, 1); return Byte.toUnsignedInt(b.get(at)); }

        public int u16(int at) { check(at, 2); return Short.toUnsignedInt(b.getShort(at)); }

        public int s32(int at) { check(at, 4); return b.getInt(at); }

        public long u32(int at) { check(at, 4); return Integer.toUnsignedLong(b.getInt(at)); }
    }
}
