package io.jnetkit.elf;

import static io.jnetkit.btf.BtfTypes.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .BTF} section: a header, a type section and a string section (uapi
 * {@code linux/btf.h}). Types are numbered from 1 in order; each is a 12-byte
 * {@code btf_type} (name_off, info = kind << 24 | vlen, size-or-type) followed by data whose
 * length depends on the kind. jnetkit reads it for map definitions in {@code .maps} and, at
 * load, patches the DATASEC sizes and VAR offsets that clang leaves for the loader to fill.
 */
final class BtfSpec {

    /** One type: where it sits in the type section (for patching) and its decoded header. */
    record Type(int id, int offset, String name, int kind, int vlen, boolean kindFlag, int sizeOrType) {}

    record Member(String name, int type, int offset) {}

    record SecInfo(int type, int offset, int size) {}

    private final byte[] raw;
    private final int hdrLen;
    private final int typeOff;
    private final int stringOff;
    private final Bytes types;
    private final Bytes strings;
    private final List<Type> list = new ArrayList<>();

    private BtfSpec(byte[] raw) {
        this.raw = raw;
        Bytes b = new Bytes(raw, ".BTF");
        if (raw.length < 24) {
            throw new ElfException(".BTF: " + raw.length + " bytes, shorter than its 24-byte header");
        }
        if (b.u16(0) != MAGIC) {
            throw new ElfException(".BTF: bad magic 0x" + Integer.toHexString(b.u16(0)) + " (expected 0xeb9f, little-endian)");
        }
        if (b.u8(2) != 1) {
            throw new ElfException(".BTF: version " + b.u8(2) + " is not supported (expected 1)");
        }
        hdrLen = b.u32Checked(4, "hdr_len");
        if (hdrLen < 24) {
            throw new ElfException(".BTF: hdr_len " + hdrLen + " is shorter than 24");
        }
        typeOff = b.u32Checked(8, "type_off");
        int typeLen = b.u32Checked(12, "type_len");
        int strOff = b.u32Checked(16, "str_off");
        stringOff = strOff;
        int strLen = b.u32Checked(20, "str_len");
        types = b.slice((long) hdrLen + typeOff, typeLen, ".BTF type section");
        strings = b.slice((long) hdrLen + strOff, strLen, ".BTF string section");
        list.add(new Type(0, -1, "", 0, 0, false, 0)); // id 0 is void
        int off = 0;
        while (off < typeLen) {
            int id = list.size();
            if (!types.fits(off, 12)) {
                throw new ElfException(".BTF: type " + id + " at offset " + off + " is truncated");
            }
            int info = types.s32(off + 4);
            int kind = info >>> 24 & 0x1f;
            int vlen = info & 0xffff;
            Type t = new Type(id, off, string(types.u32(off)), kind, vlen, info < 0, types.s32(off + 8));
            list.add(t);
            off += 12 + extra(t);
            if (off > typeLen) {
                throw new ElfException(".BTF: type " + id + " (" + kindName(kind) + ") extends past the type section");
            }
        }
    }

    static BtfSpec parse(byte[] raw) {
        return new BtfSpec(raw);
    }

    private static int extra(Type t) {
        return switch (t.kind) {
            case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
            case KIND_ARRAY -> 12;
            case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> 12 * t.vlen;
            case KIND_ENUM, KIND_FUNC_PROTO -> 8 * t.vlen;
            case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FLOAT,
                 KIND_TYPE_TAG -> 0;
            default -> throw new ElfException(".BTF: type " + t.id + " has unknown kind " + t.kind);
        };
    }

    /** The section's bytes as read (not the copy fixed for the kernel). */
    byte[] raw() {
        return raw;
    }

    String string(long off) {
        if (off == 0) return "";
        return strings.cString(off);
    }

    int count() {
        return list.size() - 1;
    }

    Type type(int id) {
        if (id < 0 || id >= list.size()) {
            throw new ElfException(".BTF: type id " + id + " is out of range (" + count() + " types)");
        }
        return list.get(id);
    }

    List<Type> types() {
        return list.subList(1, list.size());
    }

    /** Follows typedefs and qualifiers to the underlying type. */
    Type skipModifiers(int id) {
        Type t = type(id);
        for (int depth = 0; depth < 64; depth++) {
            switch (t.kind) {
                case KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_TYPE_TAG -> t = type(t.sizeOrType);
                default -> {
                    return t;
                }
            }
        }
        throw new ElfException(".BTF: type " + id + ": qualifier chain too long (a cycle?)");
    }

    /** sizeof for a type id, as C would compute it. */
    long sizeOf(int id) {
        return sizeOf(id, 0);
    }

    private long sizeOf(int id, int depth) {
        if (depth > 64) {
            throw new ElfException(".BTF: type " + id + ": nesting too deep (a cycle?)");
        }
        Type t = skipModifiers(id);
        return switch (t.kind) {
            case KIND_INT, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_ENUM64, KIND_FLOAT, KIND_DATASEC ->
                    Integer.toUnsignedLong(t.sizeOrType);
            case KIND_PTR -> 8;
            case KIND_ARRAY -> arrayNelems(t) * sizeOf(arrayElem(t), depth + 1);
            case KIND_VAR -> sizeOf(t.sizeOrType, depth + 1);
            default -> throw new ElfException(".BTF: type " + t.id + " (" + kindName(t.kind) + " " + t.name
                    + ") has no size");
        };
    }

