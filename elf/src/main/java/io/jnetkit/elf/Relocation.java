package io.jnetkit.elf;

/**
 * A reference from a program's {@code ld_imm64} instruction (or call) to something only known at
 * load time, as the object file names it: {@link ElfProgram#relocations()} lists its instructions'
 * symbolic references this way ({@link io.jnetkit.asm.MapRef}, {@link io.jnetkit.asm.KernelRef}),
 * and {@link ElfWriter} writes them. The loader resolves the references: the map's fd
 * (BPF_PSEUDO_MAP_FD) or, for global data, the data map's fd with the byte offset
 * (BPF_PSEUDO_MAP_VALUE), kernel symbols ({@code __ksym}, kfunc calls) against the running kernel.
 *
 * @param instruction index of the ld_imm64's first slot (or the call) in the linked program
 * @param kind        what is referenced
 * @param target      the map's name in the spec ({@code flows}, or {@code .bss} for global data), or
 *                    for {@link Kind#KSYM} and {@link Kind#KFUNC} the kernel symbol
 * @param offset      for {@link Kind#DATA}, the byte offset of the variable in the section; else 0
 */
public record Relocation(int instruction, Kind kind, String target, long offset) {
    public enum Kind {
        /** A map defined in {@code .maps} or {@code maps}: the slot gets the map's fd. */
        MAP,
        /**
         * A global variable in {@code .data}, {@code .bss} or {@code .rodata*}, or a {@code __kconfig}
         * extern in {@code .kconfig}: map fd plus offset.
         */
        DATA,
        /**
         * A {@code __ksym} variable's or kfunc's address (ld_imm64), {@code target} its name: the
         * kernel's BTF id (src BPF_PSEUDO_BTF_ID, Linux 5.10; module BTF fd in the second imm), or
         * for a typeless one the address from {@code /proc/kallsyms}.
         */
        KSYM,
        /**
         * A kfunc call ({@code call}, src BPF_PSEUDO_KFUNC_CALL, Linux 5.13), {@code target} its
         * name: the FUNC's BTF id in imm, the module BTF's fd_array index in off.
         */
        KFUNC
    }
}
