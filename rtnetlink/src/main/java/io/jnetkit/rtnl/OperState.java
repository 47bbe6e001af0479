package io.jnetkit.rtnl;

/** RFC 2863 operational state ({@code IFLA_OPERSTATE}), as {@code ip link} prints it ({@code state UP}). */
public enum OperState {
    UNKNOWN(0), NOTPRESENT(1), DOWN(2), LOWERLAYERDOWN(3), TESTING(4), DORMANT(5), UP(6);

    private final int value;

    OperState(int value) {
        this.value = value;
    }

    public int value() { return value; }

    /** The constant for a kernel value, or null for one this version does not know. */
    public static OperState fromKernel(int value) {
        return Words.fromValue(OperState.class, value, OperState::value);
    }
}
