package io.jnetkit.btf;

import java.math.BigInteger;
import java.util.List;

/**
 * Formats map keys and values from their BTF types the way {@code bpftool map dump} prints the
 * {@code "formatted"} part (and its plain-text form): what bpftool's BTF dumper does, written
 * against {@link BtfTypes}.
 *
 * <p>The renderings, by kind:
 * <ul>
 *   <li>INT of 8, 16, 32 or 64 bits: a decimal number, signed when the type is; {@code _Bool}:
 *       {@code true}/{@code false}; a CHAR-encoded int: the character quoted when printable.</li>
 *   <li>Bitfields (struct members with a bitfield size, INTs with a bit offset or a size that is
 *       not whole bytes) and 128-bit ints: unsigned, as a hex string ({@code "0x1f"}; unquoted in
 *       plain text) — never sign-extended, as bpftool does.</li>
 *   <li>Arrays: a JSON array; an array of {@code char} holding a NUL-terminated printable string
 *       is that string instead (a typedef of char does not count, qualifiers do not matter).</li>
 *   <li>Structs and unions: an object by member name (anonymous members under {@code ""}).</li>
 *   <li>Enums: the enumerator's name when the value (read sign-extended from the enum's size)
 *       equals one, else the number.</li>
 *   <li>Pointers: the address as an unsigned number ({@code "0x…"} or {@code "(nil)"} in plain text).</li>
 *   <li>Typedefs, const, volatile, restrict, type tags: followed.</li>
 *   <li>DATASEC (global data maps): {@code {".data": [{"var": value}, …]}}, variables in BTF order.</li>
 *   <li>{@code struct bpf_spin_lock}, {@code struct bpf_timer} and the like are plain structs:
 *       the kernel zeroes them in lookups, so they print as zeros.</li>
 * </ul>
 *
 * <p>Deliberate differences from bpftool 7.x, each where bpftool reads past the value or
 * prints invalid JSON: a {@code _Bool} is read from its own byte (bpftool reads four bytes, so a
 * false bool followed by a true one prints true); a CHAR-encoded {@code "} or {@code \} is
 * escaped; FLOAT prints its value (bpftool prints {@code (unsupported-kind}). clang encodes
 * {@code char} as a signed INT, not CHAR, so the second case needs hand-written BTF.
 */
public final class BtfDumper {
    private static final int MAX_DEPTH = 64;

    private final BtfTypes btf;

    public BtfDumper(BtfTypes btf) {
        this.btf = btf;
    }

    public BtfTypes btf() {
        return btf;
    }

    /** One value of type {@code typeId} held in {@code data}, as JSON ({@code bpftool -j}'s rendering). */
    public String format(int typeId, byte[] data) {
        DumpWriter w = DumpWriter.json();
        dump(w, typeId, data, 0);
        return w.toString();
    }

    /** Writes the value of type {@code typeId} that starts at {@code data[offset]}. */
    public void dump(DumpWriter w, int typeId, byte[] data, int offset) {
        value(w, typeId, 0, data, offset, 0);
    }

