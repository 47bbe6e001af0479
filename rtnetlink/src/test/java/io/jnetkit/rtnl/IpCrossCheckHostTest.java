package io.jnetkit.rtnl;

import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Cross-check with iproute2: what jnetkit makes, {@code ip} reads, and the other way round. */
@HostTest
class IpCrossCheckHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static String ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    @Test
    void ipReadsWhatJnetkitCreated() throws Exception {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.builder().name("jv0").mtu(1450).address(MacAddress.parse("02:00:00:00:00:0a"))
                    .peer(PeerSpec.named("jv1")).build());
            rtnl.addresses().add("jv0", "10.3.0.1/24");
            String out = ip("-n", ns.name(), "-d", "link", "show", "jv0");
            assertTrue(out.contains("jv0@jv1:"), out);
            assertTrue(out.contains("mtu 1450"), out);
            assertTrue(out.contains("link/ether 02:00:00:00:00:0a"), out);
            assertTrue(out.contains("veth"), out);
            assertTrue(ip("-n", ns.name(), "addr", "show", "dev", "jv0").contains("inet 10.3.0.1/24"));
        }
    }

    @Test
    void jnetkitReadsWhatIpCreated() throws Exception {
        ip("-n", ns.name(), "link", "add", "ipv0", "mtu", "1400", "type", "veth", "peer", "name", "ipv1");
        ip("-n", ns.name(), "link", "set", "ipv0", "up");
        ip("-n", ns.name(), "addr", "add", "fd00:5::1/64", "dev", "ipv0");
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            Link a = rtnl.links().get("ipv0");
            Link b = rtnl.links().get("ipv1");
            assertEquals("veth", a.kind());
            assertEquals(1400, a.mtu());
            assertTrue(a.up());
            assertFalse(a.lowerUp(), "no carrier while the peer is down");
            assertEquals(b.index(), a.link());
            assertTrue(rtnl.addresses().list("ipv0").stream().anyMatch(x -> x.cidr().toString().equals("fd00:5::1/64")));
            rtnl.links().delete("ipv0");
        }
        assertFalse(ip("-n", ns.name(), "link", "show").contains("ipv1"));
    }
}
