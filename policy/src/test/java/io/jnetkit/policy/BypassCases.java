package io.jnetkit.policy;

import java.util.ArrayList;
import java.util.List;

import static io.jnetkit.policy.Frames.*;

/**
 * Every way we know for a packet's real transport header to differ from what a policy reads,
 * each with a frame and the verdict it gets (the README's table). The unit test checks the
 * model ({@link Policy#decide}), the host test the compiled program under BPF_PROG_TEST_RUN.
 */
final class BypassCases {
    private BypassCases() {
    }

    static final int NEXT = -1, DROP = 2;
    /** A deny list and an allow list, the two shapes a policy that must not be bypassed takes. */
    static final String DENY_LIST = "deny tcp dport 22; allow any";
    static final String ALLOW_LIST = "allow tcp dport 443; allow udp dport 53; allow icmp; default deny";

    record Case(String name, String policy, byte[] frame, int verdict) {
        @Override
        public String toString() {
            return name + " [" + policy + "] -> " + (verdict == DROP ? "drop" : "next");
        }
    }

    /** TCP to port {@code d} inside IPv4, from 10.0.0.1 to 10.0.0.2 (a tunnel's or ICMP error's payload). */
    static byte[] innerTcp4(int d) {
        return java.util.Arrays.copyOfRange(ip4().dport(d).build(), 14, 14 + 40);
    }

