package io.jnetkit.bpf;

import java.nio.charset.StandardCharsets;

/** Object names as the kernel accepts them (bpf_obj_name_cpy): ≤ 15 bytes of [A-Za-z0-9_.]. */
final class Names {
    private Names() {}

    static void check(String what, String name) {
        if (name == null) {
            throw new IllegalArgumentException(what + " name is null (use \"\" for no name)");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 15) {
            throw new IllegalArgumentException(what + " name \"" + name + "\" is longer than 15 bytes (BPF_OBJ_NAME_LEN 16 with the NUL)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.');
            if (!ok) {
                throw new IllegalArgumentException(what + " name \"" + name + "\" has '" + c
                        + "': the kernel allows only letters, digits, '_' and '.' (else EINVAL)");
            }
        }
    }

    static String label(String what, String name) {
        return name == null || name.isEmpty() ? what + " (unnamed)" : what + " " + name;
    }
}
