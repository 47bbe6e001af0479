package io.jnetkit.asm;

/**
 * A symbolic reference carried by one instruction until load time: the instruction at
 * {@link #slot()} names something by {@link #name()} that only the loader (or the linker) can turn
 * into a number. cilium/ebpf keeps the same idea as a reference in each instruction's metadata.
 *
 * <ul>
 *   <li>{@link MapRef}: an {@code ld_imm64} of a map or of an address in its value, resolved to the
 *       map's fd by {@link Instructions#resolve(Resolver)};</li>
 *   <li>{@link FuncRef}: a bpf-to-bpf call of, or an {@code ld_imm64} of the address of (a
 *       callback), a function outside this program, resolved to a pc-relative offset by
 *       {@link Instructions#link(java.util.Map)};</li>
 *   <li>{@link KernelRef}: a kfunc call or an {@code ld_imm64} of a kernel variable ({@code __ksym}),
 *       resolved against the running kernel's BTF by the {@link Resolver}.</li>
 * </ul>
 */
public sealed interface Reference permits MapRef, FuncRef, KernelRef {
    /** The slot of the instruction that carries the reference. */
    int slot();

    /** The map, function or kernel symbol named. */
    String name();

    /** This reference moved to another slot (when the program is laid out inside a larger one). */
    Reference atSlot(int slot);

    /** Why {@code at} cannot carry this reference, or {@code null} when it can. */
    String mismatch(Insn at);
}
