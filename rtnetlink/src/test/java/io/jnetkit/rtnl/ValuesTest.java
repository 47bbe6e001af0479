package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Cidr, enums, MAC addresses and name rules: the kernel-free value types. */
class ValuesTest {
    @ParameterizedTest
    @CsvSource({
            "10.0.0.1/24, 10.0.0.1/24, V4, 10.0.0.0/24",
            "10.0.0.1, 10.0.0.1/32, V4, 10.0.0.1/32",
            "0.0.0.0/0, 0.0.0.0/0, V4, 0.0.0.0/0",
            "fd00::1/64, fd00::1/64, V6, fd00::/64",
            "fd00::1, fd00::1/128, V6, fd00::1/128",
            "FD00:0:0:0:0:0:0:1/64, fd00::1/64, V6, fd00::/64",
            "2001:db8:0:0:1:0:0:1/48, 2001:db8::1:0:0:1/48, V6, 2001:db8::/48",
            "::/0, ::/0, V6, ::/0",
            "' 192.168.1.7/31 ', 192.168.1.7/31, V4, 192.168.1.6/31",
    })
    void parsesCidrs(String in, String printed, IpFamily family, String network) {
        Cidr c = Cidr.parse(in);
        assertEquals(printed, c.toString());
        assertEquals(family, c.family());
        assertEquals(network, c.network().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/33      | invalid prefix length 33 in \"10.0.0.1/33\": must be 0..32",
            "fd00::1/129      | invalid prefix length 129 in \"fd00::1/129\": must be 0..128",
            "10.0.0.1/        | invalid prefix length \"\" in \"10.0.0.1/\": must be 0..32",
            "10.0.0.1/-1      | invalid prefix length \"-1\" in \"10.0.0.1/-1\": must be 0..32",
            "10.0.0.1/2x      | invalid prefix length \"2x\" in \"10.0.0.1/2x\": must be 0..32",
            "10.0.0/24        | invalid address \"10.0.0/24\": expected an IPv4 address a.b.c.d or an IPv6 address",
            "10.0.0.256       | invalid address \"10.0.0.256\": \"256\" is not a number 0..255",
            "010.0.0.1        | invalid address \"010.0.0.1\": \"010\" is not a number 0..255",
            "example.com/24   | invalid address \"example.com/24\": expected an IPv4 address a.b.c.d or an IPv6 address",
            "fd00:::1/64      | invalid address \"fd00:::1/64\": not an IPv6 address",
            "fe80::1%eth0/64  | invalid address \"fe80::1%eth0/64\": zone ids and brackets are not supported",
            "::ffff:1.2.3.4   | invalid address \"::ffff:1.2.3.4\": IPv4-mapped IPv6 addresses are not supported; write the IPv4 address",
            "/24              | invalid address \"/24\": no address",
    })
    void rejectsBadCidrs(String in, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(in));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptyCidr() {
        assertEquals("invalid address: empty", assertThrows(IllegalArgumentException.class, () -> Cidr.parse(" ")).getMessage());
    }

    @Test
    void enumsSpeakIproute2() {
        assertEquals(NetkitMode.L2, NetkitMode.fromWord("l2"));
        assertEquals(NetkitMode.L3, NetkitMode.fromKernel(1));
        assertNull(NetkitMode.fromKernel(9));
        assertEquals(NetkitPolicy.BLACKHOLE, NetkitPolicy.fromWord("blackhole"));
        assertEquals(NetkitPolicy.BLACKHOLE, NetkitPolicy.fromKernel(2));
        assertNull(NetkitPolicy.fromKernel(7));
        assertEquals(NetkitScrub.NONE, NetkitScrub.fromWord("NONE"));
        assertEquals(NetkitScrub.DEFAULT, NetkitScrub.fromKernel(1));
        assertEquals("invalid netkit policy \"drop\": expected one of forward, blackhole",
                assertThrows(IllegalArgumentException.class, () -> NetkitPolicy.fromWord("drop")).getMessage());
        assertEquals("invalid netkit mode \"l4\": expected one of l2, l3",
                assertThrows(IllegalArgumentException.class, () -> NetkitMode.fromWord("l4")).getMessage());
        assertEquals("invalid netkit scrub \"null\": expected one of none, default",
                assertThrows(IllegalArgumentException.class, () -> NetkitScrub.fromWord(null)).getMessage());
        assertEquals(OperState.UP, OperState.fromKernel(6));
        assertNull(OperState.fromKernel(99));
    }