    static byte[] innerTcp6(int d) {
        return java.util.Arrays.copyOfRange(ip6().dport(d).build(), 14, 14 + 60);
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        // IPv6 extension headers: walked.
        c.add(new Case("tcp6 behind hop-by-hop", DENY_LIST, ip6().ext(0, 8).dport(22).build(), DROP));
        c.add(new Case("tcp6 behind routing", DENY_LIST, ip6().ext(43, 24).dport(22).build(), DROP));
        c.add(new Case("tcp6 behind destination options", DENY_LIST, ip6().ext(60, 16).dport(22).build(), DROP));
        c.add(new Case("tcp6 behind AH", DENY_LIST, ip6().ext(51, 24).dport(22).build(), DROP));
        c.add(new Case("tcp6 behind AH, allowed port", ALLOW_LIST, ip6().ext(51, 12).dport(443).build(), NEXT));
        c.add(new Case("tcp6 behind hop-by-hop, other port", DENY_LIST, ip6().ext(0, 8).dport(80).build(), NEXT));
        c.add(new Case("tcp6 behind five headers", DENY_LIST,
                ip6().ext(0, 8).ext(60, 8).ext(43, 16).frag6(0, true).ext(60, 24).dport(22).build(), DROP));
        c.add(new Case("udp6 behind hop-by-hop, allowed port", ALLOW_LIST, ip6().ext(0, 8).proto(UDP).dport(53).build(), NEXT));
        c.add(new Case("tcp6 first fragment", DENY_LIST, ip6().frag6(0, true).dport(22).build(), DROP));
        c.add(new Case("tcp6 atomic fragment", DENY_LIST, ip6().frag6(0, false).dport(22).build(), DROP));
        c.add(new Case("tcp6 non-first fragment, deny list on ports", DENY_LIST, ip6().frag6(100, false).dport(22).build(), NEXT));
        c.add(new Case("tcp6 non-first fragment, deny tcp", "deny tcp; allow any", ip6().frag6(100, true).dport(22).build(), DROP));
        c.add(new Case("tcp6 non-first fragment, allow list", ALLOW_LIST, ip6().frag6(100, false).dport(443).build(), DROP));
        B eight = ip6();
        for (int i = 0; i < PacketView.MAX_EXT_HEADERS; i++) eight.ext(60, 8);
        c.add(new Case("tcp6 behind 8 headers (the most walked)", DENY_LIST, eight.dport(22).build(), DROP));
        c.add(new Case("tcp6 behind 8 headers, other port", DENY_LIST, eight.dport(80).build(), NEXT));
        B nine = ip6();
        for (int i = 0; i <= PacketView.MAX_EXT_HEADERS; i++) nine.ext(60, 8);
        c.add(new Case("tcp6 behind 9 headers: unparseable, deny list", DENY_LIST, nine.dport(80).build(), DROP));
        c.add(new Case("tcp6 behind 9 headers: unparseable, allow list", ALLOW_LIST, nine.dport(443).build(), DROP));
        c.add(new Case("tcp6 behind 9 headers: unparseable, allow any", "deny ip6 src 2001:db8::/32; allow any",
                nine.dport(22).build(), NEXT));
        c.add(new Case("tcp6 behind 9 headers: unparseable, address rule", "deny ip6 dst fd00::2; allow any",
                nine.dport(22).build(), DROP));
        c.add(new Case("truncated hop-by-hop: unparseable, deny list", DENY_LIST, ip6().ext(0, 64).dport(80).cut(54 + 40).build(), DROP));
        c.add(new Case("truncated hop-by-hop: unparseable, allow list", ALLOW_LIST, ip6().ext(0, 64).dport(443).cut(54 + 40).build(), DROP));
        c.add(new Case("hop-by-hop cut inside its first 8 bytes", DENY_LIST, ip6().ext(0, 8).dport(80).cut(58).build(), DROP));
        c.add(new Case("ESP ends the walk, deny list", DENY_LIST, ip6().ext(0, 8).proto(50).build(), NEXT));
        c.add(new Case("ESP ends the walk, allow list", ALLOW_LIST, ip6().proto(50).build(), DROP));
        c.add(new Case("No Next Header ends the walk", DENY_LIST, ip6().ext(60, 8).proto(59).build(), NEXT));
        c.add(new Case("tcp6 first fragment too short for the TCP header, deny list", DENY_LIST,
                ip6().frag6(0, true).dport(80).cut(54 + 8 + 8).build(), DROP));
        c.add(new Case("tcp6 first fragment too short for the TCP header, allow list", ALLOW_LIST,
                ip6().frag6(0, true).dport(443).cut(54 + 8 + 8).build(), DROP));
        c.add(new Case("tcp6 header cut", DENY_LIST, ip6().dport(80).cut(54 + 10).build(), DROP));
        // IPv4.
        c.add(new Case("tcp4 with options (IHL 15)", DENY_LIST, ip4().ihl(15).dport(22).build(), DROP));
        c.add(new Case("tcp4 IHL < 5: unreadable, deny list", DENY_LIST, ip4().ihl(4).dport(80).build(), DROP));
        c.add(new Case("tcp4 IHL < 5: unreadable, allow list", ALLOW_LIST, ip4().ihl(4).dport(443).build(), DROP));
        c.add(new Case("tcp4 first fragment with 8 bytes of TCP, deny list", DENY_LIST,
                ip4().frag(0, true).dport(80).cut(34 + 8).build(), DROP));
        c.add(new Case("tcp4 first fragment with 8 bytes of TCP, allow list", ALLOW_LIST,
                ip4().frag(0, true).dport(443).cut(34 + 8).build(), DROP));
        c.add(new Case("udp4 first fragment with 6 bytes of UDP", "deny udp dport 53; allow any",
                ip4().proto(UDP).frag(0, true).dport(80).cut(34 + 6).build(), DROP));
        c.add(new Case("tcp4 non-first fragment, deny list on ports", DENY_LIST, ip4().frag(1, false).dport(22).build(), NEXT));
        c.add(new Case("tcp4 non-first fragment, deny tcp", "deny tcp; allow any", ip4().frag(1, false).build(), DROP));
        c.add(new Case("tcp4 non-first fragment, allow list", ALLOW_LIST, ip4().frag(1, true).dport(443).build(), DROP));
        c.add(new Case("tcp4 data offset < 5: ports still read", DENY_LIST, ip4().tcpOffset(2).dport(22).build(), DROP));
        c.add(new Case("tcp4 data offset < 5, allow list", ALLOW_LIST, ip4().tcpOffset(0).dport(443).build(), NEXT));
        // Port 0: in no range a rule can write (found by the differential fuzzer, DiffFuzz).
        c.add(new Case("tcp to port 0, deny tcp dport 1-65535", "deny tcp dport 1-65535; allow any",
                ip4().dport(0).build(), NEXT));
        c.add(new Case("udp from port 0, allow udp sport 1-65535", "allow udp sport 1-65535; default deny",
                ip6().proto(UDP).ports(0, 53).build(), DROP));
        c.add(new Case("udp from port 1, allow udp sport 1-65535", "allow udp sport 1-65535; default deny",
                ip6().proto(UDP).ports(1, 53).build(), NEXT));
        // VLAN tags in the frame's bytes.
        c.add(new Case("802.1Q tag in the bytes, deny list", DENY_LIST, ip4().etherType(0x8100).dport(80).build(), DROP));
        c.add(new Case("802.1ad tag in the bytes, deny list", DENY_LIST, ip4().etherType(0x88a8).dport(80).build(), DROP));
        c.add(new Case("802.1Q tag in the bytes, allow list", ALLOW_LIST, ip4().etherType(0x8100).dport(443).build(), DROP));
        c.add(new Case("802.1Q tag in the bytes, allow any", "allow ip4 src 10.0.0.0/8; allow any",
                ip4().etherType(0x8100).build(), NEXT));
        c.add(new Case("802.1Q tag, 37 bytes: not IP", DENY_LIST, ip4().etherType(0x8100).cut(37).build(), NEXT));
        c.add(new Case("802.1Q tag in the bytes, deny rules only for a family allowed before", "allow ip4; deny ip4 tcp dport 22",
                ip4().etherType(0x8100).dport(22).build(), DROP));
        // Tunnels and ICMP errors: the outer header decides.
        c.add(new Case("IPIP carrying tcp 22, deny list", DENY_LIST, ip4().proto(4).inner(innerTcp4(22)).build(), NEXT));
        c.add(new Case("IPIP carrying tcp 443, allow list", ALLOW_LIST, ip4().proto(4).inner(innerTcp4(443)).build(), DROP));
        c.add(new Case("GRE carrying tcp 22, deny list", DENY_LIST, ip4().proto(47).inner(innerTcp4(22)).build(), NEXT));
        c.add(new Case("IPv6-in-IPv6 carrying tcp 22, deny list", DENY_LIST, ip6().proto(41).inner(innerTcp6(22)).build(), NEXT));
        c.add(new Case("IPv6-in-IPv6, allow list", ALLOW_LIST, ip6().proto(41).inner(innerTcp6(443)).build(), DROP));
        c.add(new Case("ICMP error quoting tcp 22, deny list", DENY_LIST, ip4().proto(ICMP).inner(innerTcp4(22)).build(), NEXT));
        c.add(new Case("ICMP error quoting tcp 22, allow list", ALLOW_LIST, ip4().proto(ICMP).inner(innerTcp4(22)).build(), NEXT));
        c.add(new Case("ICMPv6 error quoting tcp 22, deny list", DENY_LIST, ip6().proto(ICMPV6).inner(innerTcp6(22)).build(), NEXT));
        return c;
    }
}
