package io.jnetkit.elf;

/**
 * A global variable of the object (a symbol in {@code .data}, {@code .bss} or {@code .rodata*}).
 * Its value lives in a single-element array map named after the section; set it before load with
 * {@link CollectionSpec#setVariable}, read or write it after load with {@link BpfCollection#variable}.
 *
 * @param name    the C name; {@code static} variables inside functions appear as {@code func.name}
 * @param section {@code .data}, {@code .bss}, {@code .rodata}, …
 * @param offset  byte offset in the section
 * @param size    size in bytes
 */
public record Variable(String name, String section, int offset, int size) {
    /** True for variables in {@code .rodata*}: constant for the program, frozen after load. */
    public boolean readOnly() {
        return section.startsWith(".rodata");
    }
}
