package io.jnetkit.cli.link;

import io.jnetkit.cli.CliRun;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Side by side with iproute2 (6.8+ knows netkit's mode/policy/scrub words; bookworm's 6.1 does
 * not, so bin/test points JNETKIT_IPROUTE2 at bookworm-backports' ip): a pair made by ip reads
 * the same through jnetkit, and a pair made by jnetkit reads the same through ip.
 */
@NetkitTest
class IprouteCrossCheckNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    static String ipBinary() {
        String ip = System.getenv("JNETKIT_IPROUTE2");
        return ip == null || ip.isBlank() ? "ip" : ip;
    }

    private String ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ipBinary(), "-n", ns.name()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ": " + out.strip()
                    + "\n(this test needs iproute2 6.8+ with netkit keywords: set JNETKIT_IPROUTE2, as bin/test does)");
        }
        return out;
    }

    private CliRun jnk(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = ns.name();
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = CliRun.of(all);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);
        return r;
    }

    /** The value of "key":"value" in a flat piece of JSON (both tools print these keys the same way). */
    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"?([^\",}]*)\"?").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static final List<String> DETAIL_KEYS =
            List.of("info_kind", "mode", "type", "policy", "peer_policy", "scrub", "peer_scrub", "ifname", "mtu",
                    "address", "operstate");

    private void sameView(String dev) throws Exception {
        String theirs = ip("-d", "-j", "link", "show", "dev", dev);
        String ours = jnk("link", "show", "-d", dev, "--json").out();
        for (String key : DETAIL_KEYS) {
            assertEquals(field(theirs, key), field(ours, key), key + " of " + dev + "\nip:      " + theirs + "\njnetkit: " + ours);
        }
    }

    @Test
    void aPairMadeByIpReadsTheSameThroughJnetkit() throws Exception {
        ip("link", "add", "ip-a", "type", "netkit", "mode", "l2", "blackhole", "scrub", "none",
                "peer", "forward", "scrub", "default", "name", "ip-b");
        String a = jnk("link", "show", "-d", "ip-a").out();
        assertTrue(a.contains("netkit mode l2 type primary policy blackhole peer policy forward scrub none peer scrub default"), a);
        String b = jnk("link", "show", "-d", "ip-b").out();
        assertTrue(b.contains("netkit mode l2 type peer policy forward peer policy blackhole scrub default peer scrub none"), b);
        sameView("ip-a");
        sameView("ip-b");
    }

    @Test
    void aPairMadeByJnetkitReadsTheSameThroughIp() throws Exception {
        jnk("link", "add", "jn-a", "type", "netkit", "mode", "l2", "forward", "scrub", "default",
                "peer", "blackhole", "scrub", "none", "name", "jn-b");
        String theirs = ip("-d", "link", "show", "dev", "jn-a");
        assertTrue(theirs.contains("netkit mode l2 type primary policy forward peer policy blackhole scrub default peer scrub none"),
                theirs);
        sameView("jn-a");
        sameView("jn-b");
        // Defaults: L3, zero MAC, forward both ways.
        jnk("link", "add", "jn-c", "type", "netkit");
        String c = ip("-d", "link", "show", "dev", "jn-c");
        assertTrue(c.contains("link/ether 00:00:00:00:00:00"), c);
        assertTrue(c.contains("netkit mode l3 type primary policy forward peer policy forward"), c);
        sameView("jn-c");
    }
}
