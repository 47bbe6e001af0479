package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;

/**
 * netkit's pair-wide mode ({@code IFLA_NETKIT_MODE}); iproute2 {@code mode l2|l3}. The kernel's
 * default when the attribute is absent is {@link #L3} (value 1, not 0).
 */
public enum NetkitMode {
    /** Ethernet-like: ARP/ND work, random or given MACs. */
    L2(NetkitAbi.NETKIT_L2, "l2"),
    /** The default: IFF_NOARP, all-zero MAC, setting a MAC is EOPNOTSUPP. Frames still carry a 14-byte Ethernet header. */
    L3(NetkitAbi.NETKIT_L3, "l3");

    private final int value;
    private final String word;

    NetkitMode(int value, String word) {
        this.value = value;
        this.word = word;
    }

    /** The kernel's number. */
    public int value() { return value; }

    /** The iproute2 word. */
    public String word() { return word; }

    /** Parses an iproute2 word ({@code l2}, {@code l3}); the error lists the valid ones. */
    public static NetkitMode fromWord(String word) {
        return Words.fromWord(NetkitMode.class, word, NetkitMode::word, "netkit mode");
    }

    /** The constant for a kernel value, or null for one this version does not know. */
    public static NetkitMode fromKernel(int value) {
        return Words.fromValue(NetkitMode.class, value, NetkitMode::value);
    }
}
