package io.jnetkit.cli.attach;

import io.jnetkit.cli.Exit.UsageException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hex bytes as bpftool's users type them: {@code 0a 00 00 00}, {@code 0x0a 0 0 0},
 * {@code 0a000000}, {@code de:ad:be:ef}. Every word is hex (unlike bpftool, which reads
 * bare bytes as decimal unless "hex" is given; a leading "hex" word is accepted and ignored).
 */
public final class Hex {
    private Hex() {}

    /** Parses words of hex; a word of 1 digit is one byte, longer words must have an even number of digits. */
    public static byte[] parse(List<String> words, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> ws = new ArrayList<>(words);
        if (!ws.isEmpty() && ws.getFirst().equals("hex")) {
            ws.removeFirst();
        }
        if (ws.isEmpty()) {
            throw new UsageException(what + ": no bytes given");
        }
        for (String raw : ws) {
            for (String w : raw.split("[,:\\s]+")) {
                if (w.isEmpty()) continue;
                String d = w.startsWith("0x") || w.startsWith("0X") ? w.substring(2) : w;
                if (d.isEmpty() || !d.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new UsageException(what + ": \"" + raw + "\" is not hex");
                }
                if (d.length() == 1) {
                    d = "0" + d;
                } else if (d.length() % 2 != 0) {
                    throw new UsageException(what + ": \"" + raw + "\" has an odd number of hex digits");
                }
                out.writeBytes(HexFormat.of().parseHex(d));
            }
        }
        if (out.size() == 0) {
            throw new UsageException(what + ": no bytes given");
        }
        return out.toByteArray();
    }

    /** One string of hex, spaces and line breaks allowed ({@code --data-hex}). */
    public static byte[] parse(String text, String what) {
        return parse(List.of(text.strip()), what);
    }

    /** {@code 0a 00 00 00}. */
    public static String spaced(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /** bpftool's JSON form: ["0x0a","0x00"]. */
    public static List<String> jsonBytes(byte[] b) {
        List<String> out = new ArrayList<>(b.length);
        for (byte x : b) out.add(String.format("0x%02x", x & 0xff));
        return out;
    }
}
