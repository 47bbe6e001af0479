package io.jnetkit.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jnetkit.policy.Frames.*;

/**
 * The example policies (each with its clang twin in src/test/c/reference.c, by program name)
 * and the packet table the host tests run through both.
 */
final class Examples {
    private Examples() {
    }

    /** Program name in reference.o → policy text. */
    static final Map<String, String> POLICIES = new LinkedHashMap<>();

    static {
        POLICIES.put("seed", "deny tcp dport 12345; allow any");
        POLICIES.put("mixed", "count deny udp src 10.0.0.0/8 dport 53; allow icmp; "
                + "count allow tcp dport 1000-2000 flags syn,!ack; deny tcp; count default allow");
        POLICIES.put("six", "deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn; allow icmpv6; "
                + "deny ip6 src 2001:db8::/32; allow ip4 dst 192.168.1.7; deny ip4 src 192.168.0.0/16; allow any");
        POLICIES.put("allowlist", "allow tcp dport 22; allow tcp sport 1024-65535 dport 80; allow udp dport 53; "
                + "allow icmp; allow icmpv6; default deny");
        POLICIES.put("flags", "deny tcp flags rst; deny tcp dport 1-1023 flags !ack; count deny udp sport 7; "
                + "allow tcp flags fin,ack; deny src 10.1.2.3; deny dst 10.9.0.0/16; deny ip6 dst ::1");
        POLICIES.put("nonip", "allow ip4; allow ip6 tcp; deny any");
        POLICIES.put("proto", "deny tcp; deny udp dport 53; allow any");
    }

