package io.jnetkit.elf;

import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.MapType;
import io.jnetkit.elf.ElfFile.Rel;
import io.jnetkit.elf.ElfFile.Section;
import io.jnetkit.elf.ElfFile.Symbol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an {@link ElfFile} into a {@link CollectionSpec}: maps, global data, variables, linked programs. */
final class ElfReader {
    private static final int LD_IMM64 = 0x18, CALL = 0x85;
    private static final int PSEUDO_CALL = 1, PSEUDO_KFUNC_CALL = 2;
    static final String BTF_MAPS = ".maps", LEGACY_MAPS = "maps";

    /** A function: [start, end) instruction indexes in its section. */
    private record Func(String name, Section section, int start, int end, boolean global) {}

    private final ElfFile elf;
    private final String origin;
    private BtfSpec btf;
    private BtfExt ext = BtfExt.EMPTY;
    private String btfProblem;
    private final Map<String, ElfMap> maps = new LinkedHashMap<>();
    /** Map name by its offset in the .maps / maps section. */
    private final Map<Integer, Map<Long, String>> mapByOffset = new HashMap<>();
    private final Map<String, byte[]> data = new LinkedHashMap<>();
    private final Map<Integer, List<Func>> funcs = new HashMap<>();
    private final Map<Integer, long[]> code = new HashMap<>();
    private final Map<Integer, Map<Integer, Rel>> rels = new HashMap<>();

    private ElfReader(ElfFile elf, String origin) {
        this.elf = elf;
        this.origin = origin;
    }

    static CollectionSpec read(byte[] bytes, String origin) {
        return new ElfReader(ElfFile.parse(bytes, origin), origin).read();
    }

