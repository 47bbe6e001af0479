package io.jnetkit.elf;

import io.jnetkit.bpf.Bytecode;

import java.nio.file.Path;
import java.util.List;

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

    /**
     * Writes the smallest useful object to {@code path}: one program {@code allow_all} in section
     * {@code tc} that returns -1 (TC_NEXT / NETKIT_NEXT: the next program, then the hook's
     * default, decides). For trying a hook without clang.
     */
    public static Path writeAllowAll(Path path) {
        new ElfWriter().program("allow_all", "tc", Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, -1),
                Bytecode.encode(0x95, 0, 0, 0, 0)), List.of()).write(path);
        return path;
    }

    /**
     * Writes an object the verifier refuses to {@code path}: one program {@code bad_prog} in
     * section {@code tc} that exits without setting R0 ("R0 !read_ok"). For showing what a refused
     * program does to a hook (nothing passes a filtered pod's side).
     */
    public static Path writeVerifierRefused(Path path) {
        new ElfWriter().program("bad_prog", "tc", Bytecode.of(Bytecode.encode(0x95, 0, 0, 0, 0)),
                List.of()).write(path);
        return path;
    }
}
