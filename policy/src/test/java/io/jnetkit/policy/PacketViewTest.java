package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import org.junit.jupiter.api.Test;

import static io.jnetkit.policy.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference semantics (what the compiled code must do), checked by hand. */
class PacketViewTest {
    private static final Policy SEED = Policy.parse("deny tcp dport 12345; allow any");

    private static int seed(byte[] f) {
        return SEED.decide(f).verdict();
    }

    @Test
    void seedByHand() {
        assertEquals(2, seed(tcp4(12345)));
        assertEquals(-1, seed(tcp4(12346)));
        assertEquals(-1, seed(ip4().proto(UDP).dport(12345).build()));
        assertEquals(2, seed(ip4().ihl(15).dport(12345).build()), "options honoured");
        assertEquals(2, seed(ip4().ihl(4).dport(12345).build()), "IHL < 5: ports unreadable, a deny rule on them matches");
        assertEquals(2, seed(ip4().frag(0, true).dport(12345).build()), "first fragment has the header");
        assertEquals(-1, seed(ip4().frag(185, true).dport(12345).build()), "non-first fragment has none");
        assertEquals(-1, seed(ip4().dport(12345).cut(14).build()));
        assertEquals(-1, seed(ip4().dport(12345).cut(30).build()));
        assertEquals(2, seed(ip4().dport(80).cut(37).build()), "cut inside the TCP header: unreadable");
        assertEquals(2, seed(ip4().dport(80).cut(53).build()), "one byte short of a whole TCP header");
        assertEquals(2, Policy.parse("allow tcp dport 80; default deny").decide(ip4().dport(80).cut(53).build()).verdict(),
                "and an allow rule on them does not match");
        assertEquals(2, seed(ip4().dport(12345).cut(54).build()), "whole TCP header, no payload");
        assertEquals(2, seed(ip6().dport(12345).build()));
        assertEquals(2, seed(ip6().dport(12345).cut(73).build()));
        assertEquals(2, seed(ip6().ext(0, 8).dport(12345).build()), "extension headers are walked");
        assertEquals(-1, seed(ip6().ext(0, 8).dport(12346).build()));
        assertEquals(-1, seed(ip4().etherType(0x0806).dport(12345).build()));
    }

    @Test
    void decode() {
        PacketView v = PacketView.of(ip4().src("10.1.2.3").dst("10.9.8.7").ports(1234, 80).flags(SYN | ACK).build());
        assertEquals(Family.IP4, v.family());
        assertEquals(6, v.protocol());
        assertTrue(v.hasL4());
        assertEquals(1234, v.sport());
        assertEquals(80, v.dport());
        assertEquals(0x12, v.tcpFlags());
        assertEquals("10.1.2.3", Cidr.format(v.src()));
        PacketView u = PacketView.of(ip6().proto(UDP).ports(53, 5353).build());
        assertEquals(Family.IP6, u.family());
        assertEquals(17, u.protocol());
        assertEquals(5353, u.dport());
        assertEquals(0, u.tcpFlags());
        PacketView frag = PacketView.of(ip4().frag(3, false).build());
        assertTrue(frag.isIp());
        assertFalse(frag.hasL4());
        assertFalse(PacketView.of(ip4().cut(33).build()).isIp());
        assertTrue(PacketView.of(ip4().cut(34).build()).isIp());
        assertFalse(PacketView.of(ip6().cut(53).build()).isIp());
        assertFalse(PacketView.of(new byte[10]).isIp());
    }

