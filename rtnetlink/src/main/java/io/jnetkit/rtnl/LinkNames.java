package io.jnetkit.rtnl;

import io.jnetkit.abi.RtnlAbi;

import java.nio.charset.StandardCharsets;

/** The kernel's {@code dev_valid_name} rules, checked before anything is sent. */
final class LinkNames {
    private LinkNames() {}

    /**
     * Throws IllegalArgumentException naming {@code field} (e.g. "link name", "peer name") if the
     * kernel would refuse {@code name}: empty, more than 15 bytes of UTF-8, "." or "..", or a byte
     * that is '/', ':', NUL or whitespace to the kernel — ASCII space, \t \n \v \f \r, and also
     * 0xa0, which the kernel's ctype table counts as a space, so a name with "à" (c3 a0) or a
     * no-break space is refused with a bare EINVAL. Other Unicode is fine: the kernel sees bytes.
     */
    static String check(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("invalid " + field + ": empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // getBytes would silently turn it into '?': a different name than asked for.
                throw new IllegalArgumentException("invalid " + field + " \"" + name
                        + "\": not valid Unicode (a lone surrogate), so it has no UTF-8 form");
            }
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > RtnlAbi.IFNAMSIZ - 1) {
            throw new IllegalArgumentException("invalid " + field + " \"" + name + "\": " + utf8.length
                    + " bytes, the kernel allows at most " + (RtnlAbi.IFNAMSIZ - 1));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid " + field + " \"" + name + "\"");
        }
        for (byte b : utf8) {
            int u = b & 0xff;
            if (u == '/' || u == ':' || u == 0 || u == ' ' || (u >= '\t' && u <= '\r')) {
                throw new IllegalArgumentException("invalid " + field + " \"" + name
                        + "\": must not contain '/', ':', NUL or whitespace");
            }
            if (u == 0xa0) {
                throw new IllegalArgumentException("invalid " + field + " \"" + name
                        + "\": its UTF-8 form has the byte 0xa0, which the kernel counts as whitespace");
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
