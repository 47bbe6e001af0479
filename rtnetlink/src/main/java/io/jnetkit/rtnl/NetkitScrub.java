package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;

/**
 * What netkit clears from an skb crossing namespaces ({@code IFLA_NETKIT_SCRUB}/{@code
 * IFLA_NETKIT_PEER_SCRUB}, Linux 6.13+ and 6.12.y); iproute2 {@code scrub none|default}. Decided
 * by the transmitting device. The kernel's default when absent is {@link #DEFAULT} (value 1).
 */
public enum NetkitScrub {
    /** Keep mark and priority across namespaces. */
    NONE(NetkitAbi.NETKIT_SCRUB_NONE, "none"),
    /** Zero mark and priority when crossing namespaces (before the BPF program runs). */
    DEFAULT(NetkitAbi.NETKIT_SCRUB_DEFAULT, "default");

    private final int value;
    private final String word;

    NetkitScrub(int value, String word) {
        this.value = value;
        this.word = word;
    }

    public int value() { return value; }

    public String word() { return word; }

    /** Parses {@code none} or {@code default}; the error lists the valid words. */
    public static NetkitScrub fromWord(String word) {
        return Words.fromWord(NetkitScrub.class, word, NetkitScrub::word, "netkit scrub");
    }

    /** The constant for a kernel value, or null for one this version does not know. */
    public static NetkitScrub fromKernel(int value) {
        return Words.fromValue(NetkitScrub.class, value, NetkitScrub::value);
    }
}
