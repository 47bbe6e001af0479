package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds a netlink request: message type and flags, a fixed family header (ifinfomsg,
 * ifaddrmsg, rtmsg…) and attributes, native-endian, each attribute padded to 4 bytes.
 * Nests are opened with {@link #begin(int)} and closed with {@link #end()}; a nest may start with
 * raw bytes (the peer's ifinfomsg inside {@code IFLA_NETKIT_PEER_INFO}). Like iproute2, nests are
 * sent without {@code NLA_F_NESTED}.
 *
 * <pre>{@code
 * Message m = new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
 *         .raw(ifinfomsg).string(IFLA_IFNAME, "task_nk")
 *         .begin(IFLA_LINKINFO).string(IFLA_INFO_KIND, "netkit").end()
 *         .build();
 * }</pre>
 */
public final class MessageBuilder {
    private static final int MAX_NLA_LEN = 0xffff;

    private final int type;
    private final int flags;
    private byte[] buf = new byte[256];
    private int len;
    private final Deque<Integer> open = new ArrayDeque<>();

    public MessageBuilder(int type, int flags) {
        if (type < 0 || type > 0xffff || flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("nlmsg type/flags must fit 16 bits: " + type + "/" + flags);
        }
        this.type = type;
        this.flags = flags;
    }

    private ByteBuffer reserve(int n) {
        int need = len + NetlinkAbi.align(n);
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        ByteBuffer b = ByteBuffer.wrap(buf, len, n).slice().order(ByteOrder.nativeOrder());
        len = need; // padding bytes stay zero: buf only grows and is never reused
        return b;
    }

    /** Appends raw bytes (a fixed header such as ifinfomsg), zero-padded to 4 bytes. */
    public MessageBuilder raw(byte[] bytes) {
        reserve(bytes.length).put(bytes);
        return this;
    }

    private ByteBuffer attr(int attrType, int payloadLen) {
        if (attrType < 0 || attrType > NetlinkAbi.NLA_TYPE_MASK) {
            throw new IllegalArgumentException("attribute type out of range: " + attrType);
        }
        int nlaLen = NetlinkAbi.NLATTR_SIZE + payloadLen;
        if (nlaLen > MAX_NLA_LEN) {
            throw new IllegalArgumentException("attribute type " + attrType + " too long: " + payloadLen + " bytes");
        }
        ByteBuffer b = reserve(nlaLen);
        b.putShort((short) nlaLen).putShort((short) attrType);
        return b;
    }

    public MessageBuilder u8(int attrType, int value) {
        attr(attrType, 1).put((byte) value);
        return this;
    }

    public MessageBuilder u16(int attrType, int value) {
        attr(attrType, 2).putShort((short) value);
        return this;
    }

    public MessageBuilder u32(int attrType, long value) {
        attr(attrType, 4).putInt((int) value);
        return this;
    }

    public MessageBuilder s32(int attrType, int value) {
        attr(attrType, 4).putInt(value);
        return this;
    }

    public MessageBuilder u64(int attrType, long value) {
        attr(attrType, 8).putLong(value);
        return this;
    }

    /** A UTF-8 string with its terminating NUL. */
    public MessageBuilder string(int attrType, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        attr(attrType, s.length + 1).put(s).put((byte) 0);
        return this;
    }

    public MessageBuilder bytes(int attrType, byte[] value) {
        attr(attrType, value.length).put(value);
        return this;
    }

    /** Opens a nested attribute; close it with {@link #end()}. */
    public MessageBuilder begin(int attrType) {
        int start = len;
        attr(attrType, 0);
        open.push(start);
        return this;
    }

    /** Closes the innermost open nest, fixing its length. */
    public MessageBuilder end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("end() without begin()");
        }
        int start = open.pop();
        int nlaLen = len - start;
        if (nlaLen > MAX_NLA_LEN) {
            throw new IllegalArgumentException("nested attribute too long: " + nlaLen + " bytes");
        }
        ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).putShort(start, (short) nlaLen);
        return this;
    }

    /** The finished request (sequence number and port id are filled in by the socket). */
    public Message build() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " nested attribute(s) not closed");
        }
        return new Message(type, flags, 0, 0, Arrays.copyOf(buf, len));
    }
}
