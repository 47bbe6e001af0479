package io.jnetkit.cli;

import io.jnetkit.netns.NetNs;
import io.jnetkit.net.IpFamily;

/** The options every command inherits: {@code -n/--netns}, {@code -4/-6}, {@code --json}, {@code --debug}. */
public final class Global {
    private Global() {}

    static volatile String netns;
    static volatile boolean json;
    static volatile boolean debug;
    static volatile boolean noFollow;
    static volatile IpFamily family;
    static volatile boolean brief;
    static volatile boolean stats;
    static volatile boolean details;

    /** {@code -d}: details (link show: kind, netkit data, limits), like ip -d. */
    public static boolean details() { return details; }

    /** {@code -br}: one line per device (link show, addr show), like ip -br. */
    public static boolean brief() { return brief; }

    /** {@code -s}: statistics (link show), like ip -s. */
    public static boolean stats() { return stats; }

    public static boolean json() { return json; }

    public static boolean debug() { return debug; }

    /** {@code --no-follow}: hook commands must not follow a netkit peer to its primary in another namespace. */
    public static boolean noFollow() { return noFollow; }
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
        noFollow = false;
        family = null;
        brief = false;
        stats = false;
        details = false;
    }
}
