package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.util.Arrays;

/**
 * What a policy sees of an Ethernet frame — the decoding the compiled program performs, in
 * Java, so that tests and tools can predict its verdicts ({@link Policy#decide}).
 *
 * <ul>
 *   <li>IPv4: EtherType 0x0800 and at least 14 + 20 bytes. The IP version nibble is not
 *       checked (the EtherType decides).</li>
 *   <li>IPv6: EtherType 0x86DD and at least 14 + 40 bytes. Extension headers are not walked:
 *       the protocol is the fixed header's Next Header.</li>
 *   <li>Anything else (ARP, VLAN tags, frames cut inside the IP header) is not IP: only rules
 *       without any condition match it.</li>
 *   <li>The transport header (ports, TCP flags) is visible for TCP and UDP only, when the whole
 *       fixed header (TCP 20 bytes, UDP 8) is in the frame at 14 + IHL×4 (IPv4, IHL ≥ 5, not a
 *       non-first fragment: fragment offset 0) or at 14 + 40 (IPv6).</li>
 * </ul>
 *
 * @param family   IP4, IP6, or ANY for a non-IP frame
 * @param protocol IPv4 protocol / IPv6 next header (-1 for non-IP)
 * @param src      source address (4 or 16 bytes; empty for non-IP)
 * @param dst      destination address
 * @param hasL4    whether ports and flags are visible
 * @param sport    source port (0 without a transport header)
 * @param dport    destination port
 * @param tcpFlags TCP flags byte (0 unless TCP with a transport header)
 */
public record PacketView(Family family, int protocol, byte[] src, byte[] dst, boolean hasL4, int sport, int dport,
                         int tcpFlags) {
    public static final int ETH_HLEN = 14;
    private static final byte[] NONE = new byte[0];

    public PacketView {
        src = src.clone();
        dst = dst.clone();
    }

    @Override
    public byte[] src() {
        return src.clone();
    }

    @Override
    public byte[] dst() {
        return dst.clone();
    }

    /** Whether the frame is IPv4 or IPv6 as defined above. */
    public boolean isIp() {
        return family != Family.ANY;
    }

    /** Decodes a frame that starts at the Ethernet header. */
    public static PacketView of(byte[] f) {
        int n = f.length;
        if (n < ETH_HLEN) {
            return nonIp();
        }
        int type = u16(f, 12);
        if (type == 0x0800 && n >= ETH_HLEN + 20) {
            int proto = f[ETH_HLEN + 9] & 0xff;
            byte[] s = Arrays.copyOfRange(f, ETH_HLEN + 12, ETH_HLEN + 16);
            byte[] d = Arrays.copyOfRange(f, ETH_HLEN + 16, ETH_HLEN + 20);
            int ihl = f[ETH_HLEN] & 0x0f;
            boolean firstFragment = (u16(f, ETH_HLEN + 6) & 0x1fff) == 0;
            int l4 = ETH_HLEN + ihl * 4;
            boolean has = ihl >= 5 && firstFragment && l4Fits(proto, l4, n);
            return withL4(Family.IP4, proto, s, d, has, f, l4);
        }
        if (type == 0x86dd && n >= ETH_HLEN + 40) {
            int proto = f[ETH_HLEN + 6] & 0xff;
            byte[] s = Arrays.copyOfRange(f, ETH_HLEN + 8, ETH_HLEN + 24);
            byte[] d = Arrays.copyOfRange(f, ETH_HLEN + 24, ETH_HLEN + 40);
            int l4 = ETH_HLEN + 40;
            return withL4(Family.IP6, proto, s, d, l4Fits(proto, l4, n), f, l4);
        }
        return nonIp();
    }

    private static PacketView nonIp() {
        return new PacketView(Family.ANY, -1, NONE, NONE, false, 0, 0, 0);
    }

    private static boolean l4Fits(int proto, int l4, int n) {
        return proto == 6 ? l4 + 20 <= n : proto == 17 && l4 + 8 <= n;
    }

    private static PacketView withL4(Family fam, int proto, byte[] s, byte[] d, boolean has, byte[] f, int l4) {
        if (!has) {
            return new PacketView(fam, proto, s, d, false, 0, 0, 0);
        }
        return new PacketView(fam, proto, s, d, true, u16(f, l4), u16(f, l4 + 2), proto == 6 ? f[l4 + 13] & 0xff : 0);
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketView p && family == p.family && protocol == p.protocol && Arrays.equals(src, p.src)
                && Arrays.equals(dst, p.dst) && hasL4 == p.hasL4 && sport == p.sport && dport == p.dport
                && tcpFlags == p.tcpFlags;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(family, protocol, Arrays.hashCode(src), Arrays.hashCode(dst), hasL4, sport, dport,
                tcpFlags);
    }

    @Override
    public String toString() {
        if (!isIp()) {
            return "PacketView[non-IP]";
        }
        return "PacketView[" + family.word() + " proto " + protocol + " " + Cidr.format(src) + " > "
                + Cidr.format(dst) + (hasL4 ? " ports " + sport + " > " + dport + " flags 0x"
                + Integer.toHexString(tcpFlags) : " no L4") + "]";
    }
}