    int arrayElem(Type t) {
        return types.s32(t.offset + 12);
    }

    long arrayNelems(Type t) {
        return types.u32(t.offset + 20);
    }

    /** The value of an ENUM (32-bit, signed per its kind flag) or ENUM64 member, as a long. */
    long enumValue(Type t, int i) {
        if (t.kind == KIND_ENUM64) {
            int o = t.offset + 12 + 12 * i;
            return types.u32(o + 4) | types.u32(o + 8) << 32;
        }
        int v = types.s32(t.offset + 12 + 8 * i + 4);
        return t.kindFlag ? v : Integer.toUnsignedLong(v);
    }

    List<Member> members(Type t) {
        List<Member> out = new ArrayList<>(t.vlen);
        for (int i = 0; i < t.vlen; i++) {
            int o = t.offset + 12 + 12 * i;
            out.add(new Member(string(types.u32(o)), types.s32(o + 4), types.s32(o + 8)));
        }
        return out;
    }

    List<SecInfo> secInfos(Type t) {
        List<SecInfo> out = new ArrayList<>(t.vlen);
        for (int i = 0; i < t.vlen; i++) {
            int o = t.offset + 12 + 12 * i;
            out.add(new SecInfo(types.s32(o), types.s32(o + 4), types.s32(o + 8)));
        }
        return out;
    }

    /** Structs the kernel finds in a map value only through BTF (it refuses them without). */
    private static final Set<String> BTF_ONLY_STRUCTS = Set.of("bpf_spin_lock", "bpf_res_spin_lock",
            "bpf_timer", "bpf_wq", "bpf_list_head", "bpf_list_node", "bpf_rb_root", "bpf_rb_node", "bpf_refcount",
            "bpf_task_work");

    /**
     * What in type {@code id} needs BTF to work in a map value: {@code "struct bpf_spin_lock"},
     * {@code "kptr"} (a pointer tagged {@code __kptr}), …, or "" when nothing does.
     */
    String btfOnlyField(int id) {
        return btfOnlyField(id, 0);
    }

    private String btfOnlyField(int id, int depth) {
        if (depth > 32) return "";
        Type t = skipModifiers(id);
        switch (t.kind) {
            case KIND_STRUCT, KIND_UNION -> {
                if (t.kind == KIND_STRUCT && BTF_ONLY_STRUCTS.contains(t.name)) return "struct " + t.name;
                for (Member m : members(t)) {
                    String f = btfOnlyField(m.type(), depth + 1);
                    if (!f.isEmpty()) return f;
                }
            }
            case KIND_ARRAY -> {
                return btfOnlyField(arrayElem(t), depth + 1);
            }
            case KIND_PTR -> {
                // __kptr is a type tag on the pointee: PTR -> TYPE_TAG "kptr" -> STRUCT.
                Type p = type(t.sizeOrType);
                for (int i = 0; i < 8 && p.kind != KIND_PTR; i++) {
                    if (p.kind == KIND_TYPE_TAG && p.name.contains("kptr")) return p.name;
                    if (p.kind != KIND_TYPE_TAG && p.kind != KIND_CONST && p.kind != KIND_VOLATILE
                            && p.kind != KIND_RESTRICT) break;
                    p = type(p.sizeOrType);
                }
            }
            default -> { }
        }
        return "";
    }

    Type datasec(String name) {
        for (Type t : types()) {
            if (t.kind == KIND_DATASEC && t.name.equals(name)) return t;
        }
        return null;
    }

    /** Where a section's variables really are: section size and symbol offsets, from the ELF. */
    interface Layout {
        /** The ELF section's size, or -1 if the object has no such section. */
        int sectionSize(String section);

        /**
         * The offsets of the section's symbols named {@code symbol}, ascending; more than one in
         * a linked object whose files each have a {@code static} of that name.
         */
        List<Long> symbolOffsets(String section, String symbol);
    }

