package io.jnetkit.elf;

/**
 * Class path names of the example objects compiled from {@code examples/*.c} during the build
 * (committed copies are used when clang is missing), so that the CLI carries them and needs no
 * clang at run time. Read one with {@link CollectionSpec#readResource}.
 */
public final class Examples {
    private Examples() {}

    /**
     * The seed's filter ({@code examples/port_filter.c}): program {@code port_filter} in section
     * {@code netkit/peer} drops TCP to {@code blocked_port} (a {@code const volatile} in
     * {@code .rodata}, 12345) and returns NEXT otherwise; {@code .bss} counters {@code dropped}
     * and {@code seen}; prints a line to trace_pipe per drop.
     */
    public static final String PORT_FILTER = "/io/jnetkit/elf/examples/port_filter.o";
}
