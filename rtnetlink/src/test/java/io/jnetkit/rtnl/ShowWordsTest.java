package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What ip prints for the values read back: table names, address flags, route words, counters. */
class ShowWordsTest {
    @Test
    void routeTablesReadNamesFromEtcFirstThenItsDirectory(@TempDir Path tmp) throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path usr = Files.createDirectories(tmp.resolve("usr"));
        Files.writeString(etc.resolve("rt_tables"), "# comment\n255\tlocal\n254 main\n100 pods\n0x65 hexed\nbad line\n");
        Files.writeString(usr.resolve("rt_tables"), "200 never-read\n");  // /etc has one: /usr's is not read
        Files.createDirectories(usr.resolve("rt_tables.d"));
        Files.writeString(usr.resolve("rt_tables.d").resolve("x.conf"), "300 from-d\n");
        RouteTables t = RouteTables.of(List.of(etc, usr));
        assertEquals(254, t.id("main"));
        assertEquals(255, t.id("local"));
        assertEquals(253, t.id("default"));
        assertEquals(100, t.id("pods"));
        assertEquals(101, t.id("hexed"));
        assertEquals(300, t.id("from-d"));
        assertEquals(4000, t.id("4000"));
        assertEquals("pods", t.name(100));
        assertEquals("main", t.name(254));
        assertEquals("7", t.name(7));
        assertThrows(IllegalArgumentException.class, () -> t.id("never-read"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.id("nope"));
        assertTrue(e.getMessage().startsWith("invalid route table \"nope\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.id("4294967296"));
    }

    @Test
    void addressFlagsAsIpPrintsThem() {
        Address permanent = new Address(1, IpFamily.V4, Cidr.parse("10.0.0.1").address(), 24, 0, "v", 0x80);
        assertEquals(List.of(), permanent.flagWords());
        Address dynamicSecondary = new Address(1, IpFamily.V4, Cidr.parse("10.0.0.2").address(), 24, 0, "v", 0x201);
        assertEquals(List.of("secondary", "dynamic", "noprefixroute"), dynamicSecondary.flagWords());
        Address temporary = new Address(1, IpFamily.V6, Cidr.parse("fd00::1").address(), 64, 0, null, 0x81 | 0x02);
        assertEquals(List.of("temporary", "nodad"), temporary.flagWords());
        assertEquals("kernel_ll", new Address(1, IpFamily.V6, Cidr.parse("fe80::1").address(), 64, 253, null, 0x80,
                null, null, 3, null, null).protocolWord());
        assertEquals("0x63", new Address(1, IpFamily.V4, Cidr.parse("10.0.0.1").address(), 24, 0, null, 0x80,
                null, null, 99, null, null).protocolWord());
    }

    @Test
    void routeWords() {
        Route r = new Route(IpFamily.V4, Cidr.parse("10.0.0.0/8"), null, 2, 254, 4, 253, 6, null, null, 16 | 4, null);
        assertEquals("blackhole", r.typeWord());
        assertEquals("static", r.protocolWord());
        assertEquals("link", r.scopeWord());
        assertEquals(List.of("onlink", "linkdown"), r.flagWords());
        assertNull(r.prefWord());
        Route v6 = new Route(IpFamily.V6, Cidr.parse("fd00::/64"), null, 2, 254, 186, 0, 1, 256, null, 0, 1);
        assertEquals("bgp", v6.protocolWord());
        assertEquals("high", v6.prefWord());
        assertEquals("142", new Route(IpFamily.V4, Cidr.parse("10.0.0.0/8"), null, 2, 254, 142, 0, 1, null,
                null).protocolWord(), "a protocol without a name prints as its number");
    }

    @Test
    void statsDecodeTheKernelsOrderAndRefuseShortOnes() {
        ByteBuffer b = ByteBuffer.allocate(25 * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 25; i++) b.putLong(i * 8, i + 1);
        LinkStats s = LinkStats.decode(b.array());
        assertEquals(1, s.rxPackets());
        assertEquals(2, s.txPackets());
        assertEquals(3, s.rxBytes());
        assertEquals(4, s.txBytes());
        assertEquals(9, s.multicast());
        assertEquals(12, s.rxOverErrors());
        assertEquals(16, s.rxMissedErrors());
        assertEquals(18, s.txCarrierErrors());
        assertEquals(24, s.rxNoHandler());
        assertNull(LinkStats.decode(new byte[23 * 8]));
        assertNull(LinkStats.decode(null));
    }

    @Test
    void extrasWords() {
        LinkExtras x = new LinkExtras("noqueue", 3, 1, 0L, null, 0, 0, 3, null, null, null, null, null, null, null, null);
        assertEquals("DORMANT", x.linkModeWord());
        assertEquals("default", x.groupWord());
        assertEquals("random", x.addrGenModeWord());
        assertEquals(LinkExtras.Limits.NONE, x.limits());
        assertEquals(List.of(), x.altNames());
        assertEquals("7", new LinkExtras(null, null, 0, 7L, null, null, null, 1, null, null, List.of("a"), null, null,
                null, null, null).groupWord());
    }
}
