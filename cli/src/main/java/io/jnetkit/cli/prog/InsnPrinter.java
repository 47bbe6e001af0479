package io.jnetkit.cli.prog;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns raw eBPF instructions into lines for {@code prog dump}: {@link #HEX}, one 8-byte slot per
 * line ({@code --raw-hex}), or {@link Disassembly}, one instruction per line in llvm-objdump's
 * syntax through {@code io.jnetkit.asm.Disassembler} (an {@code ld_imm64} on one line).
 */
public interface InsnPrinter {
    /**
     * One entry per printed line.
     *
     * @param index the slot of the line's first instruction
     * @param hex   the line's bytes in hex (16 bytes for an {@code ld_imm64} in a disassembly)
     * @param text  what is printed: spaced hex bytes, or the instruction's assembly text
     */
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

    /** Instructions as in an object file: helper calls carry the helper's id. */
    InsnPrinter DEFAULT = Disassembly.RAW;
}
