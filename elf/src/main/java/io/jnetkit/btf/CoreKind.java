package io.jnetkit.btf;

/**
 * What a CO-RE relocation asks ({@code enum bpf_core_relo_kind}, uapi {@code linux/bpf.h}): the
 * word is libbpf's, as its messages and {@code bpftool} print it.
 */
public enum CoreKind {
    FIELD_BYTE_OFFSET(0, "byte_off"),
    FIELD_BYTE_SIZE(1, "byte_sz"),
    FIELD_EXISTS(2, "field_exists"),
    FIELD_SIGNED(3, "signed"),
    FIELD_LSHIFT_U64(4, "lshift_u64"),
    FIELD_RSHIFT_U64(5, "rshift_u64"),
    TYPE_ID_LOCAL(6, "local_type_id"),
    TYPE_ID_TARGET(7, "target_type_id"),
    TYPE_EXISTS(8, "type_exists"),
    TYPE_SIZE(9, "type_size"),
    ENUMVAL_EXISTS(10, "enumval_exists"),
    ENUMVAL_VALUE(11, "enumval_value"),
    TYPE_MATCHES(12, "type_matches");

    private final int value;
    private final String word;

    CoreKind(int value, String word) {
        this.value = value;
        this.word = word;
    }

    /** The kernel's number, as in {@code bpf_core_relo.kind}. */
    public int value() {
        return value;
    }

    /** libbpf's name: {@code byte_off}, {@code field_exists}, {@code enumval_value} … */
    public String word() {
        return word;
    }

    public boolean fieldBased() {
        return value <= 5;
    }

    public boolean typeBased() {
        return value >= 6 && value <= 9 || this == TYPE_MATCHES;
    }

    public boolean enumBased() {
        return this == ENUMVAL_EXISTS || this == ENUMVAL_VALUE;
    }

    /** The kind numbered {@code value}, or null when this version does not know it. */
    public static CoreKind of(int value) {
        for (CoreKind k : values()) {
            if (k.value == value) return k;
        }
        return null;
    }
}