    /**
     * A copy of the raw BTF with every DATASEC's size set to its ELF section's size and each
     * VAR's offset set to its symbol's value — clang leaves these for the loader (the kernel
     * checks that variables lie inside the section). Sections not in the object keep their values.
     */
    byte[] fixedForKernel(Layout layout) {
        ByteBuffer out = ByteBuffer.wrap(raw.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int base = hdrLen + typeOff;
        for (Type t : types()) {
            if (t.kind != KIND_DATASEC) continue;
            int size = layout.sectionSize(t.name);
            if (size < 0) continue;
            out.putInt(base + t.offset + 8, size);
            int[][] entries = new int[t.vlen][];
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < t.vlen; i++) {
                int o = base + t.offset + 12 + 12 * i;
                int varId = out.getInt(o), offset = out.getInt(o + 4), varSize = out.getInt(o + 8);
                Type var = type(varId);
                if (var.kind == KIND_VAR) {
                    List<Long> offs = layout.symbolOffsets(t.name, var.name);
                    int nth = seen.merge(var.name, 1, Integer::sum) - 1;
                    // Same-named statics of a linked object: the BTF's own offset when it is one
                    // of theirs (the linker sets it), else the n-th symbol for the n-th VAR.
                    if (!offs.contains(Integer.toUnsignedLong(offset)) && !offs.isEmpty()) {
                        offset = (int) (long) offs.get(Math.min(nth, offs.size() - 1));
                    }
                }
                entries[i] = new int[] {varId, offset, varSize};
            }
            // The kernel wants a DATASEC's entries in ascending offset order; a linked object
            // (bpftool gen object) lists them per input file, and the offsets set above may be
            // in any order. libbpf sorts them too. Stable, so equal offsets keep their order.
            Arrays.sort(entries, Comparator.comparingLong(e -> Integer.toUnsignedLong(e[1])));
            for (int i = 0; i < t.vlen; i++) {
                int o = base + t.offset + 12 + 12 * i;
                out.putInt(o, entries[i][0]);
                out.putInt(o + 4, entries[i][1]);
                out.putInt(o + 8, entries[i][2]);
            }
        }
        return fixExterns(out, base);
    }

    /**
     * Externs ({@code __ksym}, {@code __kconfig}): the kernel takes no extern linkage (VAR 2,
     * FUNC 2), no FUNC and no void VAR in a DATASEC, no DATASEC entry of size 0 and no unnamed
     * FUNC parameter. Extern VARs and FUNCs become global (unnamed parameters take the function's
     * name); in {@code .ksyms} a typeless VAR gets type int and each FUNC entry
     * a new int VAR of its name (appended, so no type id changes), laid out one after another.
     */
    private byte[] fixExterns(ByteBuffer out, int base) {
        Type ksyms = null;
        for (Type t : types()) {
            if (t.kind == KIND_VAR && out.getInt(base + t.offset + 12) == 2) out.putInt(base + t.offset + 12, 1);
            if (t.kind == KIND_FUNC && t.vlen == 2) {
                out.putInt(base + t.offset + 4, KIND_FUNC << 24 | 1);
                // A FUNC's parameters need names; clang leaves an extern's unnamed: they get the function's.
                Type proto = type(t.sizeOrType);
                if (proto.kind == KIND_FUNC_PROTO) {
                    for (int i = 0; i < proto.vlen; i++) {
                        int o = base + proto.offset + 12 + 8 * i;
                        if (out.getInt(o) == 0 && out.getInt(o + 4) != 0) out.putInt(o, out.getInt(base + t.offset));
                    }
                }
            }
            if (t.kind == KIND_DATASEC && t.name.equals(ElfReader.KSYMS)) ksyms = t;
        }
        if (ksyms == null || ksyms.vlen == 0) return out.array();
        ByteBuffer added = ByteBuffer.allocate(16 * (ksyms.vlen + 1)).order(ByteOrder.LITTLE_ENDIAN);
        int next = list.size();
        int intId = 0;
        for (Type t : types()) {
            if (t.kind == KIND_INT && t.sizeOrType == 4) {
                intId = t.id;
                break;
            }
        }
        if (intId == 0) {
            intId = next++;
            added.putInt(0).putInt(KIND_INT << 24).putInt(4).putInt(32 | INT_SIGNED << 24);
        }
        int offset = 0;
        for (int i = 0; i < ksyms.vlen; i++) {
            int o = base + ksyms.offset + 12 + 12 * i;
            Type e = type(out.getInt(o));
            long size;
            if (e.kind == KIND_FUNC) {
                added.putInt(types.u32(e.offset) > Integer.MAX_VALUE ? 0 : (int) types.u32(e.offset))
                        .putInt(KIND_VAR << 24).putInt(intId).putInt(1);
                out.putInt(o, next++);
                size = 4;
            } else if (e.kind == KIND_VAR && skipModifiers(e.sizeOrType).id() == 0) {
                out.putInt(base + e.offset + 8, intId);
                size = 4;
            } else {
                size = e.kind == KIND_VAR ? Math.max(1, sizeOf(e.sizeOrType)) : 4;
            }
            offset = (int) ((offset + 7L) / 8 * 8);
            out.putInt(o + 4, offset);
            out.putInt(o + 8, (int) size);
            offset += (int) size;
        }
        out.putInt(base + ksyms.offset + 8, Math.max(offset, 1));
        if (added.position() == 0) return out.array();
        // Appended types go at the end of the type section; the strings follow unchanged.
        int typeLen = types.length();
        int strLen = strings.length();
        ByteBuffer r = ByteBuffer.allocate(hdrLen + typeLen + added.position() + strLen).order(ByteOrder.LITTLE_ENDIAN);
        r.put(out.array(), 0, hdrLen);
        r.put(out.array(), base, typeLen);
        r.put(added.array(), 0, added.position());
        r.put(out.array(), hdrLen + stringOff, strLen);
        r.putInt(8, 0);
        r.putInt(12, typeLen + added.position());
        r.putInt(16, typeLen + added.position());
        r.putInt(20, strLen);
        return r.array();
    }
}
