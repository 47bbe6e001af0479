package io.jnetkit.cli;

import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;

/** Opens what a command needs in the {@code -n} namespace and closes it all together. */
public final class Kernel implements AutoCloseable {
    private final NetNs netns;
    private final Rtnl rtnl;

    private Kernel(NetNs netns, Rtnl rtnl) {
        this.netns = netns;
        this.rtnl = rtnl;
    }

    /** An rtnetlink handle inside the {@code -n} namespace (or the caller's). */
    public static Kernel open() {
        NetNs ns = Global.openNetns();
        try {
            return new Kernel(ns, Rtnl.open(ns));
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public Rtnl rtnl() { return rtnl; }

    public NetNs netns() { return netns; }

    @Override
    public void close() {
        try {
            rtnl.close();
        } finally {
            netns.close();
        }
    }
}