    @Test
    void macAddresses() {
        MacAddress m = MacAddress.parse("02:AB:cd:00:00:01");
        assertEquals("02:ab:cd:00:00:01", m.toString());
        assertEquals(m, MacAddress.of(m.bytes()));
        assertFalse(m.isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        for (String bad : new String[]{"02:00:00:00:00", "02:00:00:00:00:0g", "02:00:00:00:00:100", "", "02::00:00:00:00"}) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abcdefghijklmnop | invalid link name \"abcdefghijklmnop\": 16 bytes, the kernel allows at most 15",
            "a/b              | invalid link name \"a/b\": must not contain '/', ':', NUL or whitespace",
            "'a b'            | invalid link name \"a b\": must not contain '/', ':', NUL or whitespace",
            "eth0:1           | invalid link name \"eth0:1\": must not contain '/', ':', NUL or whitespace",
            "..               | invalid link name \"..\"",
            "''               | invalid link name: empty",
            "äääääääää        | invalid link name \"äääääääää\": 18 bytes, the kernel allows at most 15",
            "nkà              | invalid link name \"nkà\": its UTF-8 form has the byte 0xa0, which the kernel counts as whitespace",
            ".                | invalid link name \".\"",
    })
    void linkNamesAreCheckedInTheSpec(String name, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetkitSpec.named(name));
        assertEquals(message, e.getMessage());
    }

    @Test
    void linkNamesFollowTheKernelsBytes() {
        // dev_valid_name looks at bytes: ASCII whitespace and 0xa0 (its ctype says space), nothing else.
        assertEquals("invalid link name \"a\tb\": must not contain '/', ':', NUL or whitespace",
                assertThrows(IllegalArgumentException.class, () -> NetkitSpec.named("a\tb")).getMessage());
        assertEquals("invalid link name \"a\u00a0b\": its UTF-8 form has the byte 0xa0, which the kernel counts as whitespace",
                assertThrows(IllegalArgumentException.class, () -> NetkitSpec.named("a\u00a0b")).getMessage());
        assertEquals("invalid peer name \"a\ud800\": not valid Unicode (a lone surrogate), so it has no UTF-8 form",
                assertThrows(IllegalArgumentException.class, () -> PeerSpec.named("a\ud800")).getMessage());
        assertEquals("nk\u00f1", NetkitSpec.named("nk\u00f1").name(), "ñ is c3 b1: fine");
        assertEquals("nk\uD83D\uDE00", NetkitSpec.named("nk\uD83D\uDE00").name(), "a paired surrogate is one code point");
    }

    @Test
    void specsTreatNullAsKernelDefault() {
        NetkitSpec s = NetkitSpec.named("task_nk");
        assertNull(s.mode());
        assertNull(s.policy());
        assertNull(s.scrub());
        assertEquals(PeerSpec.DEFAULT, s.peer());
        assertEquals("invalid headroom 70000: must be 0..65535",
                assertThrows(IllegalArgumentException.class, () -> NetkitSpec.builder().headroom(70000).build()).getMessage());
        assertEquals("invalid peer name \"x y\": must not contain '/', ':', NUL or whitespace",
                assertThrows(IllegalArgumentException.class, () -> PeerSpec.named("x y")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RouteSpec(null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> RouteSpec.builder().dst("fd00::/64").gateway("10.0.0.1").build());
    }

    private static Link link(int type, int flags) {
        return new Link(1, "x", type, flags, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void flagWordsInIproute2Order() {
        // UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP, as a veth with carrier shows it
        assertEquals(java.util.List.of("BROADCAST", "MULTICAST", "UP", "LOWER_UP"), link(1, 0x1 | 0x2 | 0x40 | 0x1000 | 0x10000).flagWords());
        // up without carrier: NO-CARRIER first
        assertEquals(java.util.List.of("NO-CARRIER", "BROADCAST", "MULTICAST", "UP"), link(1, 0x1 | 0x2 | 0x1000).flagWords());
        // loopback up; netkit L3: POINTOPOINT,NOARP; ALLMULTI, PROMISC, DORMANT
        assertEquals(java.util.List.of("LOOPBACK", "UP", "LOWER_UP"), link(772, 0x8 | 0x1 | 0x40 | 0x10000).flagWords());
        assertEquals(java.util.List.of("POINTOPOINT", "NOARP", "ALLMULTI", "PROMISC", "DORMANT"),
                link(0xfffe, 0x10 | 0x80 | 0x200 | 0x100 | 0x20000).flagWords());
        assertEquals(java.util.List.of(), link(1, 0).flagWords());
    }

    @Test
    void linkTypeWords() {
        assertEquals("ether", link(1, 0).linkTypeWord());
        assertTrue(link(1, 0).ethernet());
        assertEquals("loopback", link(772, 0).linkTypeWord());
        assertEquals("none", link(0xfffe, 0).linkTypeWord());
        assertFalse(link(0xfffe, 0).ethernet());
        assertEquals("[776]", link(776, 0).linkTypeWord());
    }
}
