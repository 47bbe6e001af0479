package io.jnetkit.net;

import io.jnetkit.sys.internal.Linux;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6: {@code ip -4} / {@code ip -6}. */
public enum IpFamily {
    V4(Linux.AF_INET, 4, 32, "inet"),
    V6(Linux.AF_INET6, 16, 128, "inet6");

    private final int value;
    private final int bytes;
    private final int bits;
    private final String word;

    IpFamily(int value, int bytes, int bits, String word) {
        this.value = value;
        this.bytes = bytes;
        this.bits = bits;
        this.word = word;
    }

    /** AF_INET or AF_INET6. */
    public int value() { return value; }

    /** Address length in bytes. */
    public int bytes() { return bytes; }

    /** Address length in bits: the largest prefix length. */
    public int bits() { return bits; }

    /** iproute2's word ({@code inet}, {@code inet6}). */
    public String word() { return word; }

    public static IpFamily of(InetAddress a) {
        return a instanceof Inet4Address ? V4 : V6;
    }

    /** The family for AF_INET/AF_INET6, else null. */
    public static IpFamily fromKernel(int af) {
        return af == Linux.AF_INET ? V4 : af == Linux.AF_INET6 ? V6 : null;
    }
}
