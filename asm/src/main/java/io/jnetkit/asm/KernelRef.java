package io.jnetkit.asm;

import java.util.Objects;

/**
 * A reference to a kernel symbol by name: the instruction at {@code slot} calls the kernel function
 * ({@link Kind#KFUNC}, a {@code call}; resolved to src BPF_PSEUDO_KFUNC_CALL with the FUNC's BTF id
 * in {@code imm} and the module BTF's fd_array index in {@code off}, Linux 5.13) or loads the address
 * of a kernel variable or function ({@link Kind#KSYM}, an {@code ld_imm64}; resolved to src
 * BPF_PSEUDO_BTF_ID with the BTF id and the module BTF's fd, Linux 5.10, or to a plain address).
 * Only the loader, which can read the running kernel's BTF, resolves these
 * ({@link Resolver#kernelSymbol}).
 */
public record KernelRef(int slot, String name, Kind kind) implements Reference {
    /** What the instruction does with the symbol. */
    public enum Kind {
        /** {@code call kfunc(NAME)}. */
        KFUNC,
        /** {@code rX = ksym(NAME) ll}. */
        KSYM
    }

    public KernelRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (slot < 0) {
            throw new AsmException("kernel symbol reference '" + name + "' at negative slot " + slot);
        }
        if (!Asm.isValidSymbol(name)) {
            throw new AsmException("invalid kernel symbol name '" + name + "'");
        }
    }

    @Override
    public KernelRef atSlot(int newSlot) {
        return new KernelRef(newSlot, name, kind);
    }

    @Override
    public String mismatch(Insn at) {
        boolean ok = kind == Kind.KFUNC ? at.opcode() == (Opcodes.JMP | Opcodes.CALL) : at.isWide();
        return ok ? null : "kernel symbol reference '" + name + "' at slot " + slot + " does not point at "
                + (kind == Kind.KFUNC ? "a call" : "an ld_imm64") + " (found " + at + ")";
    }
}
