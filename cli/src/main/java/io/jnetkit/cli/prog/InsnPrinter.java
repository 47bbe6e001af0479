package io.jnetkit.cli.prog;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns raw eBPF instructions into lines for {@code prog dump}. Today: {@link #HEX}, one 8-byte
 * slot per line with its index. The seam for the asm module's disassembler: implement this with
 * {@code io.jnetkit.asm.Disassembler} (text in llvm-objdump syntax, an ld_imm64 on one line) and
 * make {@link #DEFAULT} point at it; ProgDump needs no other change.
 */
public interface InsnPrinter {
    /** One entry per printed line; {@code index} is the slot of the line's first instruction. */
    record Line(int index, String hex, String text) {}

    List<Line> print(byte[] insns);

    InsnPrinter HEX = insns -> {
        List<Line> out = new ArrayList<>(insns.length / 8);
        HexFormat spaced = HexFormat.ofDelimiter(" ");
        for (int i = 0; i + 8 <= insns.length; i += 8) {
            out.add(new Line(i / 8, HexFormat.of().formatHex(insns, i, i + 8), spaced.formatHex(insns, i, i + 8)));
        }
        return out;
    };

    InsnPrinter DEFAULT = HEX;
}
