package io.jnetkit.hooks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Device, namespace and program names as bpffs file names. bpffs refuses any name with a dot
 * (EPERM: dots are reserved for the kernel's own {@code maps.debug}/{@code progs.debug}), yet
 * {@code eth0.100} is an ordinary VLAN device and BPF object names may contain dots. Every byte
 * outside {@code [A-Za-z0-9_-]} is written as {@code %XX} (its UTF-8 byte in upper-case hex), so
 * every valid device or namespace name has exactly one pin name and {@link #decode} gives it back.
 */
public final class PinNames {
    private PinNames() {}

    public static String encode(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an empty name has no pin name");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        if (sb.length() > 255) {
            throw new IllegalArgumentException("\"" + name + "\" is too long for a pin name (" + sb.length()
                    + " bytes once encoded; a file name holds 255)");
        }
        return sb.toString();
    }

    /** 0-15 for {@code [0-9A-F]}, else -1: only {@link #encode}'s own (upper-case) escapes are canonical. */
    private static int upperHex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /**
     * The name {@link #encode} made {@code pinName} from; IllegalArgumentException for a malformed
     * or non-canonical one (a lower-case escape, or an escaped byte that needs none), so that a
     * directory listing maps back to exactly one address and {@code encode(decode(x)).equals(x)}.
     */
    public static String decode(String pinName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pinName.length(); i++) {
            char c = pinName.charAt(i);
            if (c == '%') {
                if (i + 2 >= pinName.length()) {
                    throw new IllegalArgumentException("bad escape at the end of pin name \"" + pinName + "\"");
                }
                int hi = upperHex(pinName.charAt(i + 1));
                int lo = upperHex(pinName.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape in pin name \"" + pinName + "\"");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 128) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("pin name \"" + pinName + "\" has an unescaped non-ASCII character");
            }
        }
        String name = out.toString(StandardCharsets.UTF_8);
        if (!encode(name).equals(pinName)) {
            throw new IllegalArgumentException("pin name \"" + pinName + "\" is not in canonical form");
        }
        return name;
    }
}