    /** A named frame. */
    record Frame(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private static B nine() {
        B b = ip6();
        for (int i = 0; i < 9; i++) b.ext(60, 8);
        return b;
    }

    /** Frames covering every class of packet the compiler distinguishes. */
    static List<Frame> frames() {
        List<Frame> f = new ArrayList<>();
        f.add(new Frame("tcp4 12345", tcp4(12345)));
        f.add(new Frame("tcp4 12346", tcp4(12346)));
        f.add(new Frame("udp4 12345", ip4().proto(UDP).dport(12345).build()));
        f.add(new Frame("tcp4 12345 options ihl=15", ip4().ihl(15).dport(12345).build()));
        f.add(new Frame("tcp4 12345 options ihl=6", ip4().ihl(6).dport(12345).build()));
        f.add(new Frame("tcp4 12345 ihl=4", ip4().ihl(4).dport(12345).build()));
        f.add(new Frame("tcp4 12345 first fragment", ip4().frag(0, true).dport(12345).build()));
        f.add(new Frame("tcp4 12345 non-first fragment", ip4().frag(185, true).dport(12345).build()));
        f.add(new Frame("tcp4 12345 last fragment", ip4().frag(1, false).dport(12345).build()));
        f.add(new Frame("14 bytes (Ethernet only, IPv4 type)", ip4().cut(14).build()));
        f.add(new Frame("tcp4 cut inside IP", ip4().dport(12345).cut(30).build()));
        f.add(new Frame("tcp4 cut after IP", ip4().dport(12345).cut(34).build()));
        f.add(new Frame("tcp4 cut inside TCP ports", ip4().dport(12345).cut(37).build()));
        f.add(new Frame("tcp4 cut inside TCP after ports", ip4().dport(12345).cut(50).build()));
        f.add(new Frame("tcp4 options cut inside options", ip4().ihl(15).dport(12345).cut(60).build()));
        f.add(new Frame("udp4 cut inside UDP", ip4().proto(UDP).dport(53).cut(40).build()));
        f.add(new Frame("udp4 exactly 8-byte header", ip4().proto(UDP).dport(53).build()));
        f.add(new Frame("tcp6 12345", ip6().dport(12345).build()));
        f.add(new Frame("tcp6 12345 cut inside IPv6", ip6().dport(12345).cut(40).build()));
        f.add(new Frame("tcp6 12345 cut inside TCP", ip6().dport(12345).cut(60).build()));
        f.add(new Frame("tcp6 12345 hop-by-hop first", ip6().nextHeader(0).dport(12345).build()));
        f.add(new Frame("udp6 53", ip6().proto(UDP).dport(53).build()));
        f.add(new Frame("icmp4", ip4().proto(ICMP).build()));
        f.add(new Frame("icmp6", ip6().proto(ICMPV6).build()));
        f.add(new Frame("icmp (proto 1) in IPv6", ip6().proto(ICMP).build()));
        f.add(new Frame("gre4", ip4().proto(47).build()));
        f.add(new Frame("arp", ip4().etherType(0x0806).build()));
        f.add(new Frame("arp, 14 bytes", ip4().etherType(0x0806).cut(14).build()));
        f.add(new Frame("tcp4 ihl=15, 34 bytes", ip4().ihl(15).dport(12345).cut(34).build()));
        f.add(new Frame("vlan", ip4().etherType(0x8100).build()));
        // Ports.
        for (int p : new int[]{1, 22, 53, 80, 999, 1000, 1500, 2000, 2001, 1023, 1024, 65535}) {
            f.add(new Frame("tcp4 dport " + p + " syn", ip4().dport(p).flags(SYN).build()));
            f.add(new Frame("tcp6 fd00:: dport " + p + " syn", ip6().dport(p).flags(SYN).build()));
            f.add(new Frame("udp4 dport " + p, ip4().proto(UDP).dport(p).build()));
        }
        f.add(new Frame("tcp4 sport 1023 dport 80", ip4().ports(1023, 80).build()));
        f.add(new Frame("tcp4 sport 1024 dport 80", ip4().ports(1024, 80).build()));
        f.add(new Frame("tcp4 sport 65535 dport 80", ip4().ports(65535, 80).build()));
        f.add(new Frame("udp4 sport 7", ip4().proto(UDP).ports(7, 9999).build()));
        f.add(new Frame("udp6 sport 7", ip6().proto(UDP).ports(7, 9999).build()));
        // Flags.
        int[][] flagSets = {{SYN}, {SYN | ACK}, {ACK}, {RST}, {RST | ACK}, {FIN | ACK}, {FIN}, {PSH | ACK}, {0}};
        for (int[] fl : flagSets) {
            f.add(new Frame("tcp4 dport 1500 flags 0x" + Integer.toHexString(fl[0]),
                    ip4().dport(1500).flags(fl[0]).build()));
            f.add(new Frame("tcp4 dport 443 flags 0x" + Integer.toHexString(fl[0]),
                    ip4().dport(443).flags(fl[0]).build()));
            f.add(new Frame("tcp6 dport 1500 flags 0x" + Integer.toHexString(fl[0]),
                    ip6().dport(1500).flags(fl[0]).build()));
        }
        // Addresses.
        f.add(new Frame("udp4 from 10.200.0.1 dport 53", ip4().src("10.200.0.1").proto(UDP).dport(53).build()));
        f.add(new Frame("udp4 from 11.0.0.1 dport 53", ip4().src("11.0.0.1").proto(UDP).dport(53).build()));
        f.add(new Frame("udp4 from 9.255.255.255 dport 53", ip4().src("9.255.255.255").proto(UDP).dport(53).build()));
        f.add(new Frame("gre4 from 10.1.2.3", ip4().src("10.1.2.3").proto(47).build()));
        f.add(new Frame("gre4 from 10.1.2.4", ip4().src("10.1.2.4").proto(47).build()));
        f.add(new Frame("gre4 to 10.9.255.1", ip4().dst("10.9.255.1").proto(47).build()));
        f.add(new Frame("gre4 to 10.10.0.1", ip4().dst("10.10.0.1").proto(47).build()));
        f.add(new Frame("tcp4 to 192.168.1.7", ip4().src("192.168.3.3").dst("192.168.1.7").build()));
        f.add(new Frame("tcp4 192.168.3.3 to 192.168.1.8", ip4().src("192.168.3.3").dst("192.168.1.8").build()));
        f.add(new Frame("tcp4 192.169.0.1 to 192.168.1.8", ip4().src("192.169.0.1").dst("192.168.1.8").build()));
        f.add(new Frame("udp6 from 2001:db8::5", ip6().src("2001:db8::5").proto(UDP).build()));
        f.add(new Frame("udp6 from 2001:db9::5", ip6().src("2001:db9::5").proto(UDP).build()));
        f.add(new Frame("tcp6 to fd00:0:0:1::1 dport 1500 syn", ip6().dst("fd00:0:0:1::1").dport(1500).flags(SYN).build()));
        f.add(new Frame("tcp6 to fd00::ffff dport 1500 syn", ip6().dst("fd00::ffff").dport(1500).flags(SYN).build()));
        f.add(new Frame("gre6 to ::1", ip6().dst("::1").proto(47).build()));
        f.add(new Frame("gre6 to ::2", ip6().dst("::2").proto(47).build()));
        f.add(new Frame("tcp6 to ::1 non-TCP ext", ip6().dst("::1").nextHeader(60).build()));
        f.add(new Frame("tcp4 from 10.1.2.3 fragment", ip4().src("10.1.2.3").frag(100, false).build()));
        f.add(new Frame("big tcp4 12345", ip4().dport(12345).payload(1400).build()));
        // Every bypass case's frame (extension headers, fragments, tags, tunnels).
        for (BypassCases.Case c : BypassCases.all()) {
            f.add(new Frame(c.name(), c.frame()));
        }
        for (int p : new int[]{22, 53, 1500, 12345}) {
            f.add(new Frame("tcp6 behind hop-by-hop and AH, dport " + p + " syn",
                    ip6().ext(0, 8).ext(51, 16).dport(p).flags(SYN).build()));
            f.add(new Frame("udp6 behind routing, dport " + p, ip6().ext(43, 24).proto(UDP).dport(p).build()));
            f.add(new Frame("udp6 to ::1 behind 9 headers, sport 7", nine().dst("::1").proto(UDP).ports(7, p).build()));
        }
        return f;
    }
}
