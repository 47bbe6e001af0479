package io.jnetkit.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A condition on the TCP flags byte: every flag in {@code set} is set and every flag in
 * {@code clear} is clear; the others do not matter. Written {@code flags syn,!ack} (a new
 * connection's first segment) or {@code flags rst}.
 */
public record TcpFlags(Set<TcpFlag> set, Set<TcpFlag> clear) {
    public TcpFlags {
        set = freeze(set);
        clear = freeze(clear);
        if (set.isEmpty() && clear.isEmpty()) {
            throw new PolicyException("'flags' needs at least one flag");
        }
        for (TcpFlag f : set) {
            if (clear.contains(f)) {
                throw new PolicyException("flag '" + f.word() + "' cannot be both set and clear (!" + f.word() + ")");
            }
        }
    }

    private static Set<TcpFlag> freeze(Set<TcpFlag> s) {
        Objects.requireNonNull(s, "flags");
        return Collections.unmodifiableSet(s.isEmpty() ? EnumSet.noneOf(TcpFlag.class) : EnumSet.copyOf(s));
    }

    /** Flags that must all be set. */
    public static TcpFlags of(TcpFlag... set) {
        return new TcpFlags(Set.of(set), Set.of());
    }

    /** The bits examined: set ∪ clear. */
    public int mask() {
        return bits(set) | bits(clear);
    }

    /** The value the examined bits must have: the set flags. */
    public int value() {
        return bits(set);
    }

    /** Whether a TCP flags byte satisfies the condition. */
    public boolean matches(int flagsByte) {
        return (flagsByte & mask()) == value();
    }

    /** Whether every flags byte matching {@code other} matches this. */
    public boolean covers(TcpFlags other) {
        return other.set.containsAll(set) && other.clear.containsAll(clear);
    }

    private static int bits(Set<TcpFlag> s) {
        int b = 0;
        for (TcpFlag f : s) {
            b |= f.bit();
        }
        return b;
    }

    /** {@code syn,!ack}: flags in header bit order, {@code !} before those that must be clear. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        for (TcpFlag f : TcpFlag.values()) {
            if (set.contains(f)) {
                j.add(f.word());
            } else if (clear.contains(f)) {
                j.add("!" + f.word());
            }
        }
        return j.toString();
    }
}