    @Test
    void extensionHeaderChains() {
        PacketView v = PacketView.of(ip6().ext(0, 16).ext(51, 12).ext(44, 8).ext(60, 8).proto(UDP).ports(7, 53).build());
        assertEquals(17, v.protocol());
        assertTrue(v.hasL4());
        assertEquals(53, v.dport());
        PacketView nonFirst = PacketView.of(ip6().ext(0, 8).frag6(3, true).dport(22).build());
        assertEquals(6, nonFirst.protocol());
        assertFalse(nonFirst.hasL4());
        assertFalse(nonFirst.unreadable());
        PacketView esp = PacketView.of(ip6().ext(60, 8).proto(50).build());
        assertEquals(50, esp.protocol());
        assertFalse(esp.unreadable());
        // 4096 bytes of extension headers are walked; one more header beyond them is not (the
        // kernel's test run cannot take frames this long: the model only).
        PacketView at = PacketView.of(ip6().ext(0, 2048).ext(60, 2048).dport(22).build());
        assertEquals(22, at.dport());
        PacketView beyond = PacketView.of(ip6().ext(0, 2048).ext(60, 2048).ext(60, 8).dport(22).build());
        assertEquals(-1, beyond.protocol());
        assertTrue(beyond.unreadable());
        assertEquals(2, SEED.decide(ip6().ext(0, 2048).ext(60, 2048).ext(60, 8).dport(80).build()).verdict());
        assertEquals("PacketView[ip6 proto unknown fd00::1 > fd00::2 L4 unreadable]", beyond.toString());
    }

    @Test
    void tagsHideEverything() {
        PacketView t = PacketView.of(ip4().etherType(0x8100).build());
        assertFalse(t.isIp());
        assertTrue(t.unreadable());
        assertFalse(PacketView.of(ip4().etherType(0x8100).cut(PacketView.TAGGED_MIN - 1).build()).unreadable());
        assertEquals(new Policy.Decision(0, Action.DENY), Policy.parse("deny ip6 src ::1; allow any").decide(t));
        assertEquals(new Policy.Decision(1, Action.ALLOW), Policy.parse("allow ip4; allow any; deny tcp").decide(t));
    }

    @Test
    void skbProtocolAndEtherTypeMustAgree() {
        byte[] arpBytes = ip4().etherType(0x0806).dport(22).build();
        assertFalse(PacketView.of(arpBytes).unreadable(), "as the test run gives it: ARP");
        PacketView hidden = PacketView.of(arpBytes, 0x0800);
        assertFalse(hidden.isIp());
        assertTrue(hidden.unreadable(), "the stack takes it as IPv4");
        assertEquals(2, SEED.decide(hidden).verdict());
        assertTrue(PacketView.of(ip6().build(), 0x0800).unreadable());
        assertTrue(PacketView.of(ip4().build(), 0x0806).unreadable());
        assertFalse(PacketView.of(ip4().etherType(0x0806).build(), 0x0805).unreadable(), "neither says IP");
        assertFalse(PacketView.of(ip4().etherType(0x0806).cut(33).build(), 0x0800).unreadable(), "too short for IPv4");
    }

    @Test
    void fragmentsMatchProtocolAndAddressRules() {
        Policy p = Policy.parse("deny tcp dport 22; count deny tcp src 10.0.0.0/8; allow any");
        byte[] frag = ip4().src("10.0.0.5").frag(10, false).dport(22).build();
        assertEquals(new Policy.Decision(1, Action.DENY), p.decide(frag));
        byte[] first = ip4().src("10.0.0.5").frag(0, true).dport(22).build();
        assertEquals(new Policy.Decision(0, Action.DENY), p.decide(first));
        assertEquals(new Policy.Decision(-1, Action.ALLOW), Policy.parse("deny tcp dport 22").decide(
                ip4().frag(10, false).dport(22).build()));
    }

    @Test
    void nonIpMatchesOnlyUnconditionalRules() {
        Policy p = Policy.parse("allow ip4; allow ip6; deny tcp; count allow any; default deny");
        assertEquals(new Policy.Decision(3, Action.ALLOW), p.decide(ip4().etherType(0x0806).build()));
        assertEquals(new Policy.Decision(3, Action.ALLOW), p.decide(ip4().cut(20).build()));
        assertEquals(new Policy.Decision(0, Action.ALLOW), p.decide(ip4().build()));
    }
}
