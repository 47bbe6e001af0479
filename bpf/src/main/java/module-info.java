/**
 * The bpf() syscall: programs, maps, links, BTF, attach points, feature probes
 * ({@code bpftool prog/map/link}).
 *
 * <p>{@code io.jnetkit.bpf.internal} holds the raw {@code bpf(2)} command wrappers; it is
 * not exported: everything a front end needs is in the public API.
 */
module io.jnetkit.bpf {
    requires transitive io.jnetkit.abi;
    // ProgramSpec holds the assembler's instruction model (symbolic map/function/kernel references).
    requires transitive io.jnetkit.asm;
    requires io.jnetkit.netns;

    exports io.jnetkit.bpf;
}
