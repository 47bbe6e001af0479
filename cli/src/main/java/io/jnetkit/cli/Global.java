package io.jnetkit.cli;

import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.IpFamily;

/** The options every command inherits: {@code -n/--netns}, {@code -4/-6}, {@code --json}, {@code --debug}. */
public final class Global {
    private Global() {}

    static volatile String netns;
    static volatile boolean json;
    static volatile boolean debug;
    static volatile IpFamily family;

    public static boolean json() { return json; }

    public static boolean debug() { return debug; }

    /** The family chosen with {@code -4} or {@code -6} (as {@code ip -4}), or null for both. */
    public static IpFamily family() { return family; }

    /** The namespace named by {@code -n}, or null for the caller's own. */
    public static String netnsName() { return netns; }

    /** Opens the {@code -n} namespace, or the current one when none was given. Caller closes it. */
    public static NetNs openNetns() {
        return netns == null ? NetNs.current() : NetNs.open(netns);
    }

    static void reset() {
        netns = null;
        json = false;
        debug = false;
        family = null;
    }
}
