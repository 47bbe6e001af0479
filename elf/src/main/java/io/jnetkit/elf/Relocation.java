package io.jnetkit.elf;

/**
 * A reference from a program's {@code ld_imm64} instruction to something only known at load
 * time, kept symbolic in the spec: the loader puts the map's fd (BPF_PSEUDO_MAP_FD) or, for
 * global data, the data map's fd and the byte offset (BPF_PSEUDO_MAP_VALUE) into the slots.
 *
 * @param instruction index of the ld_imm64's first slot in the linked program
 * @param kind        what is referenced
 * @param target      the map's name in the spec ({@code flows}, or {@code .bss} for global data)
 * @param offset      for {@link Kind#DATA}, the byte offset of the variable in the section; else 0
 */
public record Relocation(int instruction, Kind kind, String target, long offset) {
    public enum Kind {
        /** A map defined in {@code .maps} or {@code maps}: the slot gets the map's fd. */
        MAP,
        /** A global variable in {@code .data}, {@code .bss} or {@code .rodata*}: map fd plus offset. */
        DATA
    }
}
