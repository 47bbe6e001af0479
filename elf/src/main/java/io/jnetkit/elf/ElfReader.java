package io.jnetkit.elf;

import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.FuncRef;
import io.jnetkit.asm.Insn;
import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.KernelRef;
import io.jnetkit.asm.MapRef;
import io.jnetkit.asm.Reference;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.CoreKind;
import io.jnetkit.btf.CoreRelocation;
import io.jnetkit.bpf.MapType;
import io.jnetkit.elf.ElfFile.Rel;
import io.jnetkit.elf.ElfFile.Section;
import io.jnetkit.elf.ElfFile.Symbol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Turns an {@link ElfFile} into a {@link CollectionSpec}: maps, global data, variables, linked programs. */
final class ElfReader {
    private static final int LD_IMM64 = 0x18, CALL = 0x85;
    private static final int PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;
    private static final int PSEUDO_FUNC = 4;
    static final String BTF_MAPS = ".maps", LEGACY_MAPS = "maps", KCONFIG = ".kconfig", KSYMS = ".ksyms";

    /** A function: [start, end) instruction indexes in its section. */
    private record Func(String name, Section section, int start, int end, boolean global) {}

    private final ElfFile elf;
    private final String origin;
    private BtfSpec btf;
    private BtfExt ext = BtfExt.EMPTY;
    /** The object's BTF as the CO-RE model reads it; parsed only when there are CO-RE records. */
    private BtfTypes localTypes;
    private String btfProblem;
    private final Map<String, ElfMap> maps = new LinkedHashMap<>();
    /** Map name by its offset in the .maps / maps section. */
    private final Map<Integer, Map<Long, String>> mapByOffset = new HashMap<>();
    private final Map<String, byte[]> data = new LinkedHashMap<>();
    private final Map<Integer, List<Func>> funcs = new HashMap<>();
    private final Map<Integer, long[]> code = new HashMap<>();
    private final Map<Integer, Map<Integer, Rel>> rels = new HashMap<>();
    /** __ksym and __kconfig externs by name (from .BTF's .ksyms and .kconfig DATASECs). */
    private final Map<String, Extern> externs = new LinkedHashMap<>();
    private int kconfigSize;
    /** Programs that use a feature jnetkit does not support, with the reason. */
    private final Map<String, String> linkProblems = new LinkedHashMap<>();

    /** A well-formed object using a feature jnetkit cannot load: fatal for one program only. */
    static final class Unsupported extends ElfException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private ElfReader(ElfFile elf, String origin) {
        this.elf = elf;
        this.origin = origin;
    }

    static CollectionSpec read(byte[] bytes, String origin) {
        return new ElfReader(ElfFile.parse(bytes, origin), origin).read();
    }

    private CollectionSpec read() {
        for (String so : new String[] {".struct_ops", ".struct_ops.link"}) {
            if (elf.section(so) != null) {
                // Its maps carry a kernel struct of function pointers registered at load (BPF_MAP_TYPE_STRUCT_OPS
                // with a vmlinux value type): dropping them would load an object that does nothing.
                throw new ElfException("section " + so + " holds struct_ops maps (SEC(\"" + so
                        + "\")), which jnetkit does not support");
            }
        }
        String license = license();
        readBtf();
        Section btfMaps = elf.section(BTF_MAPS);
        if (btfMaps != null) readBtfMaps(btfMaps);
        Section legacy = elf.section(LEGACY_MAPS);
        if (legacy != null) readLegacyMaps(legacy);
        readExterns();
        Map<String, Variable> variables = readData();
        readCode();
        Map<String, ElfProgram> programs = new LinkedHashMap<>();
        for (Section s : elf.sections) {
            if (!isProgramSection(s)) continue;
            List<Func> entries = new ArrayList<>();
            for (Func f : funcs.getOrDefault(s.index(), List.of())) {
                if (f.global) entries.add(f);
            }
            if (entries.isEmpty()) {
                throw new ElfException(s.label() + " has code but no global function symbol to name a program");
            }
            SectionKind kind = SectionKind.of(s.name());
            for (Func f : entries) {
                Linked l;
                try {
                    l = link(f);
                } catch (Unsupported e) {
                    // One program using what jnetkit cannot load must not block the others: it is
                    // listed with its own code, unlinked, and the reason.
                    linkProblems.put(f.name, e.getMessage());
                    l = unlinked(f);
                } catch (AsmException e) {
                    // Code jnetkit's instruction model does not know (an ISA extension after 6.12):
                    // the program is listed with the reason; the others still load.
                    linkProblems.put(f.name, "its code has an instruction jnetkit does not know: " + e.getMessage());
                    l = unlinked(f);
                }
                programs.put(f.name, new ElfProgram(f.name, s.name(), kind.type(), kind.attachType(), license,
                        l.code, l.debugInfo, l.coreRelocations, l.objectCode));
            }
        }
        byte[] kernelBtf = null;
        if (btf != null) {
            kernelBtf = btf.fixedForKernel(new BtfSpec.Layout() {
                @Override
                public int sectionSize(String section) {
                    if (section.equals(KCONFIG)) return kconfigSize == 0 ? -1 : kconfigSize;
                    Section s = elf.section(section);
                    return s == null ? -1 : s.size();
                }

                @Override
                public List<Long> symbolOffsets(String section, String symbol) {
                    if (section.equals(KCONFIG)) {
                        return externs.get(symbol) instanceof Extern.Kconfig k ? List.of((long) k.offset()) : List.of();
                    }
                    Section s = elf.section(section);
                    if (s == null) return List.of();
                    List<Long> out = new ArrayList<>();
                    for (Symbol sym : elf.symbols) {
                        if (sym.shndx() == s.index() && sym.name().equals(symbol) && sym.type() != ElfFile.STT_SECTION) {
                            out.add(sym.value());
                        }
                    }
                    out.sort(null);
                    return out;
                }
            });
        }
        return new CollectionSpec(origin, license, programs, maps, variables, data, kernelBtf, btfProblem, linkProblems,
                externs);
    }

    private static boolean isProgramSection(Section s) {
        return s.type() == ElfFile.SHT_PROGBITS && s.exec() && s.size() > 0 && !s.name().startsWith(".text");
    }

