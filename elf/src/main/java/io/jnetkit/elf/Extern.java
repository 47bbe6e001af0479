package io.jnetkit.elf;

/**
 * An extern symbol of an object that the loader fills from the running kernel (libbpf's
 * {@code __ksym} and {@code __kconfig}): undefined in the ELF symbol table, typed by the
 * object's BTF in DATASEC {@code .ksyms} or {@code .kconfig}.
 */
sealed interface Extern {
    /** The C name: the kernel's function or variable name, or the config option. */
    String name();

    /** {@code __weak}: missing from the kernel is not an error (a kfunc call is poisoned, a value is 0). */
    boolean weak();

    /**
     * A kernel function ({@code extern int bpf_x(…) __ksym;}): called with src
     * BPF_PSEUDO_KFUNC_CALL, or its address taken ({@code bpf_ksym_exists}).
     *
     * @param protoId the local FUNC_PROTO's id in the object's BTF, checked against the kernel's
     */
    record Kfunc(String name, boolean weak, int protoId) implements Extern {}

    /**
     * A kernel variable ({@code extern const struct rq runqueues __ksym;}).
     *
     * @param typeId the local VAR's type in the object's BTF, 0 for a typeless one ({@code const void}),
     *               whose address comes from {@code /proc/kallsyms}
     */
    record Ksym(String name, boolean weak, int typeId) implements Extern {
        boolean typeless() {
            return typeId == 0;
        }
    }

    /**
     * A kernel configuration value ({@code extern int CONFIG_HZ __kconfig;}) or
     * {@code LINUX_KERNEL_VERSION}, at {@code offset} of the {@code .kconfig} map.
     */
    record Kconfig(String name, boolean weak, Type type, int size, boolean signed, int offset) implements Extern {}

    /** How libbpf types a {@code __kconfig} extern, which decides the config values it takes. */
    enum Type {
        /** {@code _Bool}: y or n. */
        BOOL,
        /** {@code char}: y, n or m as the letter, or a number that fits. */
        CHAR,
        /** {@code enum libbpf_tristate}: y 1, n 0, m 2. */
        TRISTATE,
        /** An integer of 1, 2, 4 or 8 bytes: numbers only. */
        INT,
        /** {@code char[N]}: a quoted string, cut to N-1 bytes. */
        CHAR_ARRAY
    }
}
