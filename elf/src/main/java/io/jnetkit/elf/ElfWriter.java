package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.MapSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a relocatable ELF64 eBPF object — what {@code clang -O2 -g -target bpf -c} would
 * produce for the same programs and maps — that both {@link CollectionSpec#read} and libbpf
 * (so {@code bpftool prog load}) accept.
 *
 * <pre>{@code
 * byte[] obj = new ElfWriter()
 *         .map(MapSpec.of("jnk_counters", MapType.PERCPU_ARRAY, 4, 16, 3))
 *         .program("policy", "tc", insns, List.of(new Relocation(7, Relocation.Kind.MAP, "jnk_counters", 0)))
 *         .toBytes();
 * }</pre>
 *
 * <p>Layout: one executable section per program (its name is the libbpf {@code SEC()}, e.g.
 * {@code tc} or {@code netkit/peer}) with a {@code .rel<section>} of {@code R_BPF_64_64}
 * relocations against the map symbols; {@code license}; {@code .maps} with BTF map definitions;
 * {@code .BTF}; {@code .symtab}, {@code .strtab} and {@code .shstrtab}.
 *
 * <p>Maps are described in BTF ({@code .maps}), not in a legacy {@code maps} section, because
 * libbpf 1.0 and later (bpftool 7) reject the legacy form. Each definition is clang's
 * {@code struct { __uint(type, T); __uint(key_size, K); __uint(value_size, V);
 * __uint(max_entries, N); }} — every attribute an {@code int (*name)[value]}, so no key or
 * value type is needed. Map references are {@code ld_imm64} instructions with source register
 * and immediate 0, as clang leaves them; the loader fills in the map.
 *
 * <p>Not thread-safe; one writer builds one object.
 */
public final class ElfWriter {
    private static final int LD_IMM64 = 0x18;
    private static final long SHF_INFO_LINK = 0x40;
    private static final int BTF_VAR_GLOBAL_ALLOCATED = 1;

    private record Prog(String name, String section, Bytecode insns, List<Relocation> relocations) {}

    private String license = "GPL";
    private final Map<String, MapSpec> maps = new LinkedHashMap<>();
    private final List<Prog> programs = new ArrayList<>();

    /** The {@code license} section's string; "GPL" unless set (GPL-only helpers need it). */
    public ElfWriter license(String license) {
        Objects.requireNonNull(license, "license");
        if (license.isEmpty() || license.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("license must be a non-empty string without NUL");
        }
        this.license = license;
        return this;
    }

    /** Adds a map definition; its name is its symbol and the name relocations use. */
    public ElfWriter map(MapSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.name().isEmpty()) {
            throw new IllegalArgumentException("a map in an object file needs a name");
        }
        if (maps.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("map " + spec.name() + " is defined twice");
        }
        return this;
    }

    /**
     * Adds a program in its own section.
     *
     * @param name        the function symbol (the program's name; the kernel keeps 15 bytes of it)
     * @param section     the section name, e.g. {@code tc}, {@code tcx/ingress}, {@code netkit/peer}
     * @param insns       the instructions
     * @param relocations {@link Relocation.Kind#MAP} references: the slot of an {@code ld_imm64}
     *                    and the map's name (offset 0)
     */
    public ElfWriter program(String name, String section, Bytecode insns, List<Relocation> relocations) {
        Objects.requireNonNull(insns, "insns");
        checkSymbol("program", name);
        if (section == null || section.isEmpty() || section.startsWith(".") || section.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("program " + name + ": section name \"" + section
                    + "\" must be non-empty and not start with '.'");
        }
        if (insns.isEmpty()) {
            throw new IllegalArgumentException("program " + name + " has no instructions");
        }
        for (Prog p : programs) {
            if (p.name.equals(name)) throw new IllegalArgumentException("program " + name + " is defined twice");
            if (p.section.equals(section)) {
                throw new IllegalArgumentException("programs " + p.name + " and " + name + " are both in section " + section);
            }
        }
        if (section.equals("license") || section.equals(ElfReader.BTF_MAPS) || section.equals(ElfReader.LEGACY_MAPS)) {
            throw new IllegalArgumentException("program " + name + ": section name " + section + " is reserved");
        }
        List<Relocation> rels = List.copyOf(relocations);
        for (Relocation r : rels) {
            if (r.kind() != Relocation.Kind.MAP || r.offset() != 0) {
                throw new IllegalArgumentException("program " + name + ": only map references (offset 0) can be written, not "
                        + r);
            }
            if (r.instruction() < 0 || r.instruction() + 1 >= insns.count()
                    || (insns.get(r.instruction()) & 0xff) != LD_IMM64) {
                throw new IllegalArgumentException("program " + name + ": map reference to " + r.target() + " at slot "
                        + r.instruction() + " is not on an ld_imm64");
            }
        }
        programs.add(new Prog(name, section, insns, rels));
        return this;
    }

    private static void checkSymbol(String what, String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(what + " name \"" + name + "\" is not a C identifier");
        }
    }

    /** Writes the object to {@code path}. */
    public void write(Path path) {
        byte[] b = toBytes();
        try {
            Files.write(path, b);
        } catch (IOException e) {
            throw new ElfException("write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The object's bytes. */
    public byte[] toBytes() {
        if (programs.isEmpty()) {
            throw new IllegalArgumentException("an object needs at least one program");
        }
        for (Prog p : programs) {
            for (Relocation r : p.relocations) {
                if (!maps.containsKey(r.target())) {
                    throw new IllegalArgumentException("program " + p.name + " refers to map " + r.target()
                            + ", which is not defined");
                }
            }
        }
        for (String m : maps.keySet()) checkSymbol("map", m);

        Strings shstr = new Strings();
        Strings str = new Strings();
        List<Sec> secs = new ArrayList<>();
        secs.add(new Sec("", ElfFile.SHT_NULL, 0, new byte[0], 0, 0, 0, 0));

        // Symbols: null, then (all global) programs, maps, _license.
        record Sym(String name, int type, int bind, int shndx, long value, long size) {}
        List<Sym> syms = new ArrayList<>();
        syms.add(new Sym("", 0, 0, 0, 0, 0));

        Map<String, Integer> progSec = new HashMap<>();
        for (Prog p : programs) {
            progSec.put(p.name, secs.size());
            secs.add(new Sec(p.section, ElfFile.SHT_PROGBITS, ElfFile.SHF_ALLOC | ElfFile.SHF_EXECINSTR,
                    withMapLoadsCleared(p), 0, 0, 8, 0));
        }
        int licenseSec = secs.size();
        byte[] lic = (license + "\0").getBytes(StandardCharsets.UTF_8);
        secs.add(new Sec("license", ElfFile.SHT_PROGBITS, ElfFile.SHF_ALLOC | ElfFile.SHF_WRITE, lic, 0, 0, 1, 0));
        int mapsSec = -1;
        Map<String, Integer> mapOffset = new LinkedHashMap<>();
        if (!maps.isEmpty()) {
            mapsSec = secs.size();
            int off = 0;
            for (MapSpec m : maps.values()) {
                mapOffset.put(m.name(), off);
                off += defSize(m);
            }
            secs.add(new Sec(ElfReader.BTF_MAPS, ElfFile.SHT_PROGBITS, ElfFile.SHF_ALLOC | ElfFile.SHF_WRITE,
                    new byte[off], 0, 0, 8, 0));
            secs.add(new Sec(".BTF", ElfFile.SHT_PROGBITS, 0, btf(mapOffset, off), 0, 0, 4, 0));
        }

        Map<String, Integer> symIndex = new HashMap<>();
        for (Prog p : programs) {
            symIndex.put(p.name, syms.size());
            syms.add(new Sym(p.name, ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, progSec.get(p.name), 0, p.insns.count() * 8L));
        }
        for (MapSpec m : maps.values()) {
            symIndex.put(m.name(), syms.size());
            syms.add(new Sym(m.name(), ElfFile.STT_OBJECT, ElfFile.STB_GLOBAL, mapsSec, mapOffset.get(m.name()), defSize(m)));
        }
        syms.add(new Sym("_license", ElfFile.STT_OBJECT, ElfFile.STB_GLOBAL, licenseSec, 0, lic.length));

        // .rel<section> after everything it may point at; .symtab's index is known once they are placed.
        int symtabIndex = secs.size() + (int) programs.stream().filter(p -> !p.relocations.isEmpty()).count();
        for (Prog p : programs) {
            if (p.relocations.isEmpty()) continue;
            ByteBuffer rb = le(16 * p.relocations.size());
            for (Relocation r : p.relocations) {
                rb.putLong(8L * r.instruction());
                rb.putLong((long) symIndex.get(r.target()) << 32 | ElfFile.R_BPF_64_64);
            }
            secs.add(new Sec(".rel" + p.section, ElfFile.SHT_REL, SHF_INFO_LINK, rb.array(), symtabIndex,
                    progSec.get(p.name), 8, 16));
        }
        ByteBuffer sb = le(24 * syms.size());
        for (Sym s : syms) {
            sb.putInt(s.name.isEmpty() ? 0 : str.add(s.name));
            sb.put((byte) (s.bind << 4 | s.type));
            sb.put((byte) 0); // STV_DEFAULT
            sb.putShort((short) s.shndx);
            sb.putLong(s.value);
            sb.putLong(s.size);
        }
        int strtabIndex = symtabIndex + 1;
        // sh_info of a symbol table: one past the last local symbol (only the null one here).
        secs.add(new Sec(".symtab", ElfFile.SHT_SYMTAB, 0, sb.array(), strtabIndex, 1, 8, 24));
        secs.add(new Sec(".strtab", ElfFile.SHT_STRTAB, 0, str.bytes(), 0, 0, 1, 0));
        int shstrIndex = secs.size();
        Sec shstrtab = new Sec(".shstrtab", ElfFile.SHT_STRTAB, 0, null, 0, 0, 1, 0);
        secs.add(shstrtab);
        int[] nameOff = new int[secs.size()];
        for (int i = 1; i < secs.size(); i++) nameOff[i] = shstr.add(secs.get(i).name);
        shstrtab.data = shstr.bytes();

        // File: header, section contents (aligned), section header table.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        long[] offsets = new long[secs.size()];
        for (int i = 1; i < secs.size(); i++) {
            Sec s = secs.get(i);
            while (body.size() % s.align != 0) body.write(0);
            offsets[i] = body.size();
            body.writeBytes(s.data);
        }
        while (body.size() % 8 != 0) body.write(0);
        long shoff = body.size();
        ByteBuffer sh = le(64 * secs.size());
        for (int i = 0; i < secs.size(); i++) {
            Sec s = secs.get(i);
            sh.putInt(nameOff[i]);
            sh.putInt(s.type);
            sh.putLong(s.flags);
            sh.putLong(0); // sh_addr
            sh.putLong(offsets[i]);
            sh.putLong(s.data.length);
            sh.putInt(s.link);
            sh.putInt(s.info);
            sh.putLong(i == 0 ? 0 : s.align);
            sh.putLong(s.entsize);
        }
        body.writeBytes(sh.array());
        byte[] out = body.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* SYSV */});
        h.position(16);
        h.putShort((short) ElfFile.ET_REL);
        h.putShort((short) ElfFile.EM_BPF);
        h.putInt(1);          // e_version
        h.putLong(0);         // e_entry
        h.putLong(0);         // e_phoff
        h.putLong(shoff);     // e_shoff
        h.putInt(0);          // e_flags
        h.putShort((short) 64);   // e_ehsize
        h.putShort((short) 0);    // e_phentsize
        h.putShort((short) 0);    // e_phnum
        h.putShort((short) 64);   // e_shentsize
        h.putShort((short) secs.size());
        h.putShort((short) shstrIndex);
        return out;
    }

    /** The program's bytes with each relocated ld_imm64's source register and immediates zeroed, as clang emits them. */
    private static byte[] withMapLoadsCleared(Prog p) {
        byte[] b = p.insns.toBytes();
        for (Relocation r : p.relocations) {
            int o = 8 * r.instruction();
            b[o + 1] &= 0x0f;
            for (int k = 4; k < 8; k++) b[o + k] = 0;
            for (int k = 12; k < 16; k++) b[o + k] = 0;
        }
        return b;
    }

    // ------------------------------------------------------------------ BTF

    /** The attributes written for a map: type, key_size, value_size, max_entries, and map_flags if set. */
    private static List<Map.Entry<String, Integer>> attributes(MapSpec m) {
        List<Map.Entry<String, Integer>> a = new ArrayList<>();
        a.add(Map.entry("type", m.type().value()));
        a.add(Map.entry("key_size", m.keySize()));
        a.add(Map.entry("value_size", m.valueSize()));
        a.add(Map.entry("max_entries", m.maxEntries()));
        if (m.flags() != 0) a.add(Map.entry("map_flags", m.flags()));
        return a;
    }

    private static int defSize(MapSpec m) {
        return 8 * attributes(m).size();
    }

    /**
     * Types: 1 {@code int}, 2 {@code __ARRAY_SIZE_TYPE__}; per distinct attribute value an ARRAY
     * of int and a PTR to it; per map an anonymous STRUCT of those pointers and a VAR; last the
     * DATASEC {@code .maps}.
     */
    private byte[] btf(Map<String, Integer> mapOffset, int mapsSize) {
        Strings s = new Strings();
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        int[] next = {1};
        // 1: int
        type(types, s.add("int"), 1, 0, 4);
        u32(types, 1 << 24 | 32); // BTF_INT_SIGNED, offset 0, 32 bits
        next[0]++;
        // 2: __ARRAY_SIZE_TYPE__
        type(types, s.add("__ARRAY_SIZE_TYPE__"), 1, 0, 4);
        u32(types, 32);
        next[0]++;
        Map<Integer, Integer> ptrOf = new HashMap<>();
        Map<String, Integer> varOf = new LinkedHashMap<>();
        for (MapSpec m : maps.values()) {
            List<Map.Entry<String, Integer>> attrs = attributes(m);
            for (Map.Entry<String, Integer> a : attrs) {
                ptrOf.computeIfAbsent(a.getValue(), v -> {
                    int arr = next[0]++;
                    type(types, 0, BtfTypes.KIND_ARRAY, 0, 0);
                    u32(types, 1);
                    u32(types, 2);
                    u32(types, v);
                    int ptr = next[0]++;
                    type(types, 0, BtfTypes.KIND_PTR, 0, arr);
                    return ptr;
                });
            }
            int struct = next[0]++;
            type(types, 0, BtfTypes.KIND_STRUCT, attrs.size(), 8 * attrs.size());
            int bit = 0;
            for (Map.Entry<String, Integer> a : attrs) {
                u32(types, s.add(a.getKey()));
                u32(types, ptrOf.get(a.getValue()));
                u32(types, bit);
                bit += 64;
            }
            int var = next[0]++;
            type(types, s.add(m.name()), BtfTypes.KIND_VAR, 0, struct);
            u32(types, BTF_VAR_GLOBAL_ALLOCATED);
            varOf.put(m.name(), var);
        }
        type(types, s.add(ElfReader.BTF_MAPS), BtfTypes.KIND_DATASEC, maps.size(), mapsSize);
        for (MapSpec m : maps.values()) {
            u32(types, varOf.get(m.name()));
            u32(types, mapOffset.get(m.name()));
            u32(types, defSize(m));
        }
        byte[] t = types.toByteArray();
        byte[] str = s.bytes();
        ByteBuffer b = le(24 + t.length + str.length);
        b.putShort((short) BtfTypes.MAGIC).put((byte) 1).put((byte) 0);
        b.putInt(24).putInt(0).putInt(t.length).putInt(t.length).putInt(str.length);
        b.put(t).put(str);
        return b.array();
    }

    private static void type(ByteArrayOutputStream out, int nameOff, int kind, int vlen, int sizeOrType) {
        u32(out, nameOff);
        u32(out, kind << 24 | vlen);
        u32(out, sizeOrType);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------ helpers

    private static final class Sec {
        final String name;
        final int type;
        final long flags;
        byte[] data;
        final int link, info, align;
        final long entsize;

        Sec(String name, int type, long flags, byte[] data, int link, int info, int align, long entsize) {
            this.name = name;
            this.type = type;
            this.flags = flags;
            this.data = data;
            this.link = link;
            this.info = info;
            this.align = Math.max(1, align);
            this.entsize = entsize;
        }
    }

    /** A string table: starts with NUL, each string once. */
    private static final class Strings {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Integer> at = new HashMap<>();

        Strings() {
            out.write(0);
        }

        int add(String s) {
            return at.computeIfAbsent(s, k -> {
                int o = out.size();
                out.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                out.write(0);
                return o;
            });
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
