package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The differential fuzzer's frames reach every case of the bypass table, and the policy's edges. */
class FrameGrammarTest {
    @Test
    void framesReachTheInterestingCases() {
        Policy policy = Policy.parse("deny tcp src 10.0.0.0/8 dport 1000-2000 flags syn,!ack; allow ip6 udp dst fd00::/64; "
                + "allow icmp; default deny");
        FrameGrammar g = new FrameGrammar(new Random(1), policy);
        Map<String, Integer> seen = new TreeMap<>();
        Cidr ten = Cidr.parse("10.0.0.0/8");
        for (int i = 0; i < 20_000; i++) {
            byte[] f = g.frame();
            assertTrue(f.length >= 14 && f.length <= FrameGrammar.MAX_FRAME, f.length + " bytes");
            PacketView v = PacketView.of(f);
            int type = (f[12] & 0xff) << 8 | f[13] & 0xff;
            if (type == 0x88a8) count(seen, "802.1ad");
            if (!v.isIp()) {
                count(seen, v.unreadable() ? "tagged" : "not IP");
                continue;
            }
            count(seen, v.family() + (v.hasL4() ? " ports" : v.unreadable() ? " unreadable" : " no ports"));
            if (v.family() == Family.IP4) {
                int ihl = f[14] & 0xf, frag = (f[20] & 0xff) << 8 | f[21] & 0xff;
                if (ihl > 5 && v.hasL4()) count(seen, "ip4 options");
                if (ihl < 5 && v.unreadable()) count(seen, "ip4 IHL < 5");
                if ((frag & 0x1fff) != 0) count(seen, "ip4 non-first fragment");
                if ((frag & 0x1fff) == 0x1000) count(seen, "ip4 fragment offset 4096");
                if ((frag & 0x3fff) == 0x2000 && ihl >= 5 && v.unreadable()) count(seen, "ip4 first fragment too short");
                if ((f[14] & 0xf0) != 0x40) count(seen, "ip4 wrong version nibble");
                count(seen, (ten.contains(v.src()) ? "src in " : "src out of ") + "10.0.0.0/8");
            } else {
                int nh = f[14 + 6] & 0xff;
                if (PacketView.isExtension(nh)) {
                    count(seen, "ip6 extension headers, " + (v.protocol() < 0 ? "unparseable" : v.hasL4() ? "ports" : "no ports"));
                }
                if (pastWalkBytes(f)) count(seen, "ip6 chain past 4096 bytes");
                int walked = walkedBytes(f);
                if (walked > PacketView.MAX_EXT_BYTES - 16 && walked <= PacketView.MAX_EXT_BYTES) {
                    count(seen, "ip6 chain just within 4096 bytes");
                }
                if (walked > PacketView.MAX_EXT_BYTES && walked <= PacketView.MAX_EXT_BYTES + 8) {
                    count(seen, "ip6 chain just past 4096 bytes");
                }
                if (nh == 44 && f.length >= 62 && ((f[56] & 0xff) << 8 | f[57] & 0xff & 0xf8) != 0) count(seen, "ip6 non-first fragment");
            }
            if (v.protocol() == 4 || v.protocol() == 41 || v.protocol() == 47) count(seen, "tunnel");
            if (v.protocol() == 50 || v.protocol() == 59) count(seen, "ESP or no next header");
            if (v.protocol() == 6 && v.unreadable()) count(seen, "tcp unreadable");
            if (v.hasL4() && v.protocol() == 6) {
                switch (v.dport()) {
                    case 999, 1000, 2000, 2001 -> count(seen, "dport " + v.dport());
                    default -> { }
                }
                if ((v.tcpFlags() & 0x12) == 0x02) count(seen, "flags syn,!ack");
            }
        }
        System.out.println("frames: " + seen);
        for (String k : new String[]{"not IP", "tagged", "IP4 ports", "IP4 unreadable", "IP4 no ports", "IP6 ports",
                "IP6 unreadable", "IP6 no ports", "ip4 options", "ip4 IHL < 5", "ip4 non-first fragment",
                "ip4 first fragment too short", "ip4 wrong version nibble", "src in 10.0.0.0/8", "src out of 10.0.0.0/8",
                "ip6 extension headers, unparseable", "ip6 extension headers, ports", "ip6 extension headers, no ports",
                "ip6 non-first fragment", "ip6 chain past 4096 bytes", "ip6 chain just within 4096 bytes",
                "ip6 chain just past 4096 bytes", "ip4 fragment offset 4096", "tunnel", "ESP or no next header", "tcp unreadable", "dport 999", "dport 1000",
                "dport 2000", "dport 2001", "flags syn,!ack", "802.1ad"}) {
            assertTrue(seen.getOrDefault(k, 0) >= 10, "too few frames: " + k + " in " + seen);
        }
    }

    @Test
    void policiesUseEveryKeyword() {
        PolicyGrammar g = new PolicyGrammar(new Random(2));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            Policy p = g.policy();
            assertEquals(p, Policy.parse(p.toString()));
            all.append(p).append('\n');
        }
        String text = all.toString();
        for (String w : new String[]{"count ", "allow ", "deny ", "ip4 ", "ip6 ", "tcp", "udp", "icmp ", "icmpv6", " any",
                "src ", "dst ", "sport ", "dport ", "flags ", "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "!",
                "default deny", "count default", "/0", "/8", "/64", "65535", "-"}) {
            assertTrue(text.contains(w), "no policy has '" + w + "'");
        }
    }

    /** Whether the extension header chain (first 8 bytes of each in the frame) runs past 4096 bytes. */
    private static boolean pastWalkBytes(byte[] f) {
        int nh = f[20] & 0xff, ext = 0;
        for (int i = 0; i < PacketView.MAX_EXT_HEADERS && PacketView.isExtension(nh); i++) {
            int at = 54 + ext;
            if (at + 8 > f.length) return false;
            ext += nh == 44 ? 8 : nh == 51 ? ((f[at + 1] & 0xff) + 2) * 4 : ((f[at + 1] & 0xff) + 1) * 8;
            nh = f[at] & 0xff;
            if (ext > PacketView.MAX_EXT_BYTES) return true;
        }
        return false;
    }

    /** The bytes of extension headers walked (whole or not), up to the first over 4096. */
    private static int walkedBytes(byte[] f) {
        int nh = f[20] & 0xff, ext = 0;
        for (int i = 0; i < PacketView.MAX_EXT_HEADERS && PacketView.isExtension(nh); i++) {
            int at = 54 + ext;
            if (at + 8 > f.length) break;
            ext += nh == 44 ? 8 : nh == 51 ? ((f[at + 1] & 0xff) + 2) * 4 : ((f[at + 1] & 0xff) + 1) * 8;
            nh = f[at] & 0xff;
            if (ext > PacketView.MAX_EXT_BYTES) break;
        }
        return ext;
    }

    private static void count(Map<String, Integer> m, String k) {
        m.merge(k, 1, Integer::sum);
    }
}
