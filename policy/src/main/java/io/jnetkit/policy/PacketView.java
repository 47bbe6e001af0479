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
 *   <li>IPv6: EtherType 0x86DD and at least 14 + 40 bytes. The extension header chain is
 *       walked: hop-by-hop (0), routing (43), destination options (60) (length (n+1)×8),
 *       authentication (51) (length (n+2)×4) and fragment (44) (8 bytes); the protocol is the
 *       first Next Header that is none of these (ESP 50 and No Next Header 59 end the walk, no
 *       ports). At most {@link #MAX_EXT_HEADERS} extension headers, each wholly in the frame and
 *       starting within {@link #MAX_EXT_BYTES} bytes of the end of the fixed header; otherwise the
 *       chain is unparseable: protocol unknown ({@code -1}) and {@link #unreadable()}.</li>
 *   <li>An 802.1Q (0x8100) or 802.1ad (0x88A8) tag in the frame's bytes, at least
 *       {@link #TAGGED_MIN} bytes: not IP, but {@link #unreadable()} — what is behind the tag is
 *       not read, so every deny rule might match it. (Tags a VLAN device puts on a netkit device
 *       are in the skb's metadata, not in the bytes: the frame is IP and matched as such.)</li>
 *   <li>Anything else (ARP, frames cut inside the IP header) is not IP: only rules without any
 *       condition match it.</li>
 *   <li>Non-first fragments (IPv4 fragment offset ≠ 0, IPv6 fragment header with offset ≠ 0)
 *       have no transport header: protocol known, no ports.</li>
 *   <li>The transport header (ports, TCP flags) is visible for TCP and UDP when the whole fixed
 *       header (TCP 20 bytes, UDP 8) is in the frame at 14 + IHL×4 (IPv4) or after the IPv6
 *       chain. A TCP or UDP packet (not a non-first fragment) whose header is not whole there —
 *       cut, a first fragment too short to hold it, IHL &lt; 5 — is {@link #unreadable()}: its
 *       ports and flags are unknown.</li>
 * </ul>
 * Unknown conditions decide for safety: a deny rule whose conditions might hold matches, an
 * allow rule matches only if they surely hold ({@link Rule#matches}).
 *
 * @param family     IP4, IP6, or ANY for a non-IP frame
 * @param protocol   IPv4 protocol / the last IPv6 Next Header (-1 for non-IP and an unparseable
 *                   IPv6 chain)
 * @param src        source address (4 or 16 bytes; empty for non-IP)
 * @param dst        destination address
 * @param hasL4      whether ports and flags are visible
 * @param sport      source port (0 without a transport header)
 * @param dport      destination port
 * @param tcpFlags   TCP flags byte (0 unless TCP with a transport header)
 * @param unreadable whether the transport header (and with protocol -1, the protocol) should be
 *                   there but could not be read
 */
public record PacketView(Family family, int protocol, byte[] src, byte[] dst, boolean hasL4, int sport, int dport,
                         int tcpFlags, boolean unreadable) {
    public static final int ETH_HLEN = 14;
    /** The most IPv6 extension headers walked; one more makes the chain unparseable. */
    public static final int MAX_EXT_HEADERS = 8;
    /** Extension headers must start within this many bytes after the fixed IPv6 header. */
    public static final int MAX_EXT_BYTES = 4096;
    /** The shortest frame with a VLAN tag in its bytes that is treated as tagged (14 + 4 + 20). */
    public static final int TAGGED_MIN = ETH_HLEN + 4 + 20;
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

    private static boolean isIpType(int t) {
        return t == 0x0800 || t == 0x86dd;
    }

    /** Whether an IPv6 extension header number is walked. */
    static boolean isExtension(int nh) {
        return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60;
    }

    /**
     * Decodes a frame that starts at the Ethernet header, whose {@code skb->protocol} is its
     * EtherType (so it is under BPF_PROG_TEST_RUN, and for what the kernel's own stack sends).
     */
    public static PacketView of(byte[] f) {
        return of(f, f.length >= ETH_HLEN ? u16(f, 12) : 0);
    }

    /**
     * Decodes a frame whose {@code skb->protocol} (host byte order) may differ from its
     * EtherType, as a raw socket can make it: a frame of at least 14 + 20 bytes where they
     * differ and either says IPv4 or IPv6 is {@link #unreadable()} like a VLAN-tagged one — the
     * stack takes it by {@code skb->protocol}, the policy cannot know as what.
     */
    public static PacketView of(byte[] f, int skbProtocol) {
        int n = f.length;
        if (n < ETH_HLEN) {
            return nonIp();
        }
        int type = u16(f, 12);
        if (n >= ETH_HLEN + 20 && type != skbProtocol && (isIpType(type) || isIpType(skbProtocol))) {
            return new PacketView(Family.ANY, -1, NONE, NONE, false, 0, 0, 0, true);
        }
        if (type == 0x0800 && n >= ETH_HLEN + 20) {
            int proto = f[ETH_HLEN + 9] & 0xff;
            byte[] s = Arrays.copyOfRange(f, ETH_HLEN + 12, ETH_HLEN + 16);
            byte[] d = Arrays.copyOfRange(f, ETH_HLEN + 16, ETH_HLEN + 20);
            int ihl = f[ETH_HLEN] & 0x0f;
            if ((u16(f, ETH_HLEN + 6) & 0x1fff) != 0 || !hasPorts(proto)) {
                return new PacketView(Family.IP4, proto, s, d, false, 0, 0, 0, false);
            }
            int l4 = ETH_HLEN + ihl * 4;
            return withL4(Family.IP4, proto, s, d, ihl >= 5 && l4Fits(proto, l4, n), f, l4);
        }
        if (type == 0x86dd && n >= ETH_HLEN + 40) {
            int nh = f[ETH_HLEN + 6] & 0xff;
            byte[] s = Arrays.copyOfRange(f, ETH_HLEN + 8, ETH_HLEN + 24);
            byte[] d = Arrays.copyOfRange(f, ETH_HLEN + 24, ETH_HLEN + 40);
            int ext = 0; // bytes of extension headers walked
            for (int i = 0; isExtension(nh); i++) {
                int at = ETH_HLEN + 40 + ext;
                if (i == MAX_EXT_HEADERS || at + 8 > n) {
                    return new PacketView(Family.IP6, -1, s, d, false, 0, 0, 0, true);
                }
                int len = switch (nh) {
                    case 44 -> 8;
                    case 51 -> ((f[at + 1] & 0xff) + 2) * 4;
                    default -> ((f[at + 1] & 0xff) + 1) * 8;
                };
                boolean nonFirst = nh == 44 && (u16(f, at + 2) & 0xfff8) != 0;
                nh = f[at] & 0xff;
                if (nonFirst) {
                    return new PacketView(Family.IP6, nh, s, d, false, 0, 0, 0, false);
                }
                ext += len;
                if (ext > MAX_EXT_BYTES) {
                    return new PacketView(Family.IP6, -1, s, d, false, 0, 0, 0, true);
                }
            }
            if (!hasPorts(nh)) {
                return new PacketView(Family.IP6, nh, s, d, false, 0, 0, 0, false);
            }
            int l4 = ETH_HLEN + 40 + ext;
            return withL4(Family.IP6, nh, s, d, l4Fits(nh, l4, n), f, l4);
        }
        if ((type == 0x8100 || type == 0x88a8) && n >= TAGGED_MIN) {
            return new PacketView(Family.ANY, -1, NONE, NONE, false, 0, 0, 0, true);
        }
        return nonIp();
    }

    private static PacketView nonIp() {
        return new PacketView(Family.ANY, -1, NONE, NONE, false, 0, 0, 0, false);
    }

    private static boolean hasPorts(int proto) {
        return proto == 6 || proto == 17;
    }

    private static boolean l4Fits(int proto, int l4, int n) {
        return proto == 6 ? l4 + 20 <= n : proto == 17 && l4 + 8 <= n;
    }

    /** A TCP or UDP packet: its ports if the header is whole, else unreadable. */
    private static PacketView withL4(Family fam, int proto, byte[] s, byte[] d, boolean has, byte[] f, int l4) {
        if (!has) {
            return new PacketView(fam, proto, s, d, false, 0, 0, 0, true);
        }
        return new PacketView(fam, proto, s, d, true, u16(f, l4), u16(f, l4 + 2), proto == 6 ? f[l4 + 13] & 0xff : 0,
                false);
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketView p && family == p.family && protocol == p.protocol && Arrays.equals(src, p.src)
                && Arrays.equals(dst, p.dst) && hasL4 == p.hasL4 && sport == p.sport && dport == p.dport
                && tcpFlags == p.tcpFlags && unreadable == p.unreadable;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(family, protocol, Arrays.hashCode(src), Arrays.hashCode(dst), hasL4, sport, dport,
                tcpFlags, unreadable);
    }

    @Override
    public String toString() {
        if (!isIp()) {
            return unreadable ? "PacketView[tagged or skb->protocol mismatch, unreadable]" : "PacketView[non-IP]";
        }
        return "PacketView[" + family.word() + " proto " + (protocol < 0 ? "unknown" : protocol) + " " + Cidr.format(src) + " > "
                + Cidr.format(dst) + (hasL4 ? " ports " + sport + " > " + dport + " flags 0x"
                + Integer.toHexString(tcpFlags) : unreadable ? " L4 unreadable" : " no L4") + "]";
    }
}
