package io.jnetkit.elf;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian view of part of a byte array. Every read checks its range and
 * throws {@link ElfException} naming {@code what}; nothing here can throw an index exception.
 */
final class Bytes {
    private final byte[] data;
    private final int base;
    private final int length;
    private final String what;

    Bytes(byte[] data, String what) {
        this(data, 0, data.length, what);
    }

    private Bytes(byte[] data, int base, int length, String what) {
        this.data = data;
        this.base = base;
        this.length = length;
        this.what = what;
    }

    int length() {
        return length;
    }

    String what() {
        return what;
    }

    /** The part [offset, offset + size) as its own view, or an error when it does not fit. */
    Bytes slice(long offset, long size, String sliceWhat) {
        check(offset, size, sliceWhat);
        return new Bytes(data, base + (int) offset, (int) size, sliceWhat);
    }

    boolean fits(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= length && size <= length - offset;
    }

    private void check(long offset, long size, String field) {
        if (!fits(offset, size)) {
            throw new ElfException(field + ": " + size + " bytes at offset " + offset + " do not fit in " + what
                    + " (" + length + " bytes)");
        }
    }

    int u8(long off) {
        check(off, 1, what);
        return data[base + (int) off] & 0xff;
    }

    int u16(long off) {
        check(off, 2, what);
        int p = base + (int) off;
        return (data[p] & 0xff) | (data[p + 1] & 0xff) << 8;
    }

    /** A u32 as an int (callers that need it unsigned use {@link #u32Checked}). */
    int s32(long off) {
        check(off, 4, what);
        int p = base + (int) off;
        return (data[p] & 0xff) | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff) << 16 | (data[p + 3] & 0xff) << 24;
    }

    long u32(long off) {
        return s32(off) & 0xffff_ffffL;
    }

    /** A u32 that must be a usable size or offset (< 2^31), else an error naming {@code field}. */
    int u32Checked(long off, String field) {
        long v = u32(off);
        if (v > Integer.MAX_VALUE) {
            throw new ElfException(what + ": " + field + " " + v + " is out of range");
        }
        return (int) v;
    }

    long u64(long off) {
        return u32(off) | u32(off + 4) << 32;
    }

    /** A u64 that must be a usable size or offset (< 2^31). */
    int u64Checked(long off, String field) {
        long v = u64(off);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ElfException(what + ": " + field + " " + Long.toUnsignedString(v) + " is out of range");
        }
        return (int) v;
    }

    byte[] bytes(long off, long size) {
        check(off, size, what);
        byte[] out = new byte[(int) size];
        System.arraycopy(data, base + (int) off, out, 0, (int) size);
        return out;
    }

    byte[] toArray() {
        return bytes(0, length);
    }

    /** A NUL-terminated string starting at {@code off}; an error if no NUL follows within the view. */
    String cString(long off) {
        if (off < 0 || off >= length) {
            throw new ElfException(what + ": string offset " + off + " is outside the table (" + length + " bytes)");
        }
        int start = base + (int) off;
        int end = start;
        int limit = base + length;
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw new ElfException(what + ": string at offset " + off + " is not NUL-terminated");
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }
}
