package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {

    @Test
    void seed() {
        Policy p = Policy.parse("deny tcp dport 12345; allow any");
        assertEquals(2, p.rules().size());
        Rule r = p.rules().get(0);
        assertEquals(Action.DENY, r.action());
        assertFalse(r.count());
        assertEquals(Family.ANY, r.family());
        assertEquals(Protocol.TCP, r.protocol());
        assertEquals(PortRange.of(12345), r.dport());
        assertNull(r.sport());
        assertNull(r.src());
        assertTrue(p.rules().get(1).matchesEverything());
        assertEquals(Action.ALLOW, p.defaultAction());
        assertEquals("deny tcp dport 12345; allow any", p.toString());
        assertEquals(List.of("the default (default allow) is never used: rule 2 (allow any) matches every packet"),
                p.warnings());
    }

    @Test
    void everyRuleKind() {
        Policy p = Policy.parse("""
                # a comment line
                count deny udp src 10.0.0.0/8 dport 53   # trailing comment
                allow icmp
                deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn
                allow icmpv6; allow ip4; allow ip6 udp sport 1-1023
                deny tcp src 192.168.1.1 dst 192.168.2.0/24 sport 1024-65535 dport 22 flags syn,!ack
                deny dst 2001:db8::1
                deny ip4 any
                count default deny
                """);
        List<Rule> r = p.rules();
        assertEquals(9, r.size());
        assertTrue(r.get(0).count());
        assertEquals(Cidr.parse("10.0.0.0/8"), r.get(0).src());
        assertEquals(Family.IP4, r.get(0).effectiveFamily());
        assertEquals(Family.ANY, r.get(0).family());
        assertEquals(Protocol.ICMP, r.get(1).protocol());
        assertEquals(Family.IP4, r.get(1).effectiveFamily());
        assertEquals(Family.IP6, r.get(2).family());
        assertEquals(new PortRange(1000, 2000), r.get(2).dport());
        assertEquals(TcpFlags.of(TcpFlag.SYN), r.get(2).flags());
        assertEquals(Family.IP6, r.get(3).effectiveFamily());
        assertEquals(Family.IP4, r.get(4).family());
        assertEquals(new PortRange(1, 1023), r.get(5).sport());
        assertEquals(new TcpFlags(EnumSet.of(TcpFlag.SYN), EnumSet.of(TcpFlag.ACK)), r.get(6).flags());
        assertEquals(0x12, r.get(6).flags().mask());
        assertEquals(0x02, r.get(6).flags().value());
        assertEquals(Cidr.parse("192.168.1.1/32"), r.get(6).src());
        assertEquals(Family.IP6, r.get(7).effectiveFamily());
        assertEquals(Protocol.ANY, r.get(8).protocol());
        assertEquals(Action.DENY, p.defaultAction());
        assertTrue(p.countDefault());
        assertEquals("count deny udp src 10.0.0.0/8 dport 53; allow icmp; deny ip6 tcp dst fd00::/64 dport 1000-2000 "
                + "flags syn; allow icmpv6; allow ip4; allow ip6 udp sport 1-1023; deny tcp src 192.168.1.1 "
                + "dst 192.168.2.0/24 sport 1024-65535 dport 22 flags syn,!ack; deny dst 2001:db8::1; deny ip4; "
                + "count default deny", p.toString());
        assertEquals(p, Policy.parse(p.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ALLOW ANY|allow any",
            "deny   TCP   DPORT 22|deny tcp dport 22",
            "deny dport 22 tcp|deny tcp dport 22",
            "allow ipv4 tcp|allow ip4 tcp",
            "allow ipv6|allow ip6",
                        "deny tcp flags ack,syn|deny tcp flags syn,ack",
            "deny tcp flags syn, !ack|deny tcp flags syn,!ack",
            "deny tcp flags CWR,ece,urg,ack,psh,rst,syn,fin|deny tcp flags fin,syn,rst,psh,ack,urg,ece,cwr",
            "deny src 10.0.0.0/32|deny src 10.0.0.0",
            "deny src fd00:0:0:0:0:0:0:0/16|deny src fd00::/16",
            "deny src 2001:DB8:0:0:1:0:0:1|deny src 2001:db8::1:0:0:1",
            "deny dst 0.0.0.0/0|deny dst 0.0.0.0/0",
            "deny dst ::/0|deny dst ::/0",
            "deny udp sport 5-5|deny udp sport 5",
            "default deny; allow tcp|allow tcp; default deny",
            "default count allow|count default allow",
            "count default allow|count default allow",
            "default allow # everything|default allow",
    })
    void canonicalText(String in, String canonical) {
        Policy p = Policy.parse(in.replace("\\n", "\n"));
        assertEquals(canonical, p.toString());
        assertEquals(p, Policy.parse(p.toString()));
    }

    @Test
    void ruleParseAndBuilders() {
        Rule built = Rule.deny().withCount(true).withProtocol(Protocol.UDP).withSrc(Cidr.parse("10.0.0.0/8"))
                .withDport(PortRange.of(53));
        assertEquals(Rule.parse("count deny udp src 10.0.0.0/8 dport 53"), built);
        assertEquals("count deny udp src 10.0.0.0/8 dport 53", built.toString());
        assertEquals("allow any", Rule.allow().toString());
        Policy p = new Policy(List.of(built, Rule.allow()), Action.DENY);
        assertEquals(p, Policy.parse(p.toString()));
        assertThrows(PolicyException.class, () -> Rule.parse("allow any; deny any"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // text | message
            "deny tcp dport 12345; allow tcp dport http|line 1, column 39: rule 2: 'dport' needs a port or range 1-65535, got 'http'",
            "deny tcp dport|line 1, column 10: rule 1: 'dport' needs a port or range 1-65535, got the end of the rule",
            "deny tcp dport 0|line 1, column 16: rule 1: 'dport' needs a port or range 1-65535, got '0'",
            "deny tcp dport 65536|line 1, column 16: rule 1: 'dport' needs a port or range 1-65535, got '65536'",
            "deny tcp sport 10-|line 1, column 16: rule 1: 'sport' needs a port or range 1-65535, got '10-'",
            "deny tcp dport 2000-1000|line 1, column 16: rule 1: 'dport 2000-1000' is an empty range (2000 > 1000)",
            "drop tcp|line 1, column 1: rule 1: expected 'allow', 'deny', 'count' or 'default', got 'drop'",
            "count|line 1, column 1: rule 1: 'count' must be followed by 'allow', 'deny' or 'default', got the end of the rule",
            "count tcp|line 1, column 7: rule 1: 'count' must be followed by 'allow', 'deny' or 'default', got 'tcp'",
            "allow tcp\\ndeny foo|line 2, column 6: rule 2: expected ip4, ip6, tcp, udp, icmp, icmpv6, any, src, dst, sport, dport or flags, got 'foo'",
            "allow any tcp|line 1, column 11: rule 1: a protocol given twice ('any' at column 7, then 'tcp')",
            "deny tcp udp|line 1, column 10: rule 1: a protocol given twice ('tcp' at column 6, then 'udp')",
            "deny ip4 ip6|line 1, column 10: rule 1: an IP version (ip4/ip6) given twice ('ip4' at column 6, then 'ip6')",
            "deny tcp dport 1 dport 2|line 1, column 18: rule 1: 'dport' given twice ('dport' at column 10, then 'dport')",
            "deny dport 22|line 1, column 6: rule 1: 'dport' needs 'tcp' or 'udp' in the rule (only TCP and UDP have ports)",
            "deny icmp sport 22|line 1, column 11: rule 1: 'sport' needs 'tcp' or 'udp' in the rule (only TCP and UDP have ports), not 'icmp'",
            "deny udp flags syn|line 1, column 10: rule 1: 'flags' needs 'tcp' in the rule (only TCP has flags), not 'udp'",
            "deny flags syn|line 1, column 6: rule 1: 'flags' needs 'tcp' in the rule (only TCP has flags)",
            "deny tcp flags syn,bogus|line 1, column 16: rule 1: 'flags' needs a comma-separated list of fin, syn, rst, psh, ack, urg, ece, cwr (! before a flag: must be clear), got 'bogus'",
            "deny tcp flags syn,!syn|line 1, column 16: rule 1: flag 'syn' given twice in 'syn,!syn'",
            "deny tcp flags|line 1, column 10: rule 1: 'flags' needs a comma-separated list of fin, syn, rst, psh, ack, urg, ece, cwr (! before a flag: must be clear), got the end of the rule",
            "deny ip6 src 10.0.0.0/8|line 1, column 10: rule 1: 'src 10.0.0.0/8' is an IPv4 network but the rule is IPv6 ('ip6')",
            "deny src 10.0.0.0/8 dst fd00::/8|line 1, column 21: rule 1: 'dst fd00::/8' is an IPv6 network but the rule is IPv4 ('src 10.0.0.0/8')",
            "deny icmp dst fd00::1|line 1, column 11: rule 1: 'dst fd00::1' is an IPv6 network but the rule is IPv4 ('icmp')",
            "deny ip6 icmp|line 1, column 10: rule 1: 'icmp' is IPv4 only, the rule says 'ip6'",
            "deny ip4 icmpv6|line 1, column 10: rule 1: 'icmpv6' is IPv6 only, the rule says 'ip4'",
            "deny src 10.0.0.1/8|line 1, column 10: rule 1: 'src' needs an address or network: 10.0.0.1/8 has host bits set after the /8 prefix; did you mean 10.0.0.0/8?",
            "deny src 10.0.0.0/33|line 1, column 10: rule 1: 'src' needs an address or network: invalid prefix length 33 in \"10.0.0.0/33\": must be 0..32",
            "deny src 10.0.0|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"10.0.0\": expected an IPv4 address a.b.c.d or an IPv6 address",
            "deny src 010.0.0.1|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"010.0.0.1\": \"010\" is not a number 0..255",
            "deny src example.com|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"example.com\": expected an IPv4 address a.b.c.d or an IPv6 address",
            "deny src fd00:::1|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"fd00:::1\": not an IPv6 address",
            "deny src fe80::1%eth0|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"fe80::1%eth0\": zone ids and brackets are not supported",
            "deny src ::ffff:1.2.3.4|line 1, column 10: rule 1: 'src' needs an address or network: invalid address \"::ffff:1.2.3.4\": IPv4-mapped IPv6 addresses are not supported; write the IPv4 address",
            "deny src 10.0.0.0/|line 1, column 10: rule 1: 'src' needs an address or network: invalid prefix length \"\" in \"10.0.0.0/\": must be 0..32",
            "deny dst|line 1, column 6: rule 1: 'dst' needs an address or network (a.b.c.d[/len] or an IPv6 address[/len]), got the end of the rule",
            "default|line 1, column 1: 'default' needs 'allow' or 'deny', got the end of the rule",
            "default pass|line 1, column 9: 'default' needs 'allow' or 'deny', got 'pass'",
            "default deny tcp|line 1, column 14: unexpected 'tcp' after 'default deny' (the default takes no conditions)",
            "default deny\\ndefault allow|line 2, column 1: a second 'default' (the first is on line 1)",
            "count default count deny|line 1, column 15: 'count' given twice",
    })
    void errors(String text, String message) {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(text.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void errorPosition() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> Policy.parse("allow icmp\n# comment\n  deny tcp dport 1-99999"));
        assertEquals(3, e.line());
        assertEquals(18, e.column());
        assertEquals(2, e.rule());
        assertEquals("'dport' needs a port or range 1-65535, got '1-99999'", e.detail());
    }

    @Test
    void tooManyRules() {
        String ok = "deny tcp dport 1\n".repeat(Policy.MAX_RULES);
        assertEquals(Policy.MAX_RULES, Policy.parse(ok).rules().size());
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(ok + "allow any"));
        assertEquals("a policy has at most 256 rules, this one has 257", e.getMessage());
    }

    @Test
    void warnings() {
        Policy p = Policy.parse("allow tcp; deny tcp dport 22; deny src 10.0.0.0/8; deny udp src 10.1.0.0/16 dport 5; "
                + "deny ip6 tcp flags syn,!ack; deny tcp flags syn; allow tcp flags syn,!ack,fin; allow any; deny icmp");
        assertEquals(List.of(
                "rule 2 (deny tcp dport 22) can never match: rule 1 (allow tcp) matches every packet it would",
                "rule 4 (deny udp src 10.1.0.0/16 dport 5) can never match: rule 3 (deny src 10.0.0.0/8) matches every packet it would",
                "rule 5 (deny ip6 tcp flags syn,!ack) can never match: rule 1 (allow tcp) matches every packet it would",
                "rule 6 (deny tcp flags syn) can never match: rule 1 (allow tcp) matches every packet it would",
                "rule 7 (allow tcp flags fin,syn,!ack) can never match: rule 1 (allow tcp) matches every packet it would",
                "rule 9 (deny icmp) can never match: rule 8 (allow any) matches every packet it would",
                "the default (default allow) is never used: rule 8 (allow any) matches every packet"), p.warnings());
        assertEquals(List.of(), Policy.parse("deny tcp dport 22; deny ip6 tcp; deny udp; allow ip4 tcp").warnings());
        assertEquals(List.of("rule 2 (deny tcp flags syn,!ack) can never match: rule 1 (deny tcp flags syn) matches every packet it would"),
                Policy.parse("deny tcp flags syn; deny tcp flags syn,!ack").warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "0.0.0.0/0", "255.255.255.255", "10.0.0.0/8", "::/0", "::", "::1", "fd00::/8",
            "2001:db8::/32", "2001:db8:0:1::/64", "1::", "1:0:0:1::", "1::1:0:0:1", "fe80::/10", "ff02::1:ff00:0/104",
            "1:2:3:4:5:6:7:8", "1:0:2:3:4:5:6:7"})
    void cidrRoundTrip(String text) {
        Cidr c = Cidr.parse(text);
        assertEquals(text, c.toShortString());
        assertEquals(c, Cidr.parse(c.toShortString()));
        assertEquals(c, Cidr.parse(c.toString()));
    }

    @Test
    void cidrContains() {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("10.1.0.0/16")));
        assertFalse(Cidr.parse("10.1.0.0/16").contains(Cidr.parse("10.0.0.0/8")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("fd00::/8")));
        assertTrue(Cidr.parse("::/0").contains(Cidr.parse("fd00::1")));
        assertTrue(Cidr.parse("fd00::/64").contains(Frames.addr("fd00::ffff")));
        assertFalse(Cidr.parse("fd00::/64").contains(Frames.addr("fd00:0:0:1::")));
        assertEquals("2001:db8::1:0:0:1", Cidr.format(Frames.addr("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:0:0:1::1", Cidr.format(Frames.addr("2001:0:0:1:0:0:0:1")));
    }

    @Test
    void modelChecksWithoutText() {
        assertThrows(PolicyException.class, () -> new PortRange(5, 4));
        assertThrows(PolicyException.class, () -> new PortRange(0, 4));
        assertThrows(PolicyException.class, () -> new TcpFlags(Set.of(), Set.of()));
        assertThrows(PolicyException.class, () -> new TcpFlags(Set.of(TcpFlag.SYN), Set.of(TcpFlag.SYN)));
        assertThrows(PolicyException.class, () -> Rule.allow().withDport(PortRange.of(1)));
        assertEquals("'dst' 10.0.0.1/8 has host bits set after the /8 prefix; did you mean 10.0.0.0/8?",
                assertThrows(PolicyException.class, () -> Rule.allow().withDst(Cidr.parse("10.0.0.1/8"))).getMessage());
        assertThrows(PolicyException.class, () -> Rule.allow().withFamily(Family.IP6).withSrc(Cidr.parse("1.2.3.4")));
        assertThrows(PolicyException.class, () -> new Policy(java.util.Collections.nCopies(257, Rule.allow()), Action.ALLOW));
    }
}
