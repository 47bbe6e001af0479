package io.jnetkit.asm;

import java.util.Objects;

/**
 * A reference to a BPF function by symbol: the instruction at {@code slot} calls it
 * ({@link Kind#CALL}, {@code call} with src BPF_PSEUDO_CALL) or loads its address for a helper that
 * takes a callback ({@link Kind#ADDRESS}, {@code ld_imm64} with src BPF_PSEUDO_FUNC, e.g. for
 * {@code bpf_loop}). {@link Instructions#link(java.util.Map)} appends the function and puts the
 * pc-relative offset into the instruction's {@code imm}.
 */
public record FuncRef(int slot, String name, Kind kind) implements Reference {
    /** What the instruction does with the function. */
    public enum Kind {
        /** {@code call NAME}: a bpf-to-bpf call. */
        CALL,
        /** {@code rX = func(NAME) ll}: the function's address, for a callback. */
        ADDRESS
    }

    public FuncRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (slot < 0) {
            throw new AsmException("function reference '" + name + "' at negative slot " + slot);
        }
        if (!Asm.isValidSymbol(name)) {
            throw new AsmException("invalid function name '" + name + "'");
        }
    }

    @Override
    public FuncRef atSlot(int newSlot) {
        return new FuncRef(newSlot, name, kind);
    }

    @Override
    public String mismatch(Insn at) {
        boolean ok = kind == Kind.CALL ? at.isLocalCall() : at.isWide() && at.src() == Opcodes.PSEUDO_FUNC;
        return ok ? null : "function reference '" + name + "' at slot " + slot + " does not point at "
                + (kind == Kind.CALL ? "a bpf-to-bpf call" : "an ld_imm64 of a function") + " (found " + at + ")";
    }
}
