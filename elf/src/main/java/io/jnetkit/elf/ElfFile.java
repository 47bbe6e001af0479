package io.jnetkit.elf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parts of an ELF64 little-endian relocatable object that an eBPF loader needs: section
 * headers (with names), the symbol table and SHT_REL relocations. Everything is checked against
 * the file's size as it is read.
 */
final class ElfFile {
    static final int SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_NOBITS = 8,
            SHT_REL = 9;
    static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
    static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    static final int EM_BPF = 247, ET_REL = 1;
    static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00;
    /** Relocation types for EM_BPF. */
    static final int R_BPF_NONE = 0, R_BPF_64_64 = 1, R_BPF_64_ABS64 = 2, R_BPF_64_ABS32 = 3,
            R_BPF_64_NODYLD32 = 4, R_BPF_64_32 = 10;

    /** Largest .bss jnetkit materialises (it becomes one map value, written at load). */
    static final int MAX_NOBITS = 64 << 20;
    /**
     * The most zero-initialised data (all NOBITS sections together) one object may ask for.
     * Everything else read is bounded by the file's own size; NOBITS sizes are only numbers in
     * the header, so a small crafted file could otherwise claim gigabytes.
     */
    static final long MAX_TOTAL_NOBITS = 128L << 20;

    record Section(int index, String name, int type, long flags, int offset, int size, int link, int info,
                   long entsize) {
        boolean alloc() { return (flags & SHF_ALLOC) != 0; }

        boolean exec() { return (flags & SHF_EXECINSTR) != 0; }

        String label() { return "section " + index + " (" + name + ")"; }
    }

    record Symbol(int index, String name, int type, int bind, int shndx, long value, long size) {}

    record Rel(long offset, int symbol, int type) {}

    final String origin;
    private final Bytes file;
    final List<Section> sections;
    final List<Symbol> symbols;

    private ElfFile(String origin, Bytes file, List<Section> sections, List<Symbol> symbols) {
        this.origin = origin;
        this.file = file;
        this.sections = sections;
        this.symbols = symbols;
    }