    private String license() {
        Section s = elf.section("license");
        if (s == null) return "";
        Bytes b = elf.contents(s);
        int n = 0;
        while (n < b.length() && b.u8(n) != 0) n++;
        return new String(b.bytes(0, n), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ BTF

    private void readBtf() {
        Section s = elf.section(".BTF");
        Section e = elf.section(".BTF.ext");
        // Without readable CO-RE records the programs would run with clang's guessed offsets.
        boolean core = e != null && BtfExt.declaresCoreRelocations(elf.contents(e).toArray());
        if (s == null) {
            if (core) throw new ElfException("the object has CO-RE relocations in .BTF.ext but no .BTF section");
            btfProblem = "the object has no .BTF section (compile with -g)";
            return;
        }
        try {
            btf = BtfSpec.parse(elf.contents(s).toArray());
        } catch (ElfException x) {
            if (elf.section(BTF_MAPS) != null) throw x;
            if (core) throw new ElfException("the object has CO-RE relocations but its .BTF cannot be read: " + x.getMessage());
            btfProblem = x.getMessage();
            return;
        }
        if (e != null) {
            try {
                ext = BtfExt.parse(elf.contents(e).toArray(), btf);
            } catch (ElfException x) {
                if (core) throw new ElfException("the object's CO-RE relocations cannot be read: " + x.getMessage());
                btfProblem = x.getMessage();
            }
        }
    }

    private void readBtfMaps(Section sec) {
        if (btf == null) {
            throw new ElfException("section .maps holds BTF map definitions, but the object has no usable .BTF"
                    + (btfProblem == null ? "" : " (" + btfProblem + ")"));
        }
        BtfSpec.Type ds = btf.datasec(BTF_MAPS);
        if (ds == null) {
            throw new ElfException(".BTF has no DATASEC for .maps");
        }
        /** Where each map's definition lies in .maps, and where its "values" array starts. */
        record Placed(String name, long offset, long size, long valuesOffset) {}
        List<Placed> placed = new ArrayList<>();
        for (BtfSpec.SecInfo si : btf.secInfos(ds)) {
            BtfSpec.Type var = btf.type(si.type());
            if (var.kind() != BtfTypes.KIND_VAR) {
                throw new ElfException(".maps: entry type " + var.id() + " is a " + BtfTypes.kindName(var.kind()) + ", not a VAR");
            }
            String name = var.name();
            BtfSpec.Type def = btf.skipModifiers(var.sizeOrType());
            if (def.kind() != BtfTypes.KIND_STRUCT) {
                throw new ElfException("map " + name + ": definition is a " + BtfTypes.kindName(def.kind()) + ", not a struct");
            }
            ElfMap m = definition(name, def, 0);
            long offset = symbolOffset(sec, name, si.offset());
            long size = btf.sizeOf(def.id());
            checkZeroInitialised(sec, name, offset, size);
            long valuesOffset = -1;
            for (BtfSpec.Member mem : btf.members(def)) {
                if (mem.name().equals("values")) valuesOffset = offset + (Integer.toUnsignedLong(mem.offset()) & 0xffffff) / 8;
            }
            placed.add(new Placed(name, offset, size, valuesOffset));
            addMap(sec, offset, m);
        }
        // .values = { [i] = &x }: a relocation per slot, against a map of .maps or a program.
        Map<String, SortedMap<Integer, String>> values = new LinkedHashMap<>();
        for (Rel r : elf.relocations(sec)) {
            Placed at = null;
            for (Placed p : placed) {
                // "values" is a flexible array: its slots lie past the struct's own size.
                long end = p.valuesOffset < 0 ? p.offset + p.size
                        : Math.max(p.offset + p.size, p.valuesOffset + 8L * maps.get(p.name).maxEntries());
                if (r.offset() >= p.offset && r.offset() < end) at = p;
            }
            if (at == null || at.valuesOffset < 0 || r.offset() < at.valuesOffset || (r.offset() - at.valuesOffset) % 8 != 0) {
                throw new ElfException(".maps: relocation at offset " + r.offset() + " is not a slot of a map's \"values\"");
            }
            int slot = (int) ((r.offset() - at.valuesOffset) / 8);
            ElfMap outer = maps.get(at.name);
            if (slot >= outer.maxEntries()) {
                throw new ElfException("map " + at.name + ": initial value for slot " + slot + ", but max_entries is "
                        + outer.maxEntries());
            }
            Symbol sym = elf.symbol(r.symbol(), "map " + at.name);
            String target;
            if (outer.type() == MapType.PROG_ARRAY) {
                if (sym.type() != ElfFile.STT_FUNC || sym.shndx() == ElfFile.SHN_UNDEF) {
                    throw new ElfException("map " + at.name + ": slot " + slot + " refers to " + sym.name()
                            + ", which is not a program of this object");
                }
                target = sym.name();
            } else {
                target = mapByOffset.getOrDefault(sym.shndx(), Map.of()).get(sym.value());
                if (target == null || sym.shndx() != sec.index()) {
                    throw new ElfException("map " + at.name + ": slot " + slot + " refers to " + sym.name()
                            + ", which is not a map of .maps");
                }
            }
            values.computeIfAbsent(at.name, k -> new TreeMap<>()).put(slot, target);
        }
        values.forEach((name, v) -> maps.put(name, maps.get(name).withValues(v)));
    }

    /** One BTF map definition (a struct of __uint/__type/__array members); {@code depth} 1 for an inner map. */
    private ElfMap definition(String name, BtfSpec.Type def, int depth) {
        int type = -1, keySize = -1, valueSize = -1, maxEntries = 0, flags = 0, pinning = 0;
        int keyTypeId = 0, valueTypeId = 0;
        BtfSpec.Member valuesMember = null;
        for (BtfSpec.Member m : btf.members(def)) {
            switch (m.name()) {
                case "type" -> type = uintMember(name, m);
                case "max_entries" -> maxEntries = uintMember(name, m);
                case "map_flags" -> flags = uintMember(name, m);
                case "pinning" -> pinning = uintMember(name, m);
                case "key_size" -> keySize = checkSize(name, "key_size", keySize, uintMember(name, m));
                case "value_size" -> valueSize = checkSize(name, "value_size", valueSize, uintMember(name, m));
                case "key" -> {
                    keySize = checkSize(name, "key", keySize, pointeeSize(name, m));
                    keyTypeId = btf.skipModifiers(m.type()).sizeOrType();
                }
                case "value" -> {
                    valueSize = checkSize(name, "value", valueSize, pointeeSize(name, m));
                    valueTypeId = btf.skipModifiers(m.type()).sizeOrType();
                }
                case "numa_node", "map_extra" -> {
                    // Not carried to BPF_MAP_CREATE by jnetkit: a non-zero value is refused rather than dropped.
                    long v = numberMember(name, m);
                    if (v != 0) {
                        throw new ElfException("map " + name + ": " + m.name() + " " + Long.toUnsignedString(v)
                                + " is not supported (jnetkit creates maps without " + m.name() + ")");
                    }
                }
                case "values" -> valuesMember = m;
                default -> throw new ElfException("map " + name + ": unknown attribute \"" + m.name() + "\"");
            }
        }
        if (type < 0) throw new ElfException("map " + name + " has no type (__uint(type, BPF_MAP_TYPE_…))");
        MapType mt = MapType.of(type);
        if (mt == MapType.UNSPEC) throw new ElfException("map " + name + ": type 0 (BPF_MAP_TYPE_UNSPEC) is not a map type");
        if (mt == MapType.UNKNOWN) throw new ElfException("map " + name + ": unknown map type " + type);
        if (pinning > 1) throw new ElfException("map " + name + ": pinning " + pinning + " is not supported (0 none, 1 by name)");
        checkMaxEntries(name, mt, maxEntries);
        ElfMap inner = null;
        if (valuesMember != null) {
            // __array(values, T) is T *values[]: an array of pointers to a map definition (map-in-map)
            // or to a function prototype (program array). The value itself is an fd: 4 bytes.
            BtfSpec.Type arr = btf.skipModifiers(valuesMember.type());
            BtfSpec.Type ptr = arr.kind() == BtfTypes.KIND_ARRAY ? btf.skipModifiers(btf.arrayElem(arr)) : arr;
            BtfSpec.Type target = ptr.kind() == BtfTypes.KIND_PTR ? btf.skipModifiers(ptr.sizeOrType()) : ptr;
            if (mt == MapType.ARRAY_OF_MAPS || mt == MapType.HASH_OF_MAPS) {
                if (target.kind() != BtfTypes.KIND_STRUCT || depth > 0) {
                    throw new ElfException("map " + name + ": \"values\" of a " + mt.word()
                            + " must be written as __array(values, struct { … inner map … })");
                }
                inner = definition(name + ".inner", target, depth + 1);
            } else if (mt == MapType.PROG_ARRAY) {
                if (target.kind() != BtfTypes.KIND_FUNC_PROTO) {
                    throw new ElfException("map " + name + ": \"values\" of a prog_array must be written as "
                            + "__array(values, int (void *))");
                }
            } else {
                throw new ElfException("map " + name + ": initial values (\"values\") are for map-in-map and program "
                        + "arrays, not a " + mt.word());
            }
            valueSize = checkSize(name, "values", valueSize, 4);
        }
        if (!keepsBtfTypes(mt)) {
            // libbpf drops the type ids of these maps: their kernel side refuses BTF key/value types.
            keyTypeId = 0;
            valueTypeId = 0;
        }
        return new ElfMap(name, ElfMap.Kind.BTF, mt, Math.max(0, keySize), Math.max(0, valueSize), maxEntries, flags,
                pinning == 1 ? ElfMap.Pinning.BY_NAME : ElfMap.Pinning.NONE, ElfProgram.kernelName(name), keyTypeId,
                valueTypeId, valueTypeId == 0 ? "" : btf.btfOnlyField(valueTypeId), inner, new TreeMap<>());
    }

    /**
     * A BTF map definition says everything through its type; bytes in {@code .maps} would be an
     * initialiser ({@code = { … }}), which libbpf accepts only for {@code values} of map-in-map
     * and program arrays (through relocations). Anything else would be dropped silently.
     */
    private void checkZeroInitialised(Section sec, String map, long offset, long size) {
        if (sec.type() != ElfFile.SHT_PROGBITS) return;
        Bytes b = elf.contents(sec);
        if (offset < 0 || !b.fits(offset, size)) {
            throw new ElfException("map " + map + ": definition (" + size + " bytes at " + offset + ") lies outside section "
                    + sec.name() + " (" + sec.size() + " bytes)");
        }
        for (long i = 0; i < size; i++) {
            if (b.u8(offset + i) != 0) {
                throw new ElfException("map " + map + ": its definition in .maps has a non-zero initialiser (byte " + i
                        + "); jnetkit reads map attributes only from their types (__uint, __type)");
            }
        }
    }

    /**
     * A zero {@code max_entries} is right for local-storage maps (the kernel insists) and means
     * "one per possible CPU" for a perf event array (libbpf's rule, applied at load); a ring
     * buffer has no default (its size is the caller's choice), and everything else would be
     * refused by the kernel with a bare EINVAL.
     */
    static void checkMaxEntries(String name, MapType mt, long maxEntries) {
        if (maxEntries != 0) return;
        switch (mt) {
            case PERF_EVENT_ARRAY, SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE, CGROUP_STORAGE,
                 PERCPU_CGROUP_STORAGE, STRUCT_OPS -> { }
            case RINGBUF, USER_RINGBUF -> throw new ElfException("map " + name + ": a " + mt.word()
                    + " needs max_entries (its size in bytes: a power of 2, a multiple of the page size)");
            default -> throw new ElfException("map " + name + ": max_entries is missing or 0");
        }
    }

    /** Map types the kernel accepts BTF key/value type ids for (libbpf clears them for the others). */
    private static boolean keepsBtfTypes(MapType mt) {
        return switch (mt) {
            case PERF_EVENT_ARRAY, CGROUP_ARRAY, STACK_TRACE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, DEVMAP_HASH, CPUMAP,
                 XSKMAP, SOCKMAP, SOCKHASH, QUEUE, STACK, RINGBUF, USER_RINGBUF, PROG_ARRAY, REUSEPORT_SOCKARRAY,
                 STRUCT_OPS, ARENA -> false;
            default -> true;
        };
    }

    private int checkSize(String map, String what, int old, long v) {
        if (v > Integer.MAX_VALUE) throw new ElfException("map " + map + ": " + what + " size " + v + " is too large");
        if (old >= 0 && old != v) {
            throw new ElfException("map " + map + ": " + what + " gives size " + v + " but an earlier attribute said " + old);
        }
        return (int) v;
    }

    /** {@code __uint(name, N)} is {@code int (*name)[N]}: a pointer to an array of N. */
    private int uintMember(String map, BtfSpec.Member m) {
        BtfSpec.Type ptr = btf.skipModifiers(m.type());
        if (ptr.kind() == BtfTypes.KIND_PTR) {
            BtfSpec.Type arr = btf.skipModifiers(ptr.sizeOrType());
            if (arr.kind() == BtfTypes.KIND_ARRAY) {
                long n = btf.arrayNelems(arr);
                if (n > Integer.MAX_VALUE) {
                    throw new ElfException("map " + map + ": " + m.name() + " " + n + " is too large");
                }
                return (int) n;
            }
        }
        throw new ElfException("map " + map + ": attribute " + m.name() + " is not written as __uint(" + m.name() + ", N)");
    }

    /**
     * A number attribute written as {@code __uint(name, N)} or as libbpf's {@code __ulong(name, N)}
     * (an anonymous enum holding N, for values past 32 bits).
     */
    private long numberMember(String map, BtfSpec.Member m) {
        BtfSpec.Type t = btf.skipModifiers(m.type());
        if ((t.kind() == BtfTypes.KIND_ENUM || t.kind() == BtfTypes.KIND_ENUM64) && t.vlen() == 1) {
            return btf.enumValue(t, 0);
        }
        return uintMember(map, m);
    }

    /** {@code __type(name, T)} is {@code T *name}. */
    private long pointeeSize(String map, BtfSpec.Member m) {
        BtfSpec.Type ptr = btf.skipModifiers(m.type());
        if (ptr.kind() != BtfTypes.KIND_PTR) {
            throw new ElfException("map " + map + ": attribute " + m.name() + " is not written as __type(" + m.name() + ", T)");
        }
        return btf.sizeOf(ptr.sizeOrType());
    }

    private long symbolOffset(Section sec, String name, long fallback) {
        for (Symbol s : elf.symbols) {
            if (s.shndx() == sec.index() && s.name().equals(name)) return s.value();
        }
        return fallback;
    }

    private void addMap(Section sec, long offset, ElfMap m) {
        if (maps.containsKey(m.name())) {
            throw new ElfException("map " + m.name() + " is defined twice");
        }
        maps.put(m.name(), m);
        mapByOffset.computeIfAbsent(sec.index(), k -> new HashMap<>()).put(offset, m.name());
    }

    /** {@code struct bpf_map_def { u32 type, key_size, value_size, max_entries, map_flags; }}, one per symbol. */
    private void readLegacyMaps(Section sec) {
        Bytes b = elf.contents(sec);
        List<Symbol> syms = new ArrayList<>();
        for (Symbol s : elf.symbols) {
            if (s.shndx() == sec.index() && s.type() != ElfFile.STT_SECTION && !s.name().isEmpty()) syms.add(s);
        }
        if (syms.isEmpty()) return;
        for (Symbol s : syms) {
            long size = s.size() > 0 ? s.size() : sec.size() / syms.size();
            if (size < 16) {
                throw new ElfException("legacy map " + s.name() + ": definition is " + size + " bytes, at least 16 needed");
            }
            if (!b.fits(s.value(), size)) {
                throw new ElfException("legacy map " + s.name() + ": definition at offset " + s.value() + " is outside section maps");
            }
            long o = s.value();
            int type = b.s32(o);
            MapType mt = MapType.of(type);
            if (mt == MapType.UNKNOWN || mt == MapType.UNSPEC) {
                throw new ElfException("legacy map " + s.name() + ": unknown map type " + Integer.toUnsignedString(type));
            }
            int flags = size >= 20 ? b.s32(o + 16) : 0;
            ElfMap.Pinning pinning = legacyExtras(s.name(), b, o, size);
            int maxEntries = b.u32Checked(o + 12, "max_entries");
            checkMaxEntries(s.name(), mt, maxEntries);
            int[] kv = legacyBtfTypes(s.name(), mt);
            addMap(sec, o, new ElfMap(s.name(), ElfMap.Kind.LEGACY, mt, b.u32Checked(o + 4, "key_size"),
                    b.u32Checked(o + 8, "value_size"), maxEntries, flags, pinning, ElfProgram.kernelName(s.name()),
                    kv[0], kv[1], kv[1] == 0 ? "" : btf.btfOnlyField(kv[1])));
        }
    }

    /** iproute2's {@code struct bpf_elf_map} after the five fields libbpf knows: id, pinning, inner_id, inner_idx. */
    private static final int LEGACY_ID = 20, LEGACY_PINNING = 24, LEGACY_INNER_ID = 28, LEGACY_INNER_IDX = 32,
            LEGACY_IPROUTE2_SIZE = 36;
    /** iproute2's pinning values: PIN_NONE 0, PIN_OBJECT_NS 1, PIN_GLOBAL_NS 2. */
    private static final int PIN_OBJECT_NS = 1, PIN_GLOBAL_NS = 2;

    /**
     * Reads what follows the five {@code bpf_map_def} fields instead of dropping it: iproute2's
     * pinning (PIN_GLOBAL_NS is taken as pinning by name, under the pin root rather than
     * iproute2's {@code /sys/fs/bpf/tc/globals}); its per-object pinning, map ids and
     * map-in-map fields are refused, and so is any other non-zero byte.
     */
    private static ElfMap.Pinning legacyExtras(String map, Bytes b, long o, long size) {
        ElfMap.Pinning pinning = ElfMap.Pinning.NONE;
        if (size > 20) {
            if (size >= LEGACY_PINNING + 4) {
                int pin = b.s32(o + LEGACY_PINNING);
                switch (pin) {
                    case 0 -> { }
                    case PIN_GLOBAL_NS -> pinning = ElfMap.Pinning.BY_NAME;
                    case PIN_OBJECT_NS -> throw new ElfException("legacy map " + map
                            + ": iproute2's PIN_OBJECT_NS pinning (per object) is not supported; use PIN_GLOBAL_NS (2)");
                    default -> throw new ElfException("legacy map " + map + ": pinning " + Integer.toUnsignedString(pin)
                            + " is not supported (iproute2: 0 none, 2 PIN_GLOBAL_NS)");
                }
            }
            if (size >= LEGACY_ID + 4 && b.s32(o + LEGACY_ID) != 0) {
                throw new ElfException("legacy map " + map + ": iproute2's map id field is " + Integer.toUnsignedString(b.s32(o + LEGACY_ID))
                        + "; ids for map-in-map references are not supported");
            }
            for (long at : new long[] {LEGACY_INNER_ID, LEGACY_INNER_IDX}) {
                if (size >= at + 4 && b.s32(o + at) != 0) {
                    throw new ElfException("legacy map " + map + ": iproute2's inner_id/inner_idx (map-in-map) are not supported");
                }
            }
            for (long at = LEGACY_IPROUTE2_SIZE; at < size; at++) {
                if (b.u8(o + at) != 0) {
                    throw new ElfException("legacy map " + map + ": the definition is " + size + " bytes and byte " + at
                            + " is not zero; jnetkit knows bpf_map_def (20 bytes) and iproute2's bpf_elf_map (36)");
                }
            }
        }
        return pinning;
    }

    /**
     * Key and value types of a legacy map, as libbpf finds them: a struct {@code ____btf_map_<name>}
     * with members {@code key} and {@code value} (iproute2's BPF_ANNOTATE_KV_PAIR); {0, 0} without.
     */
    private int[] legacyBtfTypes(String map, MapType mt) {
        if (btf == null || !keepsBtfTypes(mt)) return new int[2];
        for (BtfSpec.Type t : btf.types()) {
            if (t.kind() != BtfTypes.KIND_STRUCT || !t.name().equals("____btf_map_" + map)) continue;
            int key = 0, value = 0;
            for (BtfSpec.Member m : btf.members(t)) {
                if (m.name().equals("key")) key = m.type();
                if (m.name().equals("value")) value = m.type();
            }
            return new int[] {key, value};
        }
        return new int[2];
    }

    // ------------------------------------------------------------------ externs

    /**
     * The object's {@code __ksym} and {@code __kconfig} externs: undefined symbols that the BTF
     * lists in DATASEC {@code .ksyms} (a FUNC: a kfunc; a VAR: a kernel variable) or
     * {@code .kconfig} (a VAR, typed by libbpf's rules and laid out in the {@code .kconfig} map).
     * An undefined symbol in neither is refused only when a program uses it.
     */
    private void readExterns() {
        try {
            readExternsChecked();
        } catch (BtfException e) {
            throw new ElfException("externs: " + e.getMessage(), e);
        }
    }

    private void readExternsChecked() {
        Map<String, Symbol> undefined = new HashMap<>();
        for (Symbol sym : elf.symbols) {
            if (sym.shndx() == ElfFile.SHN_UNDEF && !sym.name().isEmpty()) undefined.put(sym.name(), sym);
        }
        if (undefined.isEmpty() || btf == null) return;
        BtfTypes types = null;
        for (String sec : new String[] {KSYMS, KCONFIG}) {
            BtfSpec.Type ds = btf.datasec(sec);
            if (ds == null) continue;
            if (types == null) types = localTypes();
            for (BtfSpec.SecInfo si : btf.secInfos(ds)) {
                BtfSpec.Type t = btf.type(si.type());
                Symbol sym = undefined.get(t.name());
                if (sym == null) continue; // declared but never referenced: clang keeps no symbol
                boolean weak = sym.bind() == ElfFile.STB_WEAK;
                String name = t.name();
                if (sec.equals(KSYMS)) {
                    if (t.kind() == BtfTypes.KIND_FUNC) {
                        externs.put(name, new Extern.Kfunc(name, weak, t.sizeOrType()));
                    } else if (t.kind() == BtfTypes.KIND_VAR) {
                        int type = types.skipModsAndTypedefs(t.sizeOrType());
                        externs.put(name, new Extern.Ksym(name, weak, type == 0 ? 0 : t.sizeOrType()));
                    } else {
                        throw new ElfException("extern " + name + " in DATASEC .ksyms is a " + BtfTypes.kindName(t.kind())
                                + ", not a FUNC or VAR");
                    }
                } else {
                    if (t.kind() != BtfTypes.KIND_VAR) {
                        throw new ElfException("extern " + name + " in DATASEC .kconfig is a " + BtfTypes.kindName(t.kind())
                                + ", not a VAR");
                    }
                    externs.put(name, kconfig(types, name, weak, t.sizeOrType()));
                }
            }
        }
    }

    /** libbpf's typing of a {@code __kconfig} extern, laid out after the previous ones at its alignment. */
    private Extern.Kconfig kconfig(BtfTypes types, String name, boolean weak, int typeId) {
        if (!name.startsWith("CONFIG_") && !name.equals("LINUX_KERNEL_VERSION")) {
            throw new ElfException("extern " + name + " __kconfig: only CONFIG_* options and LINUX_KERNEL_VERSION are known");
        }
        int id = types.skipModsAndTypedefs(typeId);
        int kind = types.kind(id);
        Extern.Type type;
        int size, align;
        boolean signed = false;
        if (kind == BtfTypes.KIND_INT) {
            size = (int) types.size(id);
            int enc = types.intEncoding(id);
            if (types.intOffset(id) != 0 || types.intBits(id) != 8 * size || Integer.bitCount(size) != 1 || size > 8) {
                throw new ElfException("extern " + name + " __kconfig: integer type " + types.describe(id) + " is not supported");
            }
            signed = (enc & BtfTypes.INT_SIGNED) != 0;
            // BTF_INT_CHAR 2, BTF_INT_BOOL 4; clang marks char as signed, not char, so a 1-byte
            // non-bool integer is a char, as libbpf reads it.
            type = (enc & 4) != 0 ? Extern.Type.BOOL : size == 1 ? Extern.Type.CHAR : Extern.Type.INT;
            align = size;
        } else if (kind == BtfTypes.KIND_ENUM && types.name(id).equals("libbpf_tristate")) {
            type = Extern.Type.TRISTATE;
            size = align = 4;
        } else if (kind == BtfTypes.KIND_ARRAY) {
            BtfTypes.Array a = types.array(id);
            int elem = types.skipModsAndTypedefs(a.elemType());
            if (types.kind(elem) != BtfTypes.KIND_INT || types.size(elem) != 1 || a.nelems() < 1 || a.nelems() > 4096) {
                throw new ElfException("extern " + name + " __kconfig: type " + types.describe(id)
                        + " is not supported (only char arrays)");
            }
            type = Extern.Type.CHAR_ARRAY;
            size = (int) a.nelems();
            align = 1;
        } else {
            throw new ElfException("extern " + name + " __kconfig: type " + types.describe(id) + " is not supported"
                    + " (a bool, char, integer, enum libbpf_tristate or char array is)");
        }
        if (name.equals("LINUX_KERNEL_VERSION") && (type != Extern.Type.INT || size != 4)) {
            throw new ElfException("extern LINUX_KERNEL_VERSION __kconfig must be a 32-bit integer, not "
                    + types.describe(id));
        }
        int offset = (kconfigSize + align - 1) / align * align;
        kconfigSize = offset + size;
        return new Extern.Kconfig(name, weak, type, size, signed, offset);
    }

    private BtfTypes localTypes() {
        try {
            if (localTypes == null) localTypes = BtfTypes.parse(btf.raw(), origin + " .BTF");
            return localTypes;
        } catch (BtfException e) {
            throw new ElfException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ global data

    static boolean isDataSection(Section s) {
        String n = s.name();
        return s.alloc() && !s.exec() && (s.type() == ElfFile.SHT_PROGBITS || s.type() == ElfFile.SHT_NOBITS)
                && (n.equals(".data") || n.startsWith(".data.") || n.equals(".bss") || n.startsWith(".bss.")
                || n.equals(".rodata") || n.startsWith(".rodata."));
    }

    private Map<String, Variable> readData() {
        List<Variable> vars = new ArrayList<>();
        for (Section s : elf.sections) {
            if (!isDataSection(s) || s.size() == 0) continue;
            // .bss costs memory the file does not: one zeroed copy here (and one at load), counted in ElfFile's budget.
            data.put(s.name(), s.type() == ElfFile.SHT_NOBITS ? new byte[s.size()] : elf.contents(s).toArray());
            BtfSpec.Type ds = btf == null ? null : btf.datasec(s.name());
            ElfMap m = CollectionSpec.dataMap(s.name(), s.size(), origin, ds == null ? 0 : ds.id());
            if (maps.containsKey(m.name())) throw new ElfException("map " + m.name() + " is defined twice");
            maps.put(m.name(), m);
            for (Symbol sym : elf.symbols) {
                if (sym.shndx() != s.index() || sym.type() != ElfFile.STT_OBJECT || sym.size() == 0 || sym.name().isEmpty()) {
                    continue;
                }
                if (sym.value() < 0 || sym.size() < 0 || sym.size() > s.size() || sym.value() > s.size() - sym.size()) {
                    throw new ElfException("variable " + sym.name() + " (" + sym.size() + " bytes at " + sym.value()
                            + ") lies outside " + s.label() + " (" + s.size() + " bytes)");
                }
                vars.add(new Variable(sym.name(), s.name(), (int) sym.value(), (int) sym.size()));
            }
        }
        if (kconfigSize > 0) {
            // libbpf's .kconfig map: read-only for programs, filled from the running kernel at
            // load and frozen; typed by its DATASEC, whose offsets and size the BTF fix-up sets.
            BtfSpec.Type ds = btf.datasec(KCONFIG);
            int size = (kconfigSize + 7) / 8 * 8;
            kconfigSize = size;
            data.put(KCONFIG, new byte[size]);
            maps.put(KCONFIG, new ElfMap(KCONFIG, ElfMap.Kind.DATA, MapType.ARRAY, 4, size, 1,
                    io.jnetkit.abi.BpfAbi.BPF_F_RDONLY_PROG, ElfMap.Pinning.NONE,
                    CollectionSpec.dataMapKernelName(origin, KCONFIG), 0, ds == null ? 0 : ds.id(), ""));
        }
        vars.sort(Comparator.comparing(Variable::section).thenComparingInt(Variable::offset));
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Variable v : vars) out.putIfAbsent(v.name(), v);
        return out;
    }

    // ------------------------------------------------------------------ code

    private void readCode() {
        for (Section s : elf.sections) {
            if (s.type() != ElfFile.SHT_PROGBITS || !s.exec() || s.size() == 0) continue;
            if (s.size() % 8 != 0) {
                throw new ElfException(s.label() + ": size " + s.size() + " is not a multiple of 8 (eBPF instructions)");
            }
            Bytes b = elf.contents(s);
            long[] insns = new long[s.size() / 8];
            for (int i = 0; i < insns.length; i++) insns[i] = b.u64(8L * i);
            code.put(s.index(), insns);
            List<Symbol> fs = new ArrayList<>();
            for (Symbol sym : elf.symbols) {
                if (sym.shndx() == s.index() && sym.type() == ElfFile.STT_FUNC) fs.add(sym);
            }
            fs.sort(Comparator.comparingLong(Symbol::value));
            List<Func> list = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                Symbol sym = fs.get(i);
                if (sym.value() % 8 != 0 || sym.value() < 0 || sym.value() >= s.size()) {
                    throw new ElfException("function " + sym.name() + " starts at " + sym.value() + ", not an instruction of "
                            + s.label());
                }
                long end = sym.size() > 0 ? sym.value() + sym.size()
                        : (i + 1 < fs.size() ? fs.get(i + 1).value() : s.size());
                if (end > s.size() || end % 8 != 0 || end <= sym.value()) {
                    throw new ElfException("function " + sym.name() + " (" + sym.size() + " bytes at " + sym.value()
                            + ") does not fit " + s.label());
                }
                boolean global = sym.bind() == ElfFile.STB_GLOBAL || sym.bind() == ElfFile.STB_WEAK;
                list.add(new Func(sym.name(), s, (int) (sym.value() / 8), (int) (end / 8), global));
            }
            funcs.put(s.index(), list);
            Map<Integer, Rel> byInsn = new HashMap<>();
            for (Rel r : elf.relocations(s)) {
                if (r.offset() % 8 != 0 || r.offset() < 0 || r.offset() >= s.size()) {
                    throw new ElfException("relocation at offset " + r.offset() + " is not an instruction of " + s.label());
                }
                byInsn.put((int) (r.offset() / 8), r);
            }
            rels.put(s.index(), byInsn);
        }
    }

    private Func funcAt(Section s, long insn, String what) {
        for (Func f : funcs.getOrDefault(s.index(), List.of())) {
            if (insn >= f.start && insn < f.end) return f;
        }
        throw new ElfException(what + ": instruction " + insn + " of " + s.label() + " is in no function");
    }

    /**
     * The linked code in the instruction model, each relocation turned into the reference it
     * stands for: a map's ld_imm64 gets src BPF_PSEUDO_MAP_FD, a global variable's
     * BPF_PSEUDO_MAP_VALUE with the variable's offset in the second immediate, and both name the
     * map; kfunc calls and {@code __ksym} loads name the kernel symbol. The loader fills in fds and
     * BTF ids ({@link BpfCollection}); nothing is patched in bytes.
     */
    static Instructions symbolic(long[] insns, List<Relocation> relocations) {
        byte[] bytes = new byte[insns.length * 8];
        for (int i = 0; i < insns.length; i++) {
            for (int j = 0; j < 8; j++) bytes[i * 8 + j] = (byte) (insns[i] >>> (8 * j));
        }
        Instructions plain = Instructions.decode(bytes);
        List<Insn> out = new ArrayList<>(plain.insns());
        List<Reference> refs = new ArrayList<>();
        for (Relocation r : relocations) {
            int k = plain.indexOfSlot(r.instruction());
            if (k < 0 || k >= out.size()) {
                throw new AsmException("relocation against " + r.target() + " at slot " + r.instruction() + " is inside an instruction");
            }
            Insn at = out.get(k);
            switch (r.kind()) {
                case MAP -> {
                    out.set(k, Insn.ldImm64(at.dst(), io.jnetkit.asm.Opcodes.PSEUDO_MAP_FD, 0));
                    refs.add(new MapRef(r.instruction(), r.target(), MapRef.Kind.FD));
                }
                case DATA -> {
                    out.set(k, Insn.ldImm64(at.dst(), io.jnetkit.asm.Opcodes.PSEUDO_MAP_VALUE, (r.offset() & 0xffff_ffffL) << 32));
                    refs.add(new MapRef(r.instruction(), r.target(), MapRef.Kind.VALUE));
                }
                case KSYM -> refs.add(new KernelRef(r.instruction(), r.target(), KernelRef.Kind.KSYM));
                case KFUNC -> refs.add(new KernelRef(r.instruction(), r.target(), KernelRef.Kind.KFUNC));
            }
        }
        return new Instructions(out, refs, Map.of());
    }

    private record Linked(Instructions code, io.jnetkit.bpf.Bytecode objectCode, ElfProgram.DebugInfo debugInfo,
                          List<CoreRelocation> coreRelocations) {}

    /** A program that cannot be linked: its own code, without references, or none if the model refuses it. */
    private Linked unlinked(Func f) {
        long[] own = Arrays.copyOfRange(code.get(f.section.index()), f.start, f.end);
        Instructions c;
        try {
            c = symbolic(own, List.of());
        } catch (AsmException e) {
            c = Instructions.of(List.of());
        }
        return new Linked(c, io.jnetkit.bpf.Bytecode.of(own), ElfProgram.DebugInfo.NONE, List.of());
    }

    /**
     * The name a function goes by in the instruction model ({@link FuncRef}s and labels): its symbol
     * name, unless another function of the object has the same one (static functions of objects
     * joined by {@code bpftool gen object}) or it is no valid label; then one made unique by where
     * the function is.
     */
    private String key(Func f) {
        indexKeys();
        return keys.get(f);
    }

    private void indexKeys() {
        if (keys == null) {
            // Once, after every function is known: an object may have thousands.
            Map<String, Integer> count = new HashMap<>();
            for (List<Func> l : funcs.values()) {
                for (Func g : l) count.merge(g.name, 1, Integer::sum);
            }
            keys = new HashMap<>();
            funcsByKey = new HashMap<>();
            for (List<Func> l : funcs.values()) {
                for (Func g : l) {
                    String k = count.get(g.name) == 1 && io.jnetkit.asm.Asm.isValidSymbol(g.name) ? g.name
                            : "func." + g.section.index() + "." + g.start;
                    keys.put(g, k);
                    funcsByKey.put(k, g);
                }
            }
        }
    }

    private Map<Func, String> keys;
    private Map<String, Func> funcsByKey;

    private Func funcByKey(String key) {
        indexKeys();
        Func f = funcsByKey.get(key);
        if (f == null) throw new IllegalStateException("linker: no function " + key);
        return f;
    }

    /**
     * Links {@code entry}: each function's code becomes instructions with symbolic references —
     * maps and kernel symbols from its relocations, {@link FuncRef}s for its bpf-to-bpf calls and
     * callback addresses — and {@link Instructions#link} lays out the entry then every function it
     * reaches (breadth first, each once) and fixes the pc-relative offsets. Debug info and CO-RE
     * records are rebased to where each function landed.
     */
    private Linked link(Func entry) {
        String where = "program " + entry.name;
        Map<String, Instructions> functions = new HashMap<>();
        Instructions main = function(entry, where);
        Deque<Func> queue = new ArrayDeque<>(List.of(entry));
        Map<Func, Instructions> seen = new HashMap<>(Map.of(entry, main));
        while (!queue.isEmpty()) {
            Func f = queue.poll();
            for (Reference r : seen.get(f).references()) {
                if (!(r instanceof FuncRef fr) || fr.name().equals(key(entry))) continue;
                Func t = funcByKey(fr.name());
                if (!seen.containsKey(t)) {
                    Instructions c = function(t, where);
                    seen.put(t, c);
                    functions.put(fr.name(), c);
                    queue.add(t);
                }
            }
        }
        Instructions linked = main.link(functions);
        List<Func> order = new ArrayList<>(List.of(entry));
        Map<Func, Integer> base = new HashMap<>(Map.of(entry, 0));
        for (Map.Entry<String, Integer> e : linked.labels().entrySet()) {
            if (!functions.containsKey(e.getKey())) continue;
            Func f = funcByKey(e.getKey());
            order.add(f);
            base.put(f, e.getValue());
        }
        order.sort(Comparator.comparingInt(base::get));
        java.io.ByteArrayOutputStream object = new java.io.ByteArrayOutputStream();
        for (Func f : order) {
            long[] insns = code.get(f.section.index());
            for (int k = f.start; k < f.end; k++) {
                for (int j = 0; j < 8; j++) object.write((int) (insns[k] >>> (8 * j)));
            }
        }
        return new Linked(linked, io.jnetkit.bpf.Bytecode.fromBytes(object.toByteArray()), debugInfo(order, base),
                coreRelocations(entry, order, base));
    }

    /**
     * One function's code in the instruction model, references by slot from its start: map and
     * global-data loads, kfunc calls and {@code __ksym} loads from its relocations, and a
     * {@link FuncRef} for each bpf-to-bpf call and each function address (a callback).
     */
    private Instructions function(Func f, String where) {
        long[] insns = code.get(f.section.index());
        Map<Integer, Rel> frel = rels.get(f.section.index());
        long[] own = Arrays.copyOfRange(insns, f.start, f.end);
        List<Relocation> relocations = new ArrayList<>();
        List<Reference> calls = new ArrayList<>();
        for (int k = f.start; k < f.end; k++) {
            long insn = insns[k];
            int pos = k - f.start;
            int op = (int) (insn & 0xff);
            int src = (int) (insn >>> 12 & 0xf);
            int imm = (int) (insn >>> 32);
            Rel rel = frel.get(k);
            if (op == LD_IMM64) {
                if (k + 1 >= f.end) {
                    throw new ElfException(where + ": ld_imm64 at instruction " + k + " of " + f.section.label()
                            + " is missing its second slot");
                }
                Symbol sym = rel == null ? null : elf.symbol(rel.symbol(), where);
                if (sym != null && sym.shndx() != ElfFile.SHN_UNDEF && sym.shndx() < ElfFile.SHN_LORESERVE
                        && elf.section(sym.shndx(), where).exec()) {
                    // A callback (bpf_loop, bpf_for_each_map_elem, timers): a static function's
                    // address. clang 14 leaves src 0 and the byte offset in the section in imm;
                    // the kernel wants src BPF_PSEUDO_FUNC and imm relative, like a call's.
                    Section tsec = elf.section(sym.shndx(), where);
                    long byteOff = sym.value() + imm;
                    if (byteOff % 8 != 0) {
                        throw new ElfException(where + ": function address at instruction " + k + " of " + f.section.label()
                                + " points at byte " + byteOff + " of " + tsec.label() + ", not an instruction");
                    }
                    Func target = funcAt(tsec, byteOff / 8, where + ": function address at instruction " + k);
                    calls.add(new FuncRef(pos, entryKey(target, byteOff / 8, where, k, f), FuncRef.Kind.ADDRESS));
                    own[pos] = insn & 0xffff_ffffL & ~(0xfL << 12) | (long) PSEUDO_FUNC << 12;
                    own[pos + 1] = insns[k + 1] & 0xffff_ffffL;
                    k++;
                    continue;
                }
                if (rel != null) {
                    relocations.add(dataReference(where, f, k, pos, rel, imm));
                }
                k++;
                continue;
            }
            if (op == CALL && src == PSEUDO_CALL) {
                Section tsec;
                long tidx;
                if (rel != null) {
                    Symbol sym = elf.symbol(rel.symbol(), where);
                    if (sym.shndx() == ElfFile.SHN_UNDEF) {
                        // clang 14 marks a kfunc call as a bpf-to-bpf call to an undefined symbol.
                        relocations.add(kfuncCall(where, sym, pos));
                        continue;
                    }
                    tsec = elf.section(sym.shndx(), where);
                    tidx = sym.value() / 8 + imm + 1;
                } else {
                    tsec = f.section;
                    tidx = (long) k + imm + 1;
                }
                Func target = funcAt(tsec, tidx, where + ": call at instruction " + k);
                calls.add(new FuncRef(pos, entryKey(target, tidx, where, k, f), FuncRef.Kind.CALL));
                continue;
            }
            if (op == CALL && src == PSEUDO_KFUNC_CALL || rel != null && op == CALL) {
                if (rel == null) {
                    throw new ElfException(where + ": kfunc call at instruction " + k + " of " + f.section.label()
                            + " has no relocation naming the function");
                }
                relocations.add(kfuncCall(where, elf.symbol(rel.symbol(), where), pos));
                continue;
            }
            if (rel != null) {
                throw new ElfException(where + ": relocation against " + elf.symbol(rel.symbol(), where).name()
                        + " on instruction " + k + " of " + f.section.label() + " (opcode 0x" + Integer.toHexString(op)
                        + "), which is neither ld_imm64 nor a call");
            }
        }
        Instructions c = symbolic(own, relocations);
        List<Reference> refs = new ArrayList<>(c.references());
        refs.addAll(calls);
        // Its own name as a label at its start: a recursive call stays inside the function.
        return new Instructions(c.insns(), refs, Map.of(key(f), 0));
    }

    /** The function's model name, for a call or address that must land on its first instruction. */
    private String entryKey(Func target, long index, String where, int k, Func from) {
        if (index != target.start) {
            throw new Unsupported(where + ": the call or function address at instruction " + k + " of "
                    + from.section.label() + " lands inside function " + target.name + " (+" + (index - target.start)
                    + " instructions), not at its start");
        }
        return key(target);
    }

    /** The CO-RE records of every linked function, with instruction indexes from the program start. */
    private List<CoreRelocation> coreRelocations(Func entry, List<Func> order, Map<Func, Integer> base) {
        List<CoreRelocation> out = new ArrayList<>();
        if (btf == null) return out;
        for (Func f : order) {
            for (BtfExt.Rec r : ext.coreRelo.of(f.section.name())) {
                long idx = r.insnOff() / 8;
                if (idx < f.start || idx >= f.end) continue;
                String where = "program " + entry.name + ": CO-RE relocation at instruction " + idx + " of " + f.section.label();
                if (r.insnOff() % 8 != 0) throw new ElfException(where + ": insn_off " + r.insnOff() + " is not a multiple of 8");
                Bytes rec = new Bytes(r.raw(), ".BTF.ext core_relo");
                int typeId = rec.u32Checked(4, "type_id");
                String access = btf.string(rec.u32(8));
                int kindValue = (int) rec.u32(12);
                CoreKind kind = CoreKind.of(kindValue);
                if (kind == null) throw new ElfException(where + ": relocation kind " + kindValue + " is not known");
                String typeName;
                try {
                    typeName = localTypes().describe(typeId);
                } catch (BtfException e) {
                    throw new ElfException(where + ": " + e.getMessage(), e);
                }
                out.add(new CoreRelocation(base.get(f) + (int) (idx - f.start), typeId, typeName, access, kind));
            }
        }
        out.sort(Comparator.comparingInt(CoreRelocation::instruction));
        return out;
    }

    private Relocation dataReference(String where, Func f, int k, int pos, Rel rel, int imm) {
        Symbol sym = elf.symbol(rel.symbol(), where);
        if (rel.type() != ElfFile.R_BPF_64_64) {
            throw new ElfException(where + ": relocation type " + rel.type() + " on ld_imm64 at instruction " + k
                    + " (expected R_BPF_64_64)");
        }
        if (sym.shndx() == ElfFile.SHN_UNDEF) {
            Extern e = externs.get(sym.name());
            if (e instanceof Extern.Kconfig kc) {
                return new Relocation(pos, Relocation.Kind.DATA, KCONFIG, kc.offset() + imm);
            }
            if (e instanceof Extern.Ksym || e instanceof Extern.Kfunc) {
                // A kernel variable's address, or a kfunc's (bpf_ksym_exists): resolved at load.
                return new Relocation(pos, Relocation.Kind.KSYM, sym.name(), 0);
            }
            throw new Unsupported(where + " refers to extern symbol " + sym.name()
                    + ", which is neither __ksym nor __kconfig in the object's BTF"
                    + (btf == null ? " (the object has no usable .BTF)" : ""));
        }
        if (sym.shndx() >= ElfFile.SHN_LORESERVE) {
            throw new Unsupported(where + " refers to symbol " + sym.name() + " of special section 0x"
                    + Integer.toHexString(sym.shndx()) + ", which is not supported");
        }
        Section target = elf.section(sym.shndx(), where);
        long offset = sym.value() + imm;
        String what = sym.type() == ElfFile.STT_SECTION ? target.name() + "+" + offset : sym.name();
        if (target.name().equals(BTF_MAPS) || target.name().equals(LEGACY_MAPS)) {
            String map = mapByOffset.getOrDefault(target.index(), Map.of()).get(offset);
            if (map == null) {
                throw new ElfException(where + " refers to " + what + " in section " + target.name()
                        + ", where no map is defined");
            }
            return new Relocation(pos, Relocation.Kind.MAP, map, 0);
        }
        if (isDataSection(target)) {
            if (offset < 0 || offset > target.size()) {
                throw new ElfException(where + " refers to offset " + offset + " of " + target.name() + " ("
                        + target.size() + " bytes)");
            }
            if (target.size() == 0) {
                throw new ElfException(where + " refers to empty section " + target.name());
            }
            return new Relocation(pos, Relocation.Kind.DATA, target.name(), offset);
        }
        throw new ElfException(where + " refers to " + what + " in section " + target.name()
                + ", which holds neither maps nor global data");
    }

    private Relocation kfuncCall(String where, Symbol sym, int pos) {
        if (sym.shndx() != ElfFile.SHN_UNDEF || !(externs.get(sym.name()) instanceof Extern.Kfunc)) {
            throw new Unsupported(where + " calls extern function " + sym.name()
                    + ", which is not a __ksym kfunc in the object's BTF (a function of another object not linked in?)"
                    + (btf == null ? " (the object has no usable .BTF)" : ""));
        }
        return new Relocation(pos, Relocation.Kind.KFUNC, sym.name(), 0);
    }

    private ElfProgram.DebugInfo debugInfo(List<Func> order, Map<Func, Integer> base) {
        if (btf == null || ext == BtfExt.EMPTY) return ElfProgram.DebugInfo.NONE;
        return new ElfProgram.DebugInfo(ext.funcInfo.recSize(), rebase(ext.funcInfo, order, base),
                ext.lineInfo.recSize(), rebase(ext.lineInfo, order, base));
    }

    private static byte[] rebase(BtfExt.Part part, List<Func> order, Map<Func, Integer> base) {
        record Out(long insn, byte[] raw) {}
        List<Out> recs = new ArrayList<>();
        for (Func f : order) {
            for (BtfExt.Rec r : part.of(f.section.name())) {
                long idx = r.insnOff() / 8;
                if (r.insnOff() % 8 != 0 || idx < f.start || idx >= f.end) continue;
                long insn = base.get(f) + (idx - f.start);
                byte[] raw = r.raw().clone();
                for (int i = 0; i < 4; i++) raw[i] = (byte) (insn >>> (8 * i));
                recs.add(new Out(insn, raw));
            }
        }
        recs.sort(Comparator.comparingLong(Out::insn));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (Out o : recs) bos.writeBytes(o.raw);
        return bos.toByteArray();
    }
}
