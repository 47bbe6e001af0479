package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;

/**
 * A netkit device's default verdict when no BPF program is attached
 * ({@code IFLA_NETKIT_POLICY}/{@code IFLA_NETKIT_PEER_POLICY}); iproute2 {@code forward|blackhole}.
 * The kernel accepts only these two values (anything else is EINVAL); default {@link #FORWARD}.
 */
public enum NetkitPolicy {
    FORWARD(NetkitAbi.NETKIT_PASS, "forward"),
    BLACKHOLE(NetkitAbi.NETKIT_DROP, "blackhole");

    private final int value;
    private final String word;

    NetkitPolicy(int value, String word) {
        this.value = value;
        this.word = word;
    }

    public int value() { return value; }

    public String word() { return word; }

    /** Parses {@code forward} or {@code blackhole}; the error lists the valid words. */
    public static NetkitPolicy fromWord(String word) {
        return Words.fromWord(NetkitPolicy.class, word, NetkitPolicy::word, "netkit policy");
    }

    /** The constant for a kernel value, or null for one this version does not know. */
    public static NetkitPolicy fromKernel(int value) {
        return Words.fromValue(NetkitPolicy.class, value, NetkitPolicy::value);
    }
}
