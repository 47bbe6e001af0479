package io.jnetkit.rtnl;

import io.jnetkit.abi.RtnlAbi;

import java.nio.charset.StandardCharsets;

/** The kernel's {@code dev_valid_name} rules, checked before anything is sent. */
final class LinkNames {
    private LinkNames() {}

    /** Throws IllegalArgumentException naming {@code field} (e.g. "link name", "peer name") if invalid. */
    static String check(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("invalid " + field + ": empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > RtnlAbi.IFNAMSIZ - 1) {
            throw new IllegalArgumentException("invalid " + field + " \"" + name + "\": " + bytes
                    + " bytes, the kernel allows at most " + (RtnlAbi.IFNAMSIZ - 1));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid " + field + " \"" + name + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == 0 || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("invalid " + field + " \"" + name
                        + "\": must not contain '/', ':', NUL or whitespace");
            }
        }
        return name;
    }

    static String checkOptional(String field, String name) {
        return name == null ? null : check(field, name);
    }

    static Integer positive(String field, Integer v) {
        if (v != null && v <= 0) {
            throw new IllegalArgumentException("invalid " + field + " " + v + ": must be positive");
        }
        return v;
    }

    static Integer u16(String field, Integer v) {
        if (v != null && (v < 0 || v > 0xffff)) {
            throw new IllegalArgumentException("invalid " + field + " " + v + ": must be 0..65535");
        }
        return v;
    }
}