    static ElfFile parse(byte[] data, String origin) {
        Bytes f = new Bytes(data, origin);
        if (data.length < 64) {
            throw new ElfException("not an ELF object: " + data.length + " bytes, an ELF64 header alone is 64");
        }
        if (f.u8(0) != 0x7f || f.u8(1) != 'E' || f.u8(2) != 'L' || f.u8(3) != 'F') {
            throw new ElfException("not an ELF object (no \\x7fELF magic)");
        }
        if (f.u8(4) != 2) {
            throw new ElfException("not a 64-bit ELF object (EI_CLASS " + f.u8(4) + "); eBPF objects are ELF64");
        }
        if (f.u8(5) != 1) {
            throw new ElfException("not a little-endian ELF object (EI_DATA " + f.u8(5)
                    + "); compile with -target bpf (or bpfel), not bpfeb");
        }
        int machine = f.u16(18);
        if (machine != EM_BPF) {
            throw new ElfException("not an eBPF object: e_machine is " + machine + ", eBPF is " + EM_BPF
                    + " (compile with clang -target bpf)");
        }
        int type = f.u16(16);
        if (type != ET_REL) {
            throw new ElfException("not a relocatable object: e_type is " + type + " (expected 1, ET_REL, from clang -c)");
        }
        int shoff = f.u64Checked(40, "e_shoff");
        int shentsize = f.u16(58);
        int shnum = f.u16(60);
        int shstrndx = f.u16(62);
        if (shnum == 0) {
            throw new ElfException("the object has no section headers (e_shnum 0)");
        }
        if (shentsize < 64) {
            throw new ElfException("section header size " + shentsize + " is smaller than ELF64's 64 bytes");
        }
        if (!f.fits(shoff, (long) shnum * shentsize)) {
            throw new ElfException("section header table (" + shnum + " × " + shentsize + " bytes at offset " + shoff
                    + ") extends past the end of the file (" + data.length + " bytes)");
        }
        if (shstrndx >= shnum) {
            throw new ElfException("section name table index " + shstrndx + " is out of range (" + shnum + " sections)");
        }
        record Raw(int name, int type, long flags, int offset, int size, int link, int info, long entsize) {}
        List<Raw> raws = new ArrayList<>(shnum);
        long nobits = 0;
        for (int i = 0; i < shnum; i++) {
            long h = shoff + (long) i * shentsize;
            int stype = f.s32(h + 4);
            long size = f.u64(h + 32);
            long offset = f.u64(h + 24);
            if (stype != SHT_NOBITS && stype != SHT_NULL && !f.fits(offset, size)) {
                throw new ElfException("section " + i + " extends past the end of the file (offset "
                        + Long.toUnsignedString(offset) + " + size " + Long.toUnsignedString(size) + " > " + data.length + ")");
            }
            if (stype == SHT_NOBITS && Long.compareUnsigned(size, MAX_NOBITS) > 0) {
                throw new ElfException("section " + i + ": " + Long.toUnsignedString(size)
                        + " bytes of zero-initialised data (.bss); jnetkit allows at most " + MAX_NOBITS);
            }
            if (size < 0 || size > Integer.MAX_VALUE || offset < 0 || offset > Integer.MAX_VALUE) {
                throw new ElfException("section " + i + ": size or offset out of range");
            }
            if (stype == SHT_NOBITS) {
                nobits += size;
                if (nobits > MAX_TOTAL_NOBITS) {
                    throw new ElfException("sections up to " + i + " ask for " + nobits
                            + " bytes of zero-initialised data (.bss) in all; jnetkit allows at most " + MAX_TOTAL_NOBITS
                            + " per object");
                }
            }
            raws.add(new Raw((int) f.u32(h), stype, f.u64(h + 8), (int) offset, (int) size, f.s32(h + 40), f.s32(h + 44),
                    f.u64(h + 56)));
        }
        Raw strtab = raws.get(shstrndx);
        if (strtab.type != SHT_STRTAB) {
            throw new ElfException("section name table (section " + shstrndx + ") is not a string table");
        }
        Bytes names = f.slice(strtab.offset, strtab.size, "section name table");
        List<Section> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            Raw r = raws.get(i);
            String name = i == 0 ? "" : names.cString(Integer.toUnsignedLong(r.name));
            sections.add(new Section(i, name, r.type, r.flags, r.offset, r.size, r.link, r.info, r.entsize));
        }
        ElfFile elf = new ElfFile(origin, f, List.copyOf(sections), List.of());
        return new ElfFile(origin, f, elf.sections, elf.readSymbols());
    }

    private List<Symbol> readSymbols() {
        Section symtab = null;
        for (Section s : sections) {
            if (s.type == SHT_SYMTAB) {
                if (symtab != null) throw new ElfException("the object has more than one symbol table");
                symtab = s;
            }
        }
        if (symtab == null) {
            throw new ElfException("the object has no symbol table (was it stripped?)");
        }
        if (symtab.size % 24 != 0) {
            throw new ElfException(symtab.label() + ": size " + symtab.size + " is not a multiple of 24 (ELF64 symbols)");
        }
        Section strSec = section(symtab.link, "symbol table's string table");
        if (strSec.type != SHT_STRTAB) {
            throw new ElfException(symtab.label() + ": linked section " + strSec.index + " is not a string table");
        }
        Bytes strs = contents(strSec);
        Bytes syms = contents(symtab);
        int n = symtab.size / 24;
        List<Symbol> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long o = (long) i * 24;
            int info = syms.u8(o + 4);
            int shndx = syms.u16(o + 6);
            long nameOff = syms.u32(o);
            String name = nameOff == 0 ? "" : strs.cString(nameOff);
            out.add(new Symbol(i, name, info & 0xf, info >>> 4, shndx, syms.u64(o + 8), syms.u64(o + 16)));
        }
        return Collections.unmodifiableList(out);
    }

    Section section(int index, String what) {
        if (index < 0 || index >= sections.size()) {
            throw new ElfException(what + ": section index " + index + " is out of range (" + sections.size() + " sections)");
        }
        return sections.get(index);
    }

    Section section(String name) {
        for (Section s : sections) {
            if (s.name.equals(name)) return s;
        }
        return null;
    }

    /** A section's bytes; NOBITS sections (.bss) read as zeros. */
    Bytes contents(Section s) {
        if (s.type == SHT_NOBITS) {
            return new Bytes(new byte[s.size], s.label());
        }
        return file.slice(s.offset, s.size, s.label());
    }

    Symbol symbol(int index, String what) {
        if (index < 0 || index >= symbols.size()) {
            throw new ElfException(what + ": symbol index " + index + " is out of range (" + symbols.size() + " symbols)");
        }
        return symbols.get(index);
    }

    /** The SHT_REL relocations that apply to section {@code target}. */
    List<Rel> relocations(Section target) {
        List<Rel> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.info != target.index || s.index == 0) continue;
            if (s.type == SHT_RELA) {
                throw new ElfException(s.label() + ": RELA relocations are not used by eBPF objects");
            }
            if (s.type != SHT_REL) continue;
            if (s.size % 16 != 0) {
                throw new ElfException(s.label() + ": size " + s.size + " is not a multiple of 16 (ELF64 Rel entries)");
            }
            Bytes b = contents(s);
            for (int o = 0; o < s.size; o += 16) {
                long info = b.u64(o + 8);
                out.add(new Rel(b.u64(o), (int) (info >>> 32), (int) info));
            }
        }
        return out;
    }
}
