package io.jnetkit.elf;

/**
 * An object file jnetkit cannot read: not a little-endian ELF64 eBPF relocatable, truncated,
 * inconsistent, or using a feature the loader does not support. The message names the file
 * (the "origin" given to {@link CollectionSpec#read(byte[], String)}) and what is wrong:
 * {@code read port_filter.o: section 7 (.BTF) extends past the end of the file (offset 4120 + 900 > 4800)}.
 */
public class ElfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ElfException(String message) {
        super(message);
    }

    public ElfException(String message, Throwable cause) {
        super(message, cause);
    }
}
