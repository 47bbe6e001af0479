package io.jnetkit.asm;

import java.util.Objects;

/**
 * A symbolic map reference: the {@code ld_imm64} at {@code slot} loads the map called
 * {@code name} (kind {@link Kind#FD}) or the address of its value plus the instruction's second
 * immediate (kind {@link Kind#VALUE}). The loader puts the map's file descriptor into the
 * instruction's {@code imm} before loading (see {@link Instructions#resolve(Resolver)}).
 */
public record MapRef(int slot, String name, Kind kind) implements Reference {
    /** What the {@code ld_imm64} loads. */
    public enum Kind {
        /** The map itself, {@code BPF_PSEUDO_MAP_FD} (src 1). */
        FD(Opcodes.PSEUDO_MAP_FD),
        /** The address of its value, {@code BPF_PSEUDO_MAP_VALUE} (src 2). */
        VALUE(Opcodes.PSEUDO_MAP_VALUE);

        private final int pseudo;

        Kind(int pseudo) {
            this.pseudo = pseudo;
        }

        /** The {@code src_reg} value of the {@code ld_imm64}. */
        public int pseudo() {
            return pseudo;
        }
    }

    public MapRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (slot < 0) {
            throw new AsmException("map reference '" + name + "' at negative slot " + slot);
        }
        if (!Asm.isValidSymbol(name)) {
            throw new AsmException("invalid map name '" + name + "': use letters, digits, '_' and '.', not starting with a digit");
        }
    }

    @Override
    public MapRef atSlot(int newSlot) {
        return new MapRef(newSlot, name, kind);
    }

    @Override
    public String mismatch(Insn at) {
        return at.isWide() && at.src() == kind.pseudo() ? null
                : "map reference '" + name + "' at slot " + slot + " does not point at an ld_imm64 of a map "
                        + (kind == Kind.FD ? "fd" : "value") + " (found " + at + ")";
    }
}
