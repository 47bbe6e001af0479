package io.jnetkit.cli.link;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netkit policies on real traffic: blackhole drops what the device transmits, forward passes it;
 * policies change only through the primary; deleting the primary removes the peer in the pod.
 */
@NetkitTest
class NetkitPolicyNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    private static int ping(String netns, String to) {
        return CliRun.of("netns", "exec", netns, "--", "ping", "-q", "-c", "3", "-i", "0.2", "-W", "1", to).exit();
    }

    @Test
    void blackholeDropsForwardPassesOnlyThePrimaryDecides() {
        String host = ns.name();
        NetNs podNs = ns.another();
        String pod = podNs.name();
        ok("-n", host, "link", "add", "nk-h", "type", "netkit", "mode", "l2", "peer", "name", "nk-p", "netns", pod);
        ok("-n", host, "addr", "add", "10.1.0.1/24", "dev", "nk-h");
        ok("-n", host, "link", "set", "nk-h", "up");
        ok("-n", pod, "addr", "add", "10.1.0.2/24", "dev", "nk-p");
        ok("-n", pod, "link", "set", "nk-p", "up");
        assertEquals(0, ping(host, "10.1.0.2"), "forward/forward passes");

        // Pod egress (the peer transmitting) blackholed: requests arrive, replies are dropped.
        ok("-n", host, "link", "set", "nk-h", "type", "netkit", "forward", "peer", "blackhole");
        assertTrue(ok("-n", host, "link", "show", "-d", "nk-h").out().contains("policy forward peer policy blackhole"));
        assertTrue(ok("-n", pod, "link", "show", "-d", "nk-p").out().contains("type peer policy blackhole peer policy forward"),
                "the peer reports its own policy first");
        assertNotEquals(0, ping(host, "10.1.0.2"), "blackholed peer must drop the replies");

        // The peer cannot change anything: the kernel says so, in its words.
        CliRun refused = CliRun.of("-n", pod, "link", "set", "nk-p", "type", "netkit", "forward");
        assertEquals(Exit.PERMISSION.code, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("EACCES"), refused.err());
        assertTrue(refused.err().contains("only through the primary"), refused.err());

        // Host egress blackholed instead.
        ok("-n", host, "link", "set", "nk-h", "policy", "blackhole", "peer-policy", "forward");
        assertNotEquals(0, ping(host, "10.1.0.2"), "blackholed primary must drop the requests");
        ok("-n", host, "link", "set", "nk-h", "policy", "forward");
        assertEquals(0, ping(host, "10.1.0.2"), "forward again passes");

        CliRun immutable = CliRun.of("-n", host, "link", "set", "nk-h", "type", "netkit", "mode", "l3");
        assertEquals(Exit.USAGE.code, immutable.exit(), immutable.toString());

        // Deleting the primary takes the peer in the pod with it.
        ok("-n", host, "link", "del", "nk-h");
        assertFalse(ok("-n", pod, "link", "show").out().contains("nk-p"));
    }
}
