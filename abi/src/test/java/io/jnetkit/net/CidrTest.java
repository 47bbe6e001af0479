package io.jnetkit.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one address/prefix type serves rtnetlink (interface addresses keep host bits) and policy (networks). */
class CidrTest {
    @ParameterizedTest
    @CsvSource({
            "10.0.0.1/24,  false, 10.0.0.0/24,  10.0.0.1/24",
            "10.0.0.0/24,  true,  10.0.0.0/24,  10.0.0.0/24",
            "10.0.0.1,     true,  10.0.0.1/32,  10.0.0.1",
            "fd00::1/64,   false, fd00::/64,    fd00::1/64",
            "fd00::1,      true,  fd00::1/128,  fd00::1",
            "0.0.0.0/0,    true,  0.0.0.0/0,    0.0.0.0/0",
            "1.2.3.4/0,    false, 0.0.0.0/0,    1.2.3.4/0",
    })
    void interfaceAddressesAndNetworks(String in, boolean isNetwork, String network, String shortForm) {
        Cidr c = Cidr.parse(in);
        assertEquals(isNetwork, c.isNetwork());
        assertEquals(network, c.network().toString());
        assertTrue(c.network().isNetwork());
        assertEquals(shortForm, c.toShortString());
        assertEquals(c, Cidr.parse(c.toShortString()));
    }

    @Test
    void networkOfANetworkIsItself() {
        Cidr n = Cidr.parse("192.168.0.0/16");
        assertSame(n, n.network());
        assertArrayEquals(new byte[]{(byte) 0xff, (byte) 0xff, 0, 0}, n.maskBytes());
        assertArrayEquals(new byte[]{(byte) 192, (byte) 168, 0, 0}, n.bytes());
    }

    @Test
    void containsComparesNetworksEvenWithHostBits() {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("10.1.0.0/16")));
        assertTrue(Cidr.parse("10.9.9.9/8").contains(Cidr.parse("10.1.0.1")));
        assertFalse(Cidr.parse("10.1.0.0/16").contains(Cidr.parse("10.0.0.0/8")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("fd00::/8")));
        assertTrue(Cidr.parse("fd00::/64").contains(Cidr.parse("fd00::ffff").bytes()));
        assertFalse(Cidr.parse("fd00::/64").contains(Cidr.parse("fd00:0:0:1::").bytes()));
        assertFalse(Cidr.parse("fd00::/64").contains(Cidr.parse("10.0.0.1").bytes()));
        assertTrue(Cidr.parse("::/0").isDefault());
        assertFalse(Cidr.parse("10.0.0.1/0").contains(Cidr.parse("fd00::1")));
    }

    @Test
    void formatsLikeIproute2() {
        assertEquals("2001:db8::1:0:0:1", Cidr.format(Cidr.parse("2001:db8:0:0:1:0:0:1").bytes()));
        assertEquals("2001:0:0:1::1", Cidr.format(Cidr.parse("2001:0:0:1:0:0:0:1").bytes()));
        assertEquals("1:0:2:3:4:5:6:7", Cidr.format(Cidr.parse("1:0:2:3:4:5:6:7").address()));
        assertEquals("10.0.0.1", Cidr.format(Cidr.parseAddress("10.0.0.1")));
        assertEquals(IpFamily.V6, Cidr.parse("::1").family());
    }

    @Test
    void refusesWhatIsNoPlainAddress() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, Cidr.parse("fe80::1").bytes(), 2);
        assertEquals("invalid address fe80:0:0:0:0:0:0:1%2: zone ids are not supported",
                assertThrows(IllegalArgumentException.class, () -> new Cidr(scoped, 64)).getMessage());
        assertEquals("invalid prefix length 33 for 10.0.0.1: must be 0..32",
                assertThrows(IllegalArgumentException.class, () -> new Cidr(Cidr.parseAddress("10.0.0.1"), 33)).getMessage());
        assertEquals("an IP address has 4 or 16 bytes, not 5",
                assertThrows(IllegalArgumentException.class, () -> Cidr.fromBytes(new byte[5])).getMessage());
    }
}
