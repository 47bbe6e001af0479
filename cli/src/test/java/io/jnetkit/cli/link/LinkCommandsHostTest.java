package io.jnetkit.cli.link;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** link/addr/route through the CLI on the host kernel, with veth (netkit needs the lab). */
@HostTest
class LinkCommandsHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private CliRun in(String... args) {
        return CliRun.in(ns.name(), args);
    }

    private CliRun ok(String... args) {
        return CliRun.ok(CliRun.withNetns(ns.name(), args));
    }

    @Test
    void vethAddressesRoutesAndShow() {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ok("link", "set", "v0", "up", "mtu", "1400");
        ok("link", "set", "v1", "up");
        ok("addr", "add", "10.7.0.1/24", "dev", "v0");
        ok("addr", "add", "fd00::1/64", "dev", "v0");
        ok("route", "add", "10.8.0.0/16", "via", "10.7.0.2");
        ok("route", "add", "default", "dev", "v0");

        String show = ok("link", "show", "v0").out();
        assertTrue(show.matches("(?s)\\d+: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n.*"), show);
        String addr = ok("addr", "show", "dev", "v0", "--json").out();
        assertTrue(addr.contains("\"local\":\"10.7.0.1\",\"prefixlen\":24"), addr);
        assertTrue(addr.contains("\"local\":\"fd00::1\",\"prefixlen\":64"), addr);
        String routes = ok("route", "show").out();
        assertTrue(routes.contains("default dev v0"), routes);
        assertTrue(routes.contains("10.8.0.0/16 via 10.7.0.2 dev v0"), routes);

        ok("route", "del", "10.8.0.0/16", "via", "10.7.0.2");
        ok("addr", "del", "10.7.0.1/24", "dev", "v0");
        ok("link", "set", "v0", "name", "v0-renamed", "down");
        ok("link", "del", "v1");
        String after = ok("link", "show").out();
        assertFalse(after.contains("v0-renamed"), "deleting one end deletes both: " + after);
    }

    @Test
    void badInputLeavesNothingBehind() {
        CliRun longName = in("link", "add", "a_name_of_16_byte", "type", "veth");
        assertEquals(Exit.USAGE.code, longName.exit(), longName.toString());
        assertTrue(longName.err().startsWith("jnetkit: "), longName.err());
        assertEquals(1, longName.err().lines().count(), longName.err());

        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        CliRun dup = in("link", "add", "v0", "type", "veth", "peer", "name", "v9");
        assertEquals(Exit.KERNEL.code, dup.exit(), dup.toString());
        assertTrue(dup.err().contains("EEXIST"), dup.err());
        assertFalse(ok("link", "show").out().contains("v9"), "the failed add left its peer behind");

        CliRun missing = in("link", "set", "nope", "up");
        assertEquals(Exit.NOT_FOUND.code, missing.exit(), missing.toString());
        CliRun badCidr = in("addr", "add", "10.0.0.300/24", "dev", "v0");
        assertEquals(Exit.USAGE.code, badCidr.exit(), badCidr.toString());
        CliRun badPrefix = in("addr", "add", "10.0.0.1/33", "dev", "v0");
        assertEquals(Exit.USAGE.code, badPrefix.exit(), badPrefix.toString());
        CliRun noNs = CliRun.of("-n", "jnk-no-such-ns", "link", "show");
        assertEquals(Exit.NOT_FOUND.code, noNs.exit(), noNs.toString());
        CliRun unknown = in("link", "add", "x", "type", "veth", "--frob");
        assertEquals(Exit.USAGE.code, unknown.exit(), unknown.toString());
        CliRun immutable = in("link", "set", "v0", "type", "netkit", "blackhole");
        assertTrue(immutable.exit() != 0, immutable.toString());
    }
}
