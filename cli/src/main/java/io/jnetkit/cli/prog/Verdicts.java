package io.jnetkit.cli.prog;

/** Names of the return values of tcx and netkit programs (TCX_* = NETKIT_*). */
public final class Verdicts {
    private Verdicts() {}

    /** -1 next, 0 pass, 2 drop, 7 redirect; any other value is "other" (netkit drops it, tcx treats it as next). */
    public static String name(int retval) {
        return switch (retval) {
            case -1 -> "next";
            case 0 -> "pass";
            case 2 -> "drop";
            case 7 -> "redirect";
            default -> "other";
        };
    }
}
