package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed run of netlink attributes ({@code struct nlattr} TLVs, 4-byte aligned), strictly
 * bounds-checked: {@code nla_len} below 4, an attribute running past the end, or trailing bytes
 * that cannot hold an attribute throw {@link MalformedMessageException}; so does reading an
 * attribute as the wrong width. Missing attributes read as {@code null}. The
 * {@code NLA_F_NESTED}/{@code NLA_F_NET_BYTEORDER} bits are masked off the type.
 *
 * <p>When a type occurs more than once the first occurrence wins (use {@link #all(int)} for
 * lists). Reads never copy the underlying buffer except to return {@code byte[]}/strings.
 */
public final class Attributes {
    private final byte[] buf;
    private final ByteBuffer view;
    /** Triples: type, payload offset, payload length. */
    private final int[] entries;
    private final int count;

    private Attributes(byte[] buf, int[] entries, int count) {
        this.buf = buf;
        this.view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        this.entries = entries;
        this.count = count;
    }

    /** Parses the attributes in {@code buf[off, off+len)}. */
    public static Attributes parse(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || (long) off + len > buf.length) {
            throw new MalformedMessageException("attribute range " + off + "+" + len + " outside "
                    + buf.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        int end = off + len;
        int[] e = new int[3 * 8];
        int n = 0;
        int at = off;
        while (at < end) {
            if (end - at < NetlinkAbi.NLATTR_SIZE) {
                throw new MalformedMessageException((end - at) + " trailing bytes at offset " + (at - off)
                        + ", less than a 4-byte attribute header");
            }
            int nlaLen = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2)) & NetlinkAbi.NLA_TYPE_MASK;
            if (nlaLen < NetlinkAbi.NLATTR_SIZE || nlaLen > end - at) {
                throw new MalformedMessageException("attribute type " + type + " at offset " + (at - off)
                        + " has nla_len " + nlaLen + ", outside 4.." + (end - at));
            }
            if (3 * n + 3 > e.length) {
                e = Arrays.copyOf(e, e.length * 2);
            }
            e[3 * n] = type;
            e[3 * n + 1] = at + NetlinkAbi.NLATTR_SIZE;
            e[3 * n + 2] = nlaLen - NetlinkAbi.NLATTR_SIZE;
            n++;
            // The last attribute may stop short of its alignment padding.
            at = Math.min(end, at + NetlinkAbi.align(nlaLen));
        }
        return new Attributes(buf, e, n);
    }

    /** Parses the attributes that fill {@code bytes}. */
    public static Attributes parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** Number of attributes (including repeats). */
    public int size() { return count; }

    /** The attribute types in wire order. */
    public List<Integer> types() {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(entries[3 * i]);
        return out;
    }

    public boolean has(int type) { return find(type) >= 0; }

    private int find(int type) {
        for (int i = 0; i < count; i++) {
            if (entries[3 * i] == type) return i;
        }
        return -1;
    }

    /** Payload offset of the first attribute {@code type} whose payload is exactly {@code width} bytes, or -1. */
    private int sized(int type, int width, String what) {
        int i = find(type);
        if (i < 0) return -1;
        int len = entries[3 * i + 2];
        if (len != width) {
            throw new MalformedMessageException("attribute type " + type + " has " + len + " bytes, a "
                    + what + " needs " + width);
        }
        return entries[3 * i + 1];
    }

    public Integer u8(int type) {
        int at = sized(type, 1, "u8");
        return at < 0 ? null : Byte.toUnsignedInt(buf[at]);
    }

    public Integer u16(int type) {
        int at = sized(type, 2, "u16");
        return at < 0 ? null : Short.toUnsignedInt(view.getShort(at));
    }

    /** An unsigned 32-bit value widened to long. */
    public Long u32(int type) {
        int at = sized(type, 4, "u32");
        return at < 0 ? null : Integer.toUnsignedLong(view.getInt(at));
    }

    /** A 32-bit value as Java int (signed); use for s32 and for u32 values known to be small. */
    public Integer s32(int type) {
        int at = sized(type, 4, "s32");
        return at < 0 ? null : view.getInt(at);
    }

    public Long u64(int type) {
        int at = sized(type, 8, "u64");
        return at < 0 ? null : view.getLong(at);
    }

    /** The payload as a copy; null when absent. */
    public byte[] bytes(int type) {
        int i = find(type);
        if (i < 0) return null;
        int at = entries[3 * i + 1];
        return Arrays.copyOfRange(buf, at, at + entries[3 * i + 2]);
    }

    /** A string up to its first NUL (or the whole payload when it has none, as iproute2 may send). */
    public String string(int type) {
        int i = find(type);
        if (i < 0) return null;
        int at = entries[3 * i + 1];
        int len = entries[3 * i + 2];
        int n = 0;
        while (n < len && buf[at + n] != 0) n++;
        return new String(buf, at, n, StandardCharsets.UTF_8);
    }

    /** The nested attributes of {@code type}; null when absent. */
    public Attributes nested(int type) {
        int i = find(type);
        if (i < 0) return null;
        return parse(buf, entries[3 * i + 1], entries[3 * i + 2]);
    }

    /**
     * A nested payload that starts with a fixed header (e.g. VETH_INFO_PEER / IFLA_NETKIT_PEER_INFO:
     * ifinfomsg then attributes); returns the attributes after {@code headerSize} bytes.
     */
    public Attributes nestedAfter(int type, int headerSize) {
        int i = find(type);
        if (i < 0) return null;
        int len = entries[3 * i + 2];
        if (len < headerSize) {
            throw new MalformedMessageException("attribute type " + type + " has " + len
                    + " bytes, shorter than its " + headerSize + "-byte header");
        }
        return parse(buf, entries[3 * i + 1] + headerSize, len - headerSize);
    }

    /** Every occurrence of {@code type}, as raw payload copies, in wire order. */
    public List<byte[]> all(int type) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (entries[3 * i] == type) {
                int at = entries[3 * i + 1];
                out.add(Arrays.copyOfRange(buf, at, at + entries[3 * i + 2]));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Attributes" + types();
    }
}
