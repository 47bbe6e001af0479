package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .BTF.ext} section: per code section, {@code bpf_func_info} records (which BTF FUNC
 * starts at which instruction) and {@code bpf_line_info} records (source file, line and column
 * of an instruction). Layout: a header (magic 0xeB9F, version 1, flags, hdr_len, then offset/
 * length pairs for func_info, line_info and — when hdr_len is at least 32 — CO-RE relocations,
 * relative to the header's end);
 * each part is a u32 record size then blocks of {sec_name_off, num_info, records}. In the
 * object, {@code insn_off} counts bytes from the section start; the kernel wants instruction
 * indexes from the program start, so the linker rebases them.
 */
final class BtfExt {
    /** One record: its instruction (byte offset in the section, as in the file) and the raw record bytes. */
    record Rec(long insnOff, byte[] raw) {}

    record Part(int recSize, Map<String, List<Rec>> bySection) {
        List<Rec> of(String section) {
            return bySection.getOrDefault(section, List.of());
        }
    }

    final Part funcInfo;
    final Part lineInfo;
    /** {@code bpf_core_relo} records {insn_off, type_id, access_str_off, kind}; empty before clang 12 or without CO-RE. */
    final Part coreRelo;

    private BtfExt(Part funcInfo, Part lineInfo, Part coreRelo) {
        this.funcInfo = funcInfo;
        this.lineInfo = lineInfo;
        this.coreRelo = coreRelo;
    }

    static final BtfExt EMPTY = new BtfExt(new Part(8, Map.of()), new Part(16, Map.of()), new Part(16, Map.of()));

    /**
     * True when the header announces CO-RE records (hdr_len at least 32 and a non-zero
     * core_relo_len), read without trusting the rest: an object whose records cannot be read
     * must be refused, not loaded with clang's guessed offsets.
     */
    static boolean declaresCoreRelocations(byte[] raw) {
        if (raw.length < 32) return false;
        Bytes b = new Bytes(raw, ".BTF.ext");
        return b.u16(0) == BtfTypes.MAGIC && b.u32(4) >= 32 && b.u32(28) != 0;
    }

    static BtfExt parse(byte[] raw, BtfSpec btf) {
        Bytes b = new Bytes(raw, ".BTF.ext");
        if (raw.length < 24) {
            throw new ElfException(".BTF.ext: " + raw.length + " bytes, shorter than its 24-byte header");
        }
        if (b.u16(0) != BtfTypes.MAGIC) {
            throw new ElfException(".BTF.ext: bad magic 0x" + Integer.toHexString(b.u16(0)));
        }
        int hdrLen = b.u32Checked(4, "hdr_len");
        if (hdrLen < 24) {
            throw new ElfException(".BTF.ext: hdr_len " + hdrLen + " is shorter than 24");
        }
        Part func = part(b, hdrLen, b.u32Checked(8, "func_info_off"), b.u32Checked(12, "func_info_len"), 8,
                "func_info", btf);
        Part line = part(b, hdrLen, b.u32Checked(16, "line_info_off"), b.u32Checked(20, "line_info_len"), 16,
                "line_info", btf);
        // The CO-RE part came later (Linux 5.5's libbpf): a 24-byte header has none.
        Part core = hdrLen < 32 ? new Part(16, Map.of())
                : part(b, hdrLen, b.u32Checked(24, "core_relo_off"), b.u32Checked(28, "core_relo_len"), 16, "core_relo", btf);
        return new BtfExt(func, line, core);
    }

    private static Part part(Bytes b, int hdrLen, int off, int len, int minRec, String what, BtfSpec btf) {
        if (len == 0) {
            return new Part(minRec, Map.of());
        }
        Bytes p = b.slice((long) hdrLen + off, len, ".BTF.ext " + what);
        int recSize = p.u32Checked(0, what + " record size");
        if (recSize < minRec || recSize % 4 != 0 || recSize > 256) {
            throw new ElfException(".BTF.ext: " + what + " record size " + recSize + " is invalid (at least " + minRec + ")");
        }
        Map<String, List<Rec>> out = new HashMap<>();
        long o = 4;
        while (o < len) {
            String sec = btf.string(p.u32(o));
            long n = p.u32(o + 4);
            o += 8;
            if (n * recSize > len - o) {
                throw new ElfException(".BTF.ext: " + what + " for section " + sec + ": " + n + " records do not fit");
            }
            List<Rec> recs = out.computeIfAbsent(sec, k -> new ArrayList<>());
            for (long i = 0; i < n; i++) {
                recs.add(new Rec(p.u32(o), p.bytes(o, recSize)));
                o += recSize;
            }
        }
        return new Part(recSize, out);
    }
}
