package io.jnetkit.btf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only model of one BTF blob (uapi {@code linux/btf.h}): an object's {@code .BTF}, the
 * kernel's {@code /sys/kernel/btf/vmlinux}, or a module's split BTF whose ids continue after
 * vmlinux's. What {@code bpftool btf dump file F} reads.
 *
 * <p>Types are kept as flat arrays indexed by id (vmlinux has more than 100,000; parsing it takes
 * tens of milliseconds), names are decoded on demand, and {@link #byEssentialName} indexes named
 * types by their name without a {@code ___flavor} suffix, for CO-RE candidate lookup. Every read
 * is bounds-checked: malformed BTF is a {@link BtfException}, never an index exception.
 */
public final class BtfTypes {
    public static final int MAGIC = 0xeB9F;
    public static final int KIND_UNKN = 0, KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_UNION = 5,
            KIND_ENUM = 6, KIND_FWD = 7, KIND_TYPEDEF = 8, KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11,
            KIND_FUNC = 12, KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_FLOAT = 16,
            KIND_DECL_TAG = 17, KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;
    /** {@code BTF_INT_SIGNED} in an INT's encoding bits. */
    public static final int INT_SIGNED = 1;
    /** Where the running kernel publishes its BTF (Linux 5.5, {@code CONFIG_DEBUG_INFO_BTF}). */
    public static final Path KERNEL_BTF_DIR = Path.of("/sys/kernel/btf");

    /** A struct or union member; {@code bitfieldSize} is 0 for a plain member. */
    public record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** An enumerator of an ENUM or ENUM64; {@code value} sign-extended when the enum is signed. */
    public record EnumValue(String name, long value) {}

    public record Array(int elemType, int indexType, long nelems) {}

    public record Param(String name, int type) {}

    /** A DATASEC's variable: its VAR type id, byte offset in the section and size. */
    public record VarSecinfo(int type, long offset, long size) {}

    private final String origin;
    private final BtfTypes base;
    private final int firstId;
    private final byte[] raw;
    private final int typeStart;
    private final int strStart;
    private final int strLen;
    /** Per local index (id - firstId): offset of the type in raw, info word, size-or-type word. */
    private final int[] offset;
    private final int[] info;
    private final int[] sizeOrType;
    private final int[] nameOff;
    private final int maxId;
    private volatile Map<String, int[]> essentialIndex;

    private BtfTypes(String origin, byte[] raw, BtfTypes base) {
        this.origin = origin;
        this.raw = raw;
        this.base = base;
        this.firstId = base == null ? 1 : base.maxId + 1;
        if (raw.length < 24) throw bad(raw.length + " bytes, shorter than the 24-byte header");
        if (u16(0) != MAGIC) throw bad("bad magic 0x" + Integer.toHexString(u16(0)) + " (expected 0xeb9f, little-endian)");
        if ((raw[2] & 0xff) != 1) throw bad("version " + (raw[2] & 0xff) + " is not supported (expected 1)");
        long hdrLen = u32(4);
        if (hdrLen < 24 || hdrLen > raw.length) throw bad("hdr_len " + hdrLen + " is invalid");
        long typeOff = u32(8), typeLen = u32(12), strOff = u32(16), strLenL = u32(20);
        if (hdrLen + typeOff + typeLen > raw.length || hdrLen + strOff + strLenL > raw.length) {
            throw bad("type or string section extends past the end (" + raw.length + " bytes)");
        }
        this.typeStart = (int) (hdrLen + typeOff);
        this.strStart = (int) (hdrLen + strOff);
        this.strLen = (int) strLenL;
        int end = (int) (typeStart + typeLen);
        // A lower bound of 12 bytes per type sizes the arrays; they are trimmed at the end.
        int cap = (int) (typeLen / 12) + 1;
        int[] off = new int[cap], inf = new int[cap], st = new int[cap], no = new int[cap];
        int n = 0;
        int o = typeStart;
        while (o < end) {
            int id = firstId + n;
            if (end - o < 12) throw bad("type " + id + " at offset " + (o - typeStart) + " is truncated");
            off[n] = o;
            no[n] = s32(o);
            inf[n] = s32(o + 4);
            st[n] = s32(o + 8);
            int kind = inf[n] >>> 24 & 0x1f;
            int vlen = inf[n] & 0xffff;
            long len = 12L + extra(id, kind, vlen);
            if (o + len > end) throw bad("type " + id + " (" + kindName(kind) + ") extends past the type section");
            o += (int) len;
            n++;
        }
        this.offset = Arrays.copyOf(off, n);
        this.info = Arrays.copyOf(inf, n);
        this.sizeOrType = Arrays.copyOf(st, n);
        this.nameOff = Arrays.copyOf(no, n);
        this.maxId = firstId + n - 1;
    }

    /** Parses a stand-alone BTF blob (an object's {@code .BTF}, or vmlinux's). */
    public static BtfTypes parse(byte[] raw, String origin) {
        return new BtfTypes(origin, raw, null);
    }

    /** Parses split BTF (a kernel module's), whose type ids and string offsets continue after {@code base}'s. */
    public static BtfTypes parseSplit(byte[] raw, String origin, BtfTypes base) {
        return new BtfTypes(origin, raw, base);
    }

    /** Reads a BTF file; {@code bpftool btf dump file PATH}. */
    public static BtfTypes read(Path path) {
        return parse(readAll(path), path.toString());
    }

    /** The running kernel's BTF, {@code /sys/kernel/btf/vmlinux}. */
    public static BtfTypes kernel() {
        return read(KERNEL_BTF_DIR.resolve("vmlinux"));
    }

    /** A loaded module's split BTF, {@code /sys/kernel/btf/<module>}, on top of {@code vmlinux}. */
    public static BtfTypes module(String module, BtfTypes vmlinux) {
        Path p = KERNEL_BTF_DIR.resolve(module);
        return parseSplit(readAll(p), p.toString(), vmlinux);
    }

    /** Names of the modules with BTF in {@code /sys/kernel/btf}, sorted. */
    public static List<String> kernelModules() {
        try (var s = Files.list(KERNEL_BTF_DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("vmlinux")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BtfException("read BTF " + path + ": no such file"
                    + (path.startsWith(KERNEL_BTF_DIR) ? " (the kernel was built without CONFIG_DEBUG_INFO_BTF)" : ""));
        } catch (IOException e) {
            throw new BtfException("read BTF " + path + ": " + e.getMessage(), e);
        }
    }

    private BtfException bad(String why) {
        return new BtfException("BTF " + origin + ": " + why);
    }

    private long extra(int id, int kind, int vlen) {
        return switch (kind) {
            case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
            case KIND_ARRAY -> 12;
            case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> 12L * vlen;
            case KIND_ENUM, KIND_FUNC_PROTO -> 8L * vlen;
            case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FLOAT,
                 KIND_TYPE_TAG -> 0;
            default -> throw bad("type " + id + " has unknown kind " + kind);
        };
    }

    public static String kindName(int kind) {
        return switch (kind) {
            case KIND_UNKN -> "UNKN";
            case KIND_INT -> "INT";
            case KIND_PTR -> "PTR";
            case KIND_ARRAY -> "ARRAY";
            case KIND_STRUCT -> "STRUCT";
            case KIND_UNION -> "UNION";
            case KIND_ENUM -> "ENUM";
            case KIND_FWD -> "FWD";
            case KIND_TYPEDEF -> "TYPEDEF";
            case KIND_VOLATILE -> "VOLATILE";
            case KIND_CONST -> "CONST";
            case KIND_RESTRICT -> "RESTRICT";
            case KIND_FUNC -> "FUNC";
            case KIND_FUNC_PROTO -> "FUNC_PROTO";
            case KIND_VAR -> "VAR";
            case KIND_DATASEC -> "DATASEC";
            case KIND_FLOAT -> "FLOAT";
            case KIND_DECL_TAG -> "DECL_TAG";
            case KIND_TYPE_TAG -> "TYPE_TAG";
            case KIND_ENUM64 -> "ENUM64";
            default -> "kind " + kind;
        };
    }

    // ------------------------------------------------------------------ raw reads

    private int u16(int o) {
        return (raw[o] & 0xff) | (raw[o + 1] & 0xff) << 8;
    }

    private int s32(int o) {
        return (raw[o] & 0xff) | (raw[o + 1] & 0xff) << 8 | (raw[o + 2] & 0xff) << 16 | (raw[o + 3] & 0xff) << 24;
    }

    private long u32(int o) {
        return Integer.toUnsignedLong(s32(o));
    }

    // ------------------------------------------------------------------ ids

    /** Where this blob's ids start: 1, or one after the base's last id for split BTF. */
    public int firstId() {
        return firstId;
    }

    /** The highest type id (this blob's last). */
    public int maxId() {
        return maxId;
    }

    /** The base BTF of split BTF, or null. */
    public BtfTypes base() {
        return base;
    }

    public String origin() {
        return origin;
    }

    private BtfTypes owner(int id) {
        if (id >= firstId && id <= maxId) return this;
        if (base != null && id >= 1 && id < firstId) return base.owner(id);
        if (id == 0) return null;
        throw new BtfException("BTF " + origin + ": type id " + id + " is out of range (1.." + maxId + ")");
    }

    private int idx(int id) {
        return id - firstId;
    }

    /** The type's kind ({@link #KIND_STRUCT} …); id 0 (void) is {@link #KIND_UNKN}. */
    public int kind(int id) {
        BtfTypes t = owner(id);
        return t == null ? KIND_UNKN : t.info[t.idx(id)] >>> 24 & 0x1f;
    }

    public int vlen(int id) {
        BtfTypes t = owner(id);
        return t == null ? 0 : t.info[t.idx(id)] & 0xffff;
    }

    public boolean kindFlag(int id) {
        BtfTypes t = owner(id);
        return t != null && t.info[t.idx(id)] < 0;
    }

    /** The size word: bytes for INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC. */
    public long size(int id) {
        BtfTypes t = owner(id);
        return t == null ? 0 : Integer.toUnsignedLong(t.sizeOrType[t.idx(id)]);
    }

    /** The referenced type of PTR, TYPEDEF, qualifiers, FUNC, VAR, DECL_TAG, TYPE_TAG. */
    public int ref(int id) {
        BtfTypes t = owner(id);
        return t == null ? 0 : t.sizeOrType[t.idx(id)];
    }

    /** The type's name, "" for anonymous types and void. */
    public String name(int id) {
        BtfTypes t = owner(id);
        return t == null ? "" : t.string(t.nameOff[t.idx(id)]);
    }

    /** A string of the string section; split BTF continues its base's offsets. */
    public String string(long off) {
        if (base != null && off < base.strLen) return base.string(off);
        long local = base == null ? off : off - base.strLen;
        if (local < 0 || local >= strLen) throw bad("string offset " + off + " is out of range");
        int start = strStart + (int) local;
        int end = start;
        int limit = strStart + strLen;
        while (end < limit && raw[end] != 0) end++;
        if (end == limit) throw bad("string at offset " + off + " is not NUL-terminated");
        return new String(raw, start, end - start, StandardCharsets.UTF_8);
    }

    private int payload(int id) {
        BtfTypes t = owner(id);
        if (t != this) throw new IllegalStateException("payload of a base type read through split BTF");
        return offset[idx(id)] + 12;
    }

    public List<Member> members(int id) {
        BtfTypes t = owner(id);
        int k = kind(id);
        if (k != KIND_STRUCT && k != KIND_UNION) throw bad("type " + id + " (" + kindName(k) + ") has no members");
        return t.membersHere(id);
    }

    private List<Member> membersHere(int id) {
        int p = payload(id);
        int n = vlen(id);
        boolean kflag = kindFlag(id);
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = p + 12 * i;
            int off = s32(o + 8);
            int bitOff = kflag ? off & 0xffffff : off;
            int bits = kflag ? off >>> 24 : 0;
            out.add(new Member(string(u32(o)), s32(o + 4), bitOff, bits));
        }
        return out;
    }

    public List<EnumValue> enumValues(int id) {
        BtfTypes t = owner(id);
        int k = kind(id);
        if (k != KIND_ENUM && k != KIND_ENUM64) throw bad("type " + id + " (" + kindName(k) + ") is not an enum");
        return t.enumsHere(id, k);
    }

    private List<EnumValue> enumsHere(int id, int k) {
        int p = payload(id);
        int n = vlen(id);
        boolean signed = kindFlag(id);
        List<EnumValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (k == KIND_ENUM) {
                int o = p + 8 * i;
                int v = s32(o + 4);
                out.add(new EnumValue(string(u32(o)), signed ? v : Integer.toUnsignedLong(v)));
            } else {
                int o = p + 12 * i;
                long v = u32(o + 4) | (long) s32(o + 8) << 32;
                out.add(new EnumValue(string(u32(o)), v));
            }
        }
        return out;
    }

    public Array array(int id) {
        BtfTypes t = owner(id);
        if (kind(id) != KIND_ARRAY) throw bad("type " + id + " (" + kindName(kind(id)) + ") is not an array");
        int p = t.payload(id);
        return new Array(t.s32(p), t.s32(p + 4), t.u32(p + 8));
    }

    public List<Param> params(int id) {
        BtfTypes t = owner(id);
        if (kind(id) != KIND_FUNC_PROTO) throw bad("type " + id + " (" + kindName(kind(id)) + ") is not a FUNC_PROTO");
        int p = t.payload(id);
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < vlen(id); i++) out.add(new Param(t.string(t.u32(p + 8 * i)), t.s32(p + 8 * i + 4)));
        return out;
    }

    /** A DATASEC's variables ({@code struct btf_var_secinfo}), in the order the BTF lists them. */
    public List<VarSecinfo> varSecinfos(int id) {
        BtfTypes t = owner(id);
        if (kind(id) != KIND_DATASEC) throw bad("type " + id + " (" + kindName(kind(id)) + ") is not a DATASEC");
        int p = t.payload(id);
        List<VarSecinfo> out = new ArrayList<>();
        for (int i = 0; i < vlen(id); i++) {
            out.add(new VarSecinfo(t.s32(p + 12 * i), t.u32(p + 12 * i + 4), t.u32(p + 12 * i + 8)));
        }
        return out;
    }

    /** An INT's encoding bits ({@link #INT_SIGNED}, char, bool). */
    public int intEncoding(int id) {
        return intData(id) >>> 24 & 0xf;
    }

    /** An INT's bit offset (non-zero only for old-style bitfield integers). */
    public int intOffset(int id) {
        return intData(id) >>> 16 & 0xff;
    }

    public int intBits(int id) {
        return intData(id) & 0xff;
    }

    private int intData(int id) {
        BtfTypes t = owner(id);
        if (kind(id) != KIND_INT) throw bad("type " + id + " (" + kindName(kind(id)) + ") is not an INT");
        return t.s32(t.payload(id));
    }

    // ------------------------------------------------------------------ derived

    /** Follows typedefs, qualifiers and type tags to the underlying type's id. */
    public int skipModsAndTypedefs(int id) {
        for (int depth = 0; depth < 64; depth++) {
            switch (kind(id)) {
                case KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_TYPE_TAG -> id = ref(id);
                default -> {
                    return id;
                }
            }
        }
        throw bad("type " + id + ": modifier chain too long (a cycle?)");
    }

    /** sizeof, as C computes it (what libbpf's btf__resolve_size returns). */
    public long sizeOf(int id) {
        long mult = 1;
        for (int depth = 0; depth < 64; depth++) {
            switch (kind(id)) {
                case KIND_INT, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_ENUM64, KIND_FLOAT, KIND_DATASEC -> {
                    return mult * size(id);
                }
                case KIND_PTR -> {
                    return mult * 8;
                }
                case KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_TYPE_TAG, KIND_VAR -> id = ref(id);
                case KIND_ARRAY -> {
                    Array a = array(id);
                    mult *= a.nelems;
                    if (mult > 0xffff_ffffL) throw bad("array type " + id + " is larger than 4 GiB");
                    id = a.elemType;
                }
                default -> throw bad("type " + id + " (" + kindName(kind(id)) + " " + name(id) + ") has no size");
            }
        }
        throw bad("type " + id + ": nesting too deep (a cycle?)");
    }

    /** "struct foo", "union bar", "enum baz", "typedef t", "int", "void": how C names the type. */
    public String describe(int id) {
        if (id == 0) return "void";
        String n = name(id);
        return switch (kind(id)) {
            case KIND_STRUCT -> "struct " + n;
            case KIND_UNION -> "union " + n;
            case KIND_ENUM, KIND_ENUM64 -> "enum " + n;
            case KIND_FWD -> (kindFlag(id) ? "union " : "struct ") + n;
            case KIND_TYPEDEF -> "typedef " + n;
            case KIND_PTR -> describe(ref(id)) + " *";
            case KIND_CONST -> "const " + describe(ref(id));
            case KIND_VOLATILE -> "volatile " + describe(ref(id));
            case KIND_ARRAY -> describe(array(id).elemType) + "[" + array(id).nelems + "]";
            default -> n.isEmpty() ? kindName(kind(id)).toLowerCase(java.util.Locale.ROOT) + " #" + id : n;
        };
    }

    /** The name without a {@code ___flavor} suffix: {@code task_struct___v2} → {@code task_struct}. */
    public static String essentialName(String name) {
        // The last "X___Y" with X and Y not underscores: a name may itself contain "__".
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.charAt(i + 1) == '_' && name.charAt(i + 2) == '_'
                    && name.charAt(i + 3) == '_' && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }

    /**
     * Ids of this blob's named types whose essential name is {@code essential} (the base's are not
     * included), in id order. The index is built on first use.
     */
    public int[] byEssentialName(String essential) {
        Map<String, int[]> ix = essentialIndex;
        if (ix == null) {
            Map<String, int[]> m = new HashMap<>();
            for (int i = 0; i < nameOff.length; i++) {
                if (nameOff[i] == 0) continue;
                int k = info[i] >>> 24 & 0x1f;
                // Only kinds CO-RE can relocate against; functions and variables would only bloat the index.
                if (k == KIND_FUNC || k == KIND_VAR || k == KIND_DATASEC || k == KIND_DECL_TAG) continue;
                String e = essentialName(string(nameOff[i]));
                int[] prev = m.get(e);
                int[] next = prev == null ? new int[1] : Arrays.copyOf(prev, prev.length + 1);
                next[next.length - 1] = firstId + i;
                m.put(e, next);
            }
            essentialIndex = ix = m;
        }
        int[] r = ix.get(essential);
        return r == null ? new int[0] : r.clone();
    }

    /** Ids of named types of {@code kind} called exactly {@code name} in this blob. */
    public List<Integer> find(String name, int kind) {
        List<Integer> out = new ArrayList<>();
        for (int id : byEssentialName(essentialName(name))) {
            if (kind(id) == kind && name(id).equals(name)) out.add(id);
        }
        return out;
    }

    @Override
    public String toString() {
        return "BtfTypes[" + origin + ": ids " + firstId + ".." + maxId + "]";
    }
}
