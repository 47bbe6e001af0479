/**
 * The bpf() syscall: programs, maps, links, BTF, attach points, feature probes
 * ({@code bpftool prog/map/link}).
 *
 * <p>{@code io.jnetkit.bpf.internal} holds the raw {@code bpf(2)} command wrappers; it is
 * exported only to modules that need a command the API does not offer yet.
 */
module io.jnetkit.bpf {
    requires transitive io.jnetkit.abi;
    // ProgramSpec holds the assembler's instruction model (symbolic map/function/kernel references).
    requires transitive io.jnetkit.asm;
    requires io.jnetkit.netns;

    exports io.jnetkit.bpf;
}
