package io.jnetkit.asm;

import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What {@link Instructions#resolve(Resolver)} asks at load time: the file descriptor of each map
 * named by a {@link MapRef}, and the instruction that replaces each {@link KernelRef}. Function
 * references are not resolved here but by {@link Instructions#link(java.util.Map)}, which needs no
 * kernel.
 */
@FunctionalInterface
public interface Resolver {
    /** The fd of the map called {@code name}, or empty when there is no such map. */
    OptionalInt mapFd(String name);

    /**
     * The instruction that replaces {@code original}, which carries {@code ref}: a kfunc call with
     * its BTF id and fd_array index, an {@code ld_imm64} of a BTF id or an address, or whatever the
     * loader puts there for a symbol the kernel lacks. It must take as many slots as the original.
     * By default a kernel reference cannot be resolved.
     *
     * @throws AsmException (or any runtime exception of the loader) when the symbol cannot be resolved
     */
    default Insn kernelSymbol(KernelRef ref, Insn original) {
        throw new AsmException("no kernel symbols to resolve " + (ref.kind() == KernelRef.Kind.KFUNC ? "kfunc " : "__ksym ")
                + ref.name() + " (the instruction at slot " + ref.slot() + ")");
    }

    /**
     * After resolving: the fd_array {@code BPF_PROG_LOAD} needs for the kfunc calls this resolver
     * gave a module BTF index ({@code off}): BTF fds by index, slot 0 unused; or null for none.
     */
    default int[] fdArray() {
        return null;
    }

    /** A resolver of map references only: {@code fdOf} gives a map's fd, or null when there is no such map. */
    static Resolver ofMaps(Function<String, Integer> fdOf) {
        return name -> {
            Integer fd = fdOf.apply(name);
            return fd == null ? OptionalInt.empty() : OptionalInt.of(fd);
        };
    }
}