    private CollectionSpec read() {
        String license = license();
        readBtf();
        Section btfMaps = elf.section(BTF_MAPS);
        if (btfMaps != null) readBtfMaps(btfMaps);
        Section legacy = elf.section(LEGACY_MAPS);
        if (legacy != null) readLegacyMaps(legacy);
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
                Linked l = link(f);
                programs.put(f.name, new ElfProgram(f.name, s.name(), kind.type(), kind.attachType(), license,
                        Bytecode.of(l.insns), l.relocations, l.debugInfo));
            }
        }
        byte[] kernelBtf = null;
        if (btf != null) {
            kernelBtf = btf.fixedForKernel(new BtfSpec.Layout() {
                @Override
                public int sectionSize(String section) {
                    Section s = elf.section(section);
                    return s == null ? -1 : s.size();
                }

                @Override
                public long symbolOffset(String section, String symbol) {
                    Section s = elf.section(section);
                    if (s == null) return -1;
                    for (Symbol sym : elf.symbols) {
                        if (sym.shndx() == s.index() && sym.name().equals(symbol) && sym.type() != ElfFile.STT_SECTION) {
                            return sym.value();
                        }
                    }
                    return -1;
                }
            });
        }
        return new CollectionSpec(origin, license, programs, maps, variables, data, kernelBtf, btfProblem);
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
        if (s == null) {
            btfProblem = "the object has no .BTF section (compile with -g)";
            return;
        }
        try {
            btf = BtfSpec.parse(elf.contents(s).toArray());
        } catch (ElfException e) {
            if (elf.section(BTF_MAPS) != null) throw e;
            btfProblem = e.getMessage();
            return;
        }
        Section e = elf.section(".BTF.ext");
        if (e != null) {
            try {
                ext = BtfExt.parse(elf.contents(e).toArray(), btf);
            } catch (ElfException x) {
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
        for (BtfSpec.SecInfo si : btf.secInfos(ds)) {
            BtfSpec.Type var = btf.type(si.type());
            if (var.kind() != BtfSpec.KIND_VAR) {
                throw new ElfException(".maps: entry type " + var.id() + " is a " + BtfSpec.kindName(var.kind()) + ", not a VAR");
            }
            String name = var.name();
            BtfSpec.Type def = btf.skipModifiers(var.sizeOrType());
            if (def.kind() != BtfSpec.KIND_STRUCT) {
                throw new ElfException("map " + name + ": definition is a " + BtfSpec.kindName(def.kind()) + ", not a struct");
            }
            int type = -1, keySize = -1, valueSize = -1, maxEntries = 0, flags = 0, pinning = 0;
            for (BtfSpec.Member m : btf.members(def)) {
                switch (m.name()) {
                    case "type" -> type = uintMember(name, m);
                    case "max_entries" -> maxEntries = uintMember(name, m);
                    case "map_flags" -> flags = uintMember(name, m);
                    case "pinning" -> pinning = uintMember(name, m);
                    case "key_size" -> keySize = checkSize(name, "key_size", keySize, uintMember(name, m));
                    case "value_size" -> valueSize = checkSize(name, "value_size", valueSize, uintMember(name, m));
                    case "key" -> keySize = checkSize(name, "key", keySize, pointeeSize(name, m));
                    case "value" -> valueSize = checkSize(name, "value", valueSize, pointeeSize(name, m));
                    case "numa_node", "map_extra" -> uintMember(name, m);
                    case "values" -> throw new ElfException("map " + name
                            + ": map-in-map and program-array initial values (\"values\") are not supported");
                    default -> throw new ElfException("map " + name + ": unknown attribute \"" + m.name() + "\"");
                }
            }
            if (type < 0) throw new ElfException("map " + name + " has no type (__uint(type, BPF_MAP_TYPE_…))");
            MapType mt = MapType.of(type);
            if (mt == MapType.UNKNOWN) throw new ElfException("map " + name + ": unknown map type " + type);
            if (pinning > 1) throw new ElfException("map " + name + ": pinning " + pinning + " is not supported (0 none, 1 by name)");
            long offset = symbolOffset(sec, name, si.offset());
            addMap(sec, offset, new ElfMap(name, ElfMap.Kind.BTF, mt, Math.max(0, keySize), Math.max(0, valueSize),
                    maxEntries, flags, pinning == 1 ? ElfMap.Pinning.BY_NAME : ElfMap.Pinning.NONE,
                    ElfProgram.kernelName(name)));
        }
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
        if (ptr.kind() == BtfSpec.KIND_PTR) {
            BtfSpec.Type arr = btf.skipModifiers(ptr.sizeOrType());
            if (arr.kind() == BtfSpec.KIND_ARRAY) {
                long n = btf.arrayNelems(arr);
                if (n > Integer.MAX_VALUE) {
                    throw new ElfException("map " + map + ": " + m.name() + " " + n + " is too large");
                }
                return (int) n;
            }
        }
        throw new ElfException("map " + map + ": attribute " + m.name() + " is not written as __uint(" + m.name() + ", N)");
    }

    /** {@code __type(name, T)} is {@code T *name}. */
    private long pointeeSize(String map, BtfSpec.Member m) {
        BtfSpec.Type ptr = btf.skipModifiers(m.type());
        if (ptr.kind() != BtfSpec.KIND_PTR) {
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
            addMap(sec, o, new ElfMap(s.name(), ElfMap.Kind.LEGACY, mt, b.u32Checked(o + 4, "key_size"),
                    b.u32Checked(o + 8, "value_size"), b.u32Checked(o + 12, "max_entries"), flags, ElfMap.Pinning.NONE,
                    ElfProgram.kernelName(s.name())));
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
            data.put(s.name(), elf.contents(s).toArray());
            ElfMap m = CollectionSpec.dataMap(s.name(), s.size(), origin);
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

    private record Linked(long[] insns, List<Relocation> relocations, ElfProgram.DebugInfo debugInfo) {}

    private record CallFix(int at, Func target, int inner) {}

    /**
     * Lays out {@code entry} then every function it calls (transitively, each once), fixes the
     * call offsets, and records map/data references by instruction index.
     */
    private Linked link(Func entry) {
        List<Func> order = new ArrayList<>();
        Map<Func, Integer> base = new HashMap<>();
        Deque<Func> queue = new ArrayDeque<>();
        order.add(entry);
        base.put(entry, 0);
        queue.add(entry);
        int total = entry.end - entry.start;
        List<Long> out = new ArrayList<>();
        List<Relocation> relocations = new ArrayList<>();
        List<CallFix> calls = new ArrayList<>();
        String where = "program " + entry.name;
        while (!queue.isEmpty()) {
            Func f = queue.poll();
            long[] insns = code.get(f.section.index());
            Map<Integer, Rel> frel = rels.get(f.section.index());
            for (int k = f.start; k < f.end; k++) {
                long insn = insns[k];
                int pos = base.get(f) + (k - f.start);
                int op = (int) (insn & 0xff);
                int src = (int) (insn >>> 12 & 0xf);
                int imm = (int) (insn >>> 32);
                Rel rel = frel.get(k);
                if (op == LD_IMM64) {
                    if (k + 1 >= f.end) {
                        throw new ElfException(where + ": ld_imm64 at instruction " + k + " of " + f.section.label()
                                + " is missing its second slot");
                    }
                    if (rel != null) {
                        relocations.add(dataReference(where, f, k, pos, rel, imm));
                    }
                    out.add(insn);
                    out.add(insns[k + 1]);
                    k++;
                    continue;
                }
                if (op == CALL && src == PSEUDO_CALL) {
                    Section tsec;
                    long tidx;
                    if (rel != null) {
                        Symbol sym = elf.symbol(rel.symbol(), where);
                        if (sym.shndx() == ElfFile.SHN_UNDEF) {
                            throw new ElfException(where + " calls extern function " + sym.name() + ", which is not supported");
                        }
                        tsec = elf.section(sym.shndx(), where);
                        tidx = sym.value() / 8 + imm + 1;
                    } else {
                        tsec = f.section;
                        tidx = (long) k + imm + 1;
                    }
                    Func target = funcAt(tsec, tidx, where + ": call at instruction " + k);
                    if (!base.containsKey(target)) {
                        base.put(target, total);
                        total += target.end - target.start;
                        order.add(target);
                        queue.add(target);
                    }
                    calls.add(new CallFix(pos, target, (int) (tidx - target.start)));
                    out.add(insn);
                    continue;
                }
                if (op == CALL && src == PSEUDO_KFUNC_CALL || rel != null && op == CALL) {
                    String sym = rel == null ? "?" : elf.symbol(rel.symbol(), where).name();
                    throw new ElfException(where + " calls kernel function " + sym + " (kfunc), which is not supported");
                }
                if (rel != null) {
                    throw new ElfException(where + ": relocation against " + elf.symbol(rel.symbol(), where).name()
                            + " on instruction " + k + " of " + f.section.label() + " (opcode 0x" + Integer.toHexString(op)
                            + "), which is neither ld_imm64 nor a call");
                }
                out.add(insn);
            }
        }
        long[] linked = new long[total];
        // Functions were appended in discovery order, so out is already laid out by base.
        if (out.size() != total) {
            throw new IllegalStateException("linker: " + out.size() + " instructions emitted, " + total + " expected");
        }
        for (int i = 0; i < total; i++) linked[i] = out.get(i);
        for (CallFix c : calls) {
            long rel = (long) base.get(c.target) + c.inner - (c.at + 1);
            linked[c.at] = (linked[c.at] & 0xffff_ffffL) | rel << 32;
        }
        return new Linked(linked, relocations, debugInfo(order, base));
    }

    private Relocation dataReference(String where, Func f, int k, int pos, Rel rel, int imm) {
        Symbol sym = elf.symbol(rel.symbol(), where);
        if (rel.type() != ElfFile.R_BPF_64_64) {
            throw new ElfException(where + ": relocation type " + rel.type() + " on ld_imm64 at instruction " + k
                    + " (expected R_BPF_64_64)");
        }
        if (sym.shndx() == ElfFile.SHN_UNDEF || sym.shndx() >= ElfFile.SHN_LORESERVE) {
            throw new ElfException(where + " refers to extern symbol " + sym.name()
                    + " (__kconfig/__ksym externs are not supported)");
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
        if (target.exec()) {
            throw new ElfException(where + " takes the address of function " + what
                    + " (callbacks such as bpf_loop's are not supported)");
        }
        throw new ElfException(where + " refers to " + what + " in section " + target.name()
                + ", which holds neither maps nor global data");
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
