package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.NetlinkException;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Addresses and routes against the host kernel, inside a fresh namespace. */
@HostTest
class AddressRouteHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static List<String> cidrs(Rtnl rtnl, String link) {
        return rtnl.addresses().list(link).stream().map(a -> a.cidr().toString()).sorted().toList();
    }

    @Test
    void addListDeleteV4AndV6() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("jv0", "jv1"));
            rtnl.addresses().add("jv0", "10.1.2.3/24");
            rtnl.addresses().add("jv0", Cidr.parse("fd00::1/64"));
            rtnl.addresses().add("jv0", "10.9.9.9"); // no prefix: /32 like iproute2
            assertEquals(List.of("10.1.2.3/24", "10.9.9.9/32", "fd00::1/64"), cidrs(rtnl, "jv0"));

            Address v4 = rtnl.addresses().list("jv0").stream().filter(a -> a.prefixLength() == 24).findFirst().orElseThrow();
            assertEquals(IpFamily.V4, v4.family());
            assertEquals(RtnlAbi.RT_SCOPE_UNIVERSE, v4.scope());
            assertEquals("jv0", v4.label());
            assertEquals(rtnl.links().get("jv0").index(), v4.index());

            rtnl.addresses().delete("jv0", Cidr.parse("10.1.2.3/24"));
            rtnl.addresses().delete("jv0", Cidr.parse("fd00::1/64"));
            assertEquals(List.of("10.9.9.9/32"), cidrs(rtnl, "jv0"));
            NetlinkException e = assertThrows(NetlinkException.class,
                    () -> rtnl.addresses().delete("jv0", Cidr.parse("10.1.2.3/24")));
            assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        }
    }

    @Test
    void loopbackAddressGetsHostScope() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.addresses().add("lo", "127.0.0.1/8");
            Address a = rtnl.addresses().list("lo").getFirst();
            assertEquals(RtnlAbi.RT_SCOPE_HOST, a.scope());
        }
    }

    @Test
    void badCidrIsRefusedBeforeSending() {
        for (String bad : List.of("10.0.0.1/33", "10.0.0/24", "fd00::1/129", "host.example/24", "", "10.0.0.1/")) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("jv0", "jv1"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rtnl.addresses().add("jv0", "10.0.0.1/33"));
            assertEquals("invalid prefix length 33 in \"10.0.0.1/33\": must be 0..32", e.getMessage());
            assertEquals(List.of(), cidrs(rtnl, "jv0"));
        }
    }

    @Test
    void theKernelFiltersARouteDumpByTableAndDevice() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.builder().name("jv0").up(true).peer(PeerSpec.builder().name("jv1").up(true).build()).build());
            rtnl.links().create(VethSpec.builder().name("jw0").up(true).peer(PeerSpec.builder().name("jw1").up(true).build()).build());
            for (int i = 1; i <= 20; i++) {
                rtnl.routes().add(RouteSpec.viaDevice(Cidr.parse("10.50." + i + ".0/24"), i % 2 == 0 ? "jv0" : "jw0"));
            }
            rtnl.routes().add(new RouteSpec(Cidr.parse("10.60.0.0/16"), null, "jv0", 100, null));
            rtnl.routes().add(new RouteSpec(Cidr.parse("10.61.0.0/16"), null, "jv0", 1000, null));
            rtnl.routes().add(RouteSpec.viaDevice(Cidr.parse("fd50::/64"), "jv0"));

            List<Route> jv0 = rtnl.routes().list(IpFamily.V4, 254, "jv0");
            assertEquals(10, jv0.size(), jv0::toString);
            int oif = rtnl.links().get("jv0").index();
            assertTrue(jv0.stream().allMatch(r -> r.table() == 254 && r.oif() == oif && r.family() == IpFamily.V4), jv0::toString);
            assertEquals(List.of("10.60.0.0/16"), rtnl.routes().list(IpFamily.V4, 100, "jv0").stream().map(r -> r.dst().toString()).toList());
            assertEquals(List.of("10.61.0.0/16"), rtnl.routes().list(null, 1000, null).stream().map(r -> r.dst().toString()).toList());
            assertTrue(rtnl.routes().list(IpFamily.V6, 254, "jv0").stream().anyMatch(r -> r.dst().toString().equals("fd50::/64")));
            assertEquals(List.of(), rtnl.routes().list(IpFamily.V4, 100, "jw0"));
            // The kernel sent only those (no filtering here hides a kernel that sent all).
            assertEquals(10, rtnl.socket().dumpFiltered("dump", RouteCodec.dump(IpFamily.V4, 254, oif)).size());
            assertTrue(rtnl.socket().dump("dump", RouteCodec.dump(IpFamily.V4)).size() > 20);
            // The same answer as a full dump filtered here.
            assertEquals(rtnl.routes().list(IpFamily.V4).stream().filter(r -> r.table() == 254 && r.oif() != null && r.oif() == oif).toList(), jv0);
            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.routes().list(IpFamily.V4, 254, "nosuch"));
            assertEquals(Errno.ENODEV, e.errno());
        }
    }

    @Test
    void defaultRouteViaGatewayAndRouteViaDevice() throws Exception {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.builder().name("jv0").up(true).peer(PeerSpec.builder().name("jv1").up(true).build()).build());
            rtnl.addresses().add("jv0", "10.0.0.1/24");
            InetAddress gw = Cidr.parseAddress("10.0.0.254");
            rtnl.routes().add(RouteSpec.defaultVia(gw));
            rtnl.routes().add(RouteSpec.viaDevice(Cidr.parse("192.168.50.0/24"), "jv1"));
            rtnl.routes().add(RouteSpec.builder().dst("172.16.0.0/16").gateway("10.0.0.2").metric(50).build());
            rtnl.routes().add(RouteSpec.builder().dst("10.20.0.0/16").device("jv0").table(1000).build());

            int jv0 = rtnl.links().get("jv0").index();
            int jv1 = rtnl.links().get("jv1").index();
            List<Route> main = rtnl.routes().list(IpFamily.V4).stream()
                    .filter(r -> r.table() == RtnlAbi.RT_TABLE_MAIN).toList();
            Route def = main.stream().filter(Route::isDefault).findFirst().orElseThrow();
            assertEquals(gw, def.gateway());
            assertEquals(jv0, def.oif());
            assertEquals(RtnlAbi.RTPROT_BOOT, def.protocol());
            Route dev = main.stream().filter(r -> r.dst().toString().equals("192.168.50.0/24")).findFirst().orElseThrow();
            assertNull(dev.gateway());
            assertEquals(jv1, dev.oif());
            assertEquals(RtnlAbi.RT_SCOPE_LINK, dev.scope());
            Route metric = main.stream().filter(r -> r.dst().toString().equals("172.16.0.0/16")).findFirst().orElseThrow();
            assertEquals(50, metric.priority());
            Route t1000 = rtnl.routes().list(IpFamily.V4).stream().filter(r -> r.table() == 1000).findFirst().orElseThrow();
            assertEquals("10.20.0.0/16", t1000.dst().toString());

            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.routes().add(RouteSpec.defaultVia(gw)));
            assertEquals(Errno.EEXIST, e.errno());

            rtnl.routes().delete(RouteSpec.defaultVia(gw));
            rtnl.routes().delete(RouteSpec.builder().dst("10.20.0.0/16").device("jv0").table(1000).build());
            assertTrue(rtnl.routes().list(IpFamily.V4).stream().noneMatch(r -> r.isDefault() || r.table() == 1000));
            e = assertThrows(NetlinkException.class, () -> rtnl.routes().delete(RouteSpec.defaultVia(gw)));
            assertEquals(Errno.ESRCH, e.errno());
        }
    }

    @Test
    void ipv6Routes() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.builder().name("jv0").up(true).peer(PeerSpec.builder().name("jv1").up(true).build()).build());
            rtnl.routes().add(RouteSpec.viaDevice(Cidr.parse("fd00:1::/64"), "jv0"));
            rtnl.routes().add(RouteSpec.builder().dst("::/0").device("jv0").build());
            List<Route> v6 = rtnl.routes().list(IpFamily.V6);
            assertTrue(v6.stream().anyMatch(r -> r.dst().toString().equals("fd00:1::/64")), v6.toString());
            assertTrue(v6.stream().anyMatch(r -> r.isDefault() && r.table() == RtnlAbi.RT_TABLE_MAIN), v6.toString());
        }
    }
}
