package io.jnetkit.cli.parity;

import io.jnetkit.cli.CliRun;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netkit links and hooks next to iproute2 6.15 and bpftool 7.5 in a netkit kernel: a pair made by
 * ip (L2, blackhole/forward, scrub none/default) and one made by jnetkit (defaults: L3) with its
 * peer in another namespace; ip's {@code -d -j}, {@code -s -j}, {@code -br -j} and {@code -d} text
 * against jnetkit's, key by key (the deliberate differences of {@link IprouteParityHostTest} apply:
 * netkit's own {@code info_data} is compared in full). Then a policy on the peer hook and another
 * on the primary hook, and {@code bpftool -j net show} against {@code jnetkit net show --json}, and
 * the two netkit links those policies pin: {@code bpftool link show id N} against {@code jnetkit
 * bpflink show id N}, JSON and text (a peer link names the peer device).
 *
 * <p>Also the device kinds this host's kernel cannot make and the guest's can (its modules load on
 * demand): a dummy and an 802.1Q vlan on a veth, made by ip (jnetkit has no {@code link add type
 * dummy|vlan}), {@code -d -j} and plain text against ip's. A vlan's {@code info_data} (protocol,
 * id, flags) is not decoded ({@link IprouteParityHostTest#ALLOWED}), so ip's {@code -d} text,
 * which prints it, is not compared for the vlan.
 */
@NetkitTest
class NetkitParityNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    // The policies' pins: in the test's own bpffs, never the host's (they were left under
    // /sys/fs/bpf/jnetkit/<the test's namespace> until NoKernelLeaks named them).
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private List<String> withNs(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-n", ns.name()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private String ip(String... args) {
        return Parity.run(withNs(Parity.ip(), args));
    }

    private String ours(String... args) {
        CliRun r = CliRun.in(ns.name(), args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);
        return r.out();
    }

    private void sameJson(String... args) {
        List<String> a = new ArrayList<>(List.of("-j"));
        a.addAll(List.of(args));
        String theirs = null, mine = null;
        List<String> d = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            theirs = ip(a.toArray(String[]::new));
            mine = ours(a.toArray(String[]::new));
            d = Parity.differences(JsonTree.parse(theirs), JsonTree.parse(mine), IprouteParityHostTest.ALLOWED);
            if (d.isEmpty()) return;
            if (!theirs.equals(ip(a.toArray(String[]::new)))) continue;  // counters moved meanwhile
            break;
        }
        String t = theirs, m = mine;
        List<String> diffs = d;
        throw new AssertionError("ip " + String.join(" ", a) + " differs:\n  " + String.join("\n  ", diffs)
                + "\nip:      " + t + "\njnetkit: " + m);
    }

    @Test
    void netkitLinksAndHooksReadTheSame() {
        NetNs other = ns.another();
        ip("link", "add", "ip-a", "type", "netkit", "mode", "l2", "blackhole", "scrub", "none",
                "peer", "forward", "scrub", "default", "name", "ip-b");
        ours("link", "add", "jn-a", "type", "netkit", "peer", "name", "jn-b", "netns", other.name());
        for (String d : List.of("ip-a", "ip-b", "jn-a")) ip("link", "set", d, "up");

        sameJson("-d", "link", "show");
        sameJson("link", "show");
        sameJson("-s", "link", "show");
        sameJson("-br", "link", "show");
        sameJson("link", "show", "type", "netkit");
        for (String dev : List.of("ip-a", "ip-b", "jn-a")) {
            assertEquals(ip("-d", "link", "show", "dev", dev), ours("-d", "link", "show", "dev", dev), "-d link show " + dev);
        }
        assertEquals(ip("-br", "link", "show"), ours("-br", "link", "show"));

        String applied = ours("policy", "apply", "ip-a", "peer", "deny tcp dport 1; allow any", "--json")
                + ours("policy", "apply", "jn-a", "primary", "count deny udp dport 53; allow any", "--json");
        List<String> bpftool = new ArrayList<>(List.of(Parity.ip(), "netns", "exec", ns.name(), Parity.bpftool(),
                "-j", "net", "show"));
        String theirs = Parity.run(bpftool);
        String mine = ours("net", "show", "--json");
        List<String> d = Parity.differences(JsonTree.parse(theirs), JsonTree.parse(mine), BpftoolParityHostTest.ALLOWED);
        assertTrue(d.isEmpty(), () -> "net show differs:\n  " + String.join("\n  ", d) + "\nbpftool: " + theirs
                + "\njnetkit: " + mine);
        assertTrue(mine.contains("\"kind\":\"netkit/peer\""), mine);
        assertTrue(mine.contains("\"kind\":\"netkit/primary\""), mine);

        // the links the two policies pinned, as bpftool link show prints them
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"link_id\":(\\d+)").matcher(applied);
        List<String> links = new ArrayList<>();
        while (m.find()) if (!links.contains(m.group(1))) links.add(m.group(1));
        assertEquals(2, links.size(), applied);
        for (String id : links) {
            List<String> cmd = new ArrayList<>(List.of(Parity.ip(), "netns", "exec", ns.name(), Parity.bpftool(),
                    "link", "show", "id", id));
            String text = Parity.run(cmd, 255);  // bpftool 7.5 exits 255 after printing one link
            assertEquals(text, ours("bpflink", "show", "id", id), "bpflink show id " + id);
            cmd.add(5, "-j");
            String theirLink = Parity.run(cmd, 255);
            String myLink = ours("bpflink", "show", "id", id, "--json");
            List<String> ld = Parity.differences(JsonTree.parse(theirLink), JsonTree.parse(myLink),
                    BpftoolParityHostTest.ALLOWED);
            assertTrue(ld.isEmpty(), () -> "bpflink show id " + id + " differs:\n  " + String.join("\n  ", ld)
                    + "\nbpftool: " + theirLink + "\njnetkit: " + myLink);
            assertTrue(myLink.strip().matches(".*\"type\":\"netkit\".*\"devname\":\"(ip-b|jn-a)\".*\"attach_type\":\"netkit_(peer|primary)\".*"), myLink);
        }
    }

    @Test
    void dummyAndVlanReadTheSame() {
        ip("link", "add", "dm0", "type", "dummy");
        ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ip("link", "add", "link", "v0", "name", "v0.100", "type", "vlan", "id", "100");
        ip("link", "add", "link", "v0", "name", "v0.200", "type", "vlan", "protocol", "802.1ad", "id", "200");
        for (String d : List.of("dm0", "v0", "v1", "v0.100")) ip("link", "set", d, "up");
        ip("addr", "add", "192.0.2.1/24", "dev", "v0.100");

        sameJson("-d", "link", "show");
        sameJson("link", "show");
        sameJson("-s", "link", "show");
        sameJson("-br", "link", "show");
        sameJson("link", "show", "type", "vlan");
        sameJson("link", "show", "type", "dummy");
        sameJson("addr", "show", "dev", "v0.100");
        assertEquals(ip("link", "show"), ours("link", "show"));
        assertEquals(ip("-br", "link", "show"), ours("-br", "link", "show"));
        assertEquals(ip("-d", "link", "show", "dev", "dm0"), ours("-d", "link", "show", "dev", "dm0"), "-d link show dm0");
        assertEquals(ip("addr", "show", "dev", "v0.100"), ours("addr", "show", "dev", "v0.100"));
        String vlan = ours("-d", "-j", "link", "show", "dev", "v0.100");
        assertTrue(vlan.contains("\"info_kind\":\"vlan\""), vlan);
        assertTrue(vlan.contains("\"link\":\"v0\""), "the vlan's lower device: " + vlan);
    }
}