    /**
     * A map entry's {@code "formatted"} object: {@code "key"} (left out when the map has no key
     * type, as global data maps) and {@code "value"}, or for a per-CPU map ({@code cpus > 0})
     * {@code "values": [{"cpu": 0, "value": …}, …]}, one per possible CPU, each in its
     * {@code valueSize} rounded up to 8 bytes of {@code value}.
     */
    public void entry(DumpWriter w, int keyTypeId, int valueTypeId, byte[] key, byte[] value, int valueSize, int cpus) {
        w.startObject();
        if (keyTypeId != 0) {
            w.name("key");
            dump(w, keyTypeId, key, 0);
        }
        if (cpus <= 0) {
            w.name("value");
            dump(w, valueTypeId, value, 0);
        } else {
            int step = (valueSize + 7) & ~7;
            w.name("values").startArray();
            for (int cpu = 0; cpu < cpus; cpu++) {
                w.startObject().name("cpu").number(cpu).name("value");
                dump(w, valueTypeId, value, cpu * step);
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
    }

    private BtfException tooShort(int typeId, int offset, long need, byte[] data) {
        return new BtfException("format " + btf.describe(typeId) + ": needs " + need + " bytes at offset " + offset
                + ", the value has " + data.length);
    }

    private void need(int typeId, byte[] data, int offset, long bytes) {
        if (offset < 0 || offset + bytes > data.length) throw tooShort(typeId, offset, bytes, data);
    }

    /** {@code bitOffset}: 0–7 bits into {@code data[offset]}, for INT members of structs without kind_flag. */
    private void value(DumpWriter w, int id, int bitOffset, byte[] data, int offset, int depth) {
        if (depth > MAX_DEPTH) throw new BtfException("format type " + id + ": nested too deep (a cycle?)");
        switch (btf.kind(id)) {
            case BtfTypes.KIND_INT -> integer(w, id, bitOffset, data, offset);
            case BtfTypes.KIND_STRUCT, BtfTypes.KIND_UNION -> struct(w, id, data, offset, depth);
            case BtfTypes.KIND_ARRAY -> array(w, id, data, offset, depth);
            case BtfTypes.KIND_ENUM, BtfTypes.KIND_ENUM64 -> enumeration(w, id, data, offset);
            case BtfTypes.KIND_PTR -> {
                need(id, data, offset, 8);
                long v = le(data, offset, 8);
                // Quoted as bpftool 7.5 does (7.1 printed them bare, which is not JSON).
                if (w.isPlainText()) w.string(v == 0 ? "(nil)" : "0x" + Long.toHexString(v));
                else w.unsigned(v);
            }
            case BtfTypes.KIND_FLOAT -> floating(w, id, data, offset);
            case BtfTypes.KIND_UNKN -> w.raw("(unknown)");
            // A map's key or value cannot be a forward declaration; bpftool says so in the output.
            case BtfTypes.KIND_FWD -> w.raw("(fwd-kind-invalid)");
            case BtfTypes.KIND_TYPEDEF, BtfTypes.KIND_VOLATILE, BtfTypes.KIND_CONST, BtfTypes.KIND_RESTRICT,
                 BtfTypes.KIND_TYPE_TAG -> value(w, btf.skipModsAndTypedefs(id), bitOffset, data, offset, depth + 1);
            case BtfTypes.KIND_VAR -> {
                w.startObject().name(btf.name(id));
                value(w, btf.ref(id), bitOffset, data, offset, depth + 1);
                w.endObject();
            }
            case BtfTypes.KIND_DATASEC -> {
                w.startObject().name(btf.name(id)).startArray();
                for (BtfTypes.VarSecinfo v : btf.varSecinfos(id)) {
                    if (v.offset() > Integer.MAX_VALUE) throw tooShort(v.type(), Integer.MAX_VALUE, v.size(), data);
                    value(w, v.type(), 0, data, offset + (int) v.offset(), depth + 1);
                }
                w.endArray().endObject();
            }
            default -> w.raw("(unsupported-kind");
        }
    }

    private void integer(DumpWriter w, int id, int bitOffset, byte[] data, int offset) {
        int bits = btf.intBits(id);
        int intOffset = btf.intOffset(id);
        if (bitOffset != 0 || intOffset != 0 || bits % 8 != 0) {
            int total = bitOffset + intOffset;
            bitfield(w, bits, total % 8, data, offset + total / 8, id);
            return;
        }
        if (bits == 128) {
            bitfield(w, 128, 0, data, offset, id);
            return;
        }
        int bytes = bits / 8;
        need(id, data, offset, Math.max(bytes, 1));
        int enc = btf.intEncoding(id);
        if (enc == 0 || enc == BtfTypes.INT_SIGNED) {
            if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                bitfield(w, bits, 0, data, offset, id);
                return;
            }
            long v = le(data, offset, bytes);
            if (enc == BtfTypes.INT_SIGNED) w.number(signExtend(v, bits));
            else w.unsigned(v);
        } else if (enc == INT_CHAR) {
            char c = (char) (data[offset] & 0xff);
            if (c >= 0x20 && c < 0x7f) w.string(String.valueOf(c));
            else if (w.isPlainText()) w.raw("0x" + Integer.toHexString(c));
            else w.raw(String.format("\"\\u00%02x\"", (int) c));
        } else if (enc == INT_BOOL) {
            w.bool(le(data, offset, Math.max(bytes, 1)) != 0);
        } else {
            w.raw("(unsupported-kind");
        }
    }

    private static final int INT_CHAR = 2, INT_BOOL = 4;

    /**
     * {@code bits} bits starting {@code bitOffset} (0–7) bits into {@code data[offset]}, unsigned,
     * as bpftool prints bitfields and 128-bit ints: {@code "0x…"}, unquoted in plain text.
     */
    private void bitfield(DumpWriter w, int bits, int bitOffset, byte[] data, int offset, int id) {
        int bytes = (bitOffset + bits + 7) / 8;
        need(id, data, offset, bytes);
        byte[] be = new byte[bytes + 1];
        for (int i = 0; i < bytes; i++) be[bytes - i] = data[offset + i];
        BigInteger v = new BigInteger(be).shiftRight(bitOffset);
        v = v.and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        String hex = "0x" + v.toString(16);
        if (w.isPlainText()) w.raw(hex);
        else w.string(hex);
    }

    private void struct(DumpWriter w, int id, byte[] data, int offset, int depth) {
        w.startObject();
        for (BtfTypes.Member m : btf.members(id)) {
            w.name(m.name());
            int at = offset + m.bitOffset() / 8;
            if (m.bitfieldSize() != 0) bitfield(w, m.bitfieldSize(), m.bitOffset() % 8, data, at, id);
            else value(w, m.type(), m.bitOffset() % 8, data, at, depth + 1);
        }
        w.endObject();
    }

    private void array(DumpWriter w, int id, byte[] data, int offset, int depth) {
        BtfTypes.Array a = btf.array(id);
        long elemSize = btf.sizeOf(a.elemType());
        if (isString(a, data, offset)) {
            int end = offset;
            while (data[end] != 0) end++;
            w.string(new String(data, offset, end - offset, java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        need(id, data, offset, elemSize * a.nelems());
        w.startArray();
        for (long i = 0; i < a.nelems(); i++) value(w, a.elemType(), 0, data, (int) (offset + i * elemSize), depth + 1);
        w.endArray();
    }

    /**
     * Whether bpftool prints the array as a string: elements of a 1-byte int named {@code char}
     * (or CHAR-encoded) behind qualifiers only, printable bytes up to a NUL within the array.
     */
    private boolean isString(BtfTypes.Array a, byte[] data, int offset) {
        if (a.nelems() == 0) return false;
        int e = a.elemType();
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            int k = btf.kind(e);
            if (k != BtfTypes.KIND_CONST && k != BtfTypes.KIND_VOLATILE && k != BtfTypes.KIND_RESTRICT
                    && k != BtfTypes.KIND_TYPE_TAG) break;
            e = btf.ref(e);
        }
        if (btf.kind(e) != BtfTypes.KIND_INT || btf.size(e) != 1) return false;
        if (btf.intEncoding(e) != INT_CHAR && !btf.name(e).equals("char")) return false;
        for (long i = 0; i < a.nelems(); i++) {
            if (offset + i >= data.length) return false;
            byte b = data[(int) (offset + i)];
            if (b == 0) return true;
            // bpftool compares a signed char: bytes >= 0x80 are negative, so not printable either.
            if (b <= 0x1f || b >= 0x7f) return false;
        }
        return false;
    }

    private void enumeration(DumpWriter w, int id, byte[] data, int offset) {
        int size = (int) btf.size(id);
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            w.raw("(unsupported-kind");
            return;
        }
        need(id, data, offset, size);
        long raw = le(data, offset, size);
        List<BtfTypes.EnumValue> values = btf.enumValues(id);
        if (btf.kind(id) == BtfTypes.KIND_ENUM) {
            // bpftool compares the value sign-extended from the enum's size with each 32-bit enumerator.
            long v = signExtend(raw, size * 8);
            for (BtfTypes.EnumValue e : values) {
                if ((long) (int) e.value() == v) {
                    w.string(e.name());
                    return;
                }
            }
            w.number(v);
        } else {
            // ENUM64: all 64 bits read and compared; an unnamed value prints signed.
            long v = size == 8 ? raw : signExtend(raw, size * 8);
            for (BtfTypes.EnumValue e : values) {
                if (e.value() == v) {
                    w.string(e.name());
                    return;
                }
            }
            w.number(v);
        }
    }

    private void floating(DumpWriter w, int id, byte[] data, int offset) {
        int size = (int) btf.size(id);
        need(id, data, offset, size);
        switch (size) {
            case 4 -> w.raw(Float.toString(Float.intBitsToFloat((int) le(data, offset, 4))));
            case 8 -> w.raw(Double.toString(Double.longBitsToDouble(le(data, offset, 8))));
            default -> w.raw("(unsupported-kind");
        }
    }

    private static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[off + i] & 0xff);
        return v;
    }

    private static long signExtend(long v, int bits) {
        return bits >= 64 ? v : v << (64 - bits) >> (64 - bits);
    }
}
