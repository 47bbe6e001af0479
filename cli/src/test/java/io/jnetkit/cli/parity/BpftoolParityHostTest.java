package io.jnetkit.cli.parity;

import io.jnetkit.cli.CliRun;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jnetkit.cli.parity.Parity.Difference.omitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jnetkit's {@code prog show} and {@code net show} next to bpftool's (7.5: $JNETKIT_BPFTOOL, as
 * bin/test sets) on the same programs: two policies attached to the tcx hooks of a veth in a
 * fresh namespace (compiled by jnetkit, no clang needed), one of them replaced once so a hook's
 * revision moves. JSON compared key by key, order included; {@code prog show id N} text byte for byte.
 *
 * <p>Deliberate differences, and only these: jnetkit adds {@code verified_insns} to a program,
 * and {@code tag}/{@code revision} to each {@code net show} entry plus the {@code hooks} list
 * (every hook with its revision, the empty ones too); bpftool's {@code pids} (the processes
 * holding the program open) are not printed.
 *
 * <p>{@code map show} next to bpftool's on global-data maps with BTF (one frozen) and a hash map
 * without: by id as JSON (one object) and text, by pin, and the listing; bpftool 7.5's listing
 * repeats the previous map's {@code btf_id} on a map without BTF (a bpftool bug), dropped there.
 *
 * <p>{@code bpflink show} next to {@code bpftool link show} on the tcx links {@code policy apply}
 * pins, live and after their device is deleted (defunct: {@code (detached)}, ifindex 0): by id as
 * JSON and text, by pin, and the listing (restricted to this test's links: other tests make and
 * drop links while it runs).
 */
@HostTest
class BpftoolParityHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    // The policies' pins: in the test's own bpffs, never the host's (they were left there, under
    // /sys/fs/bpf/jnetkit/<the test's namespace>, until NoKernelLeaks named them).
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    static final List<Parity.Difference> ALLOWED = List.of(
            new Parity.Difference("verified_insns", "jnetkit's addition", (b, j) -> b == Parity.MISSING),
            new Parity.Difference("[*].verified_insns", "jnetkit's addition", (b, j) -> b == Parity.MISSING),
            omitted("pids", "the processes holding the program are not looked up"),
            omitted("[*].pids", "the processes holding the program are not looked up"),
            new Parity.Difference("[*].tc[*].tag", "jnetkit's addition", (b, j) -> b == Parity.MISSING),
            new Parity.Difference("[*].tc[*].revision", "jnetkit's addition", (b, j) -> b == Parity.MISSING),
            new Parity.Difference("[*].hooks", "jnetkit's addition", (b, j) -> b == Parity.MISSING));

    private String bpftoolInNs(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Parity.ip(), "netns", "exec", ns.name(), Parity.bpftool()));
        cmd.addAll(List.of(args));
        return Parity.run(cmd);
    }

    /** bpftool 7.5's {@code link show id N} exits 255 after printing the link (a bpftool bug): that output counts. */
    private String bpftoolLinkInNs(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Parity.ip(), "netns", "exec", ns.name(), Parity.bpftool()));
        cmd.addAll(List.of(args));
        return Parity.run(cmd, 255);
    }

    /** bpftool outside the namespace: ip netns exec remounts /sys, hiding the bpffs the pins are in. */
    private String bpftool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Parity.bpftool()));
        cmd.addAll(List.of(args));
        return Parity.run(cmd);
    }

    private String ours(String... args) {
        CliRun r = CliRun.in(ns.name(), args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);
        return r.out();
    }

    private Map<?, ?> policyJson(String dev, String hook, String rules) {
        return (Map<?, ?>) JsonTree.parse(ours("policy", "apply", dev, hook, rules, "--json"));
    }

    private int policy(String dev, String hook, String rules) {
        String out = ours("policy", "apply", dev, hook, rules, "--json");
        Map<?, ?> m = (Map<?, ?>) JsonTree.parse(out);
        return ((BigDecimal) m.get("prog_id")).intValueExact();
    }

    private static void same(String what, String theirs, String mine) {
        List<String> d = Parity.differences(JsonTree.parse(theirs), JsonTree.parse(mine), ALLOWED);
        assertTrue(d.isEmpty(), () -> what + " differs:\n  " + String.join("\n  ", d) + "\nbpftool: " + theirs
                + "\njnetkit: " + mine);
    }

    @Test
    void programsAndHooksReadTheSame() {
        String version = Parity.run(List.of(Parity.bpftool(), "version"));
        assertTrue(version.matches("(?s)bpftool v7\\.([5-9]|\\d\\d).*|bpftool v([8-9]|\\d\\d)\\..*"),
                "these tests compare with bpftool 7.5+ (set JNETKIT_BPFTOOL, as bin/test does): " + version);
        CliRun.ok(CliRun.withNetns(ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1"));
        int first = policy("v0", "tcx-ingress", "count deny udp dport 53; allow any");
        int egress = policy("v0", "tcx-egress", "deny tcp dport 1; allow any");
        int ingress = policy("v0", "tcx-ingress", "count deny udp dport 54; allow any");  // replaces first
        assertTrue(first != ingress);

        for (int id : List.of(ingress, egress)) {
            String theirs = bpftool("-j", "prog", "show", "id", String.valueOf(id));
            String mine = ours("prog", "show", "id", String.valueOf(id), "--json");
            assertInstanceOf(Map.class, JsonTree.parse(mine), "prog show id N is one object, as bpftool's: " + mine);
            same("prog show id " + id, theirs, mine);
            assertEquals(bpftool("prog", "show", "id", String.valueOf(id)),
                    ours("prog", "show", "id", String.valueOf(id)), "prog show id " + id + " as text");
        }
        assertInstanceOf(List.class, JsonTree.parse(ours("prog", "show", "--json")), "a listing is an array");

        String theirs = bpftoolInNs("-j", "net", "show");
        String mine = ours("net", "show", "--json");
        same("net show", theirs, mine);
        same("net show dev v0", bpftoolInNs("-j", "net", "show", "dev", "v0"), ours("net", "show", "dev", "v0", "--json"));
        // the extension: every hook with its revision (ingress was replaced once: revision 3)
        assertTrue(mine.contains("{\"ifname\":\"v0\",\"ifindex\":"), mine);
        assertTrue(mine.matches("(?s).*\"kind\":\"tcx/ingress\",\"revision\":3,\"progs\":\\[\\{\"prog_id\":" + ingress + ".*"), mine);
        assertFalse(mine.contains("\"prog_id\":" + first + ","), "the replaced program is gone: " + mine);
    }

    private static int id(Object n) {
        return ((BigDecimal) n).intValueExact();
    }

    /** The entries of a link listing whose id is one of {@code ids}, in the listing's order. */
    private static List<Object> only(String listing, List<Integer> ids) {
        return ((List<?>) JsonTree.parse(listing)).stream()
                .filter(e -> ids.contains(id(((Map<?, ?>) e).get("id")))).map(e -> (Object) e).toList();
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /**
     * {@code map show} next to bpftool's on maps of every shape it prints: port_filter.o's global
     * data (.bss; .rodata frozen, both with BTF) loaded by jnetkit, and a hash map without BTF made
     * by the library; and {@code prog show} of port_filter itself (btf_id, map_ids). Pinned and closed, so that no process of ours holds them (bpftool's
     * {@code pids} would show in its text). By id (one object) as JSON and text, by pin, and the
     * listing restricted to these maps.
     */
    @Test
    void mapsAndTheirProgramReadTheSame() throws Exception {
        java.nio.file.Path obj = io.jnetkit.cli.Fixtures.portFilter(tmp);
        java.nio.file.Path progPin = bpffs.root().resolve("pf");
        CliRun.ok("prog", "load", obj.toString(), progPin.toString());
        List<Integer> ids = new ArrayList<>();
        String progId;
        try (io.jnetkit.bpf.Program p = io.jnetkit.bpf.Program.fromPinned(progPin)) {
            ids.addAll(p.info().mapIds());
            progId = String.valueOf(p.id());
        }
        // the program too: loaded from an object with BTF (btf_id) and global data (map_ids)
        same("prog show id " + progId, bpftool("-j", "prog", "show", "id", progId), ours("prog", "show", "id", progId, "--json"));
        assertEquals(bpftool("prog", "show", "id", progId), ours("prog", "show", "id", progId), "prog show as text");
        java.nio.file.Path hashPin = bpffs.root().resolve("hash");
        try (io.jnetkit.bpf.BpfMap hash = io.jnetkit.bpf.BpfMap.create(io.jnetkit.bpf.MapSpec.of("jnk_hash",
                io.jnetkit.bpf.MapType.HASH, 4, 8, 16))) {
            hash.pin(hashPin);
            ids.add(hash.id());
        }
        assertEquals(3, ids.size(), "port_filter.o's .bss and .rodata, and the hash: " + ids);
        boolean frozen = false;
        for (int id : ids) {
            String n = String.valueOf(id);
            String mine = ours("map", "show", "id", n, "--json");
            assertInstanceOf(Map.class, JsonTree.parse(mine), "map show id N is one object, as bpftool's: " + mine);
            same("map show id " + n, bpftool("-j", "map", "show", "id", n), mine);
            String text = ours("map", "show", "id", n);
            assertEquals(bpftool("map", "show", "id", n), text, "map show id " + n + " as text");
            frozen |= text.contains("frozen");
        }
        assertTrue(frozen, ".rodata is frozen and says so");
        same("map show pinned", bpftool("-j", "map", "show", "id", String.valueOf(ids.getLast())),
                ours("map", "show", "pinned", hashPin.toString(), "--json"));
        // bpftool 7.5's listing does not clear its info between maps: a map without BTF shows the
        // btf_id of the map listed before it (by id it shows none). That key is dropped from its side.
        List<Object> theirs = new ArrayList<>();
        for (Object e : only(bpftool("-j", "map", "show"), ids)) {
            Map<?, ?> entry = (Map<?, ?>) e;
            Map<Object, Object> fixed = new java.util.LinkedHashMap<>(entry);
            Map<?, ?> byId = (Map<?, ?>) JsonTree.parse(bpftool("-j", "map", "show", "id", String.valueOf(id(entry.get("id")))));
            if (!byId.containsKey("btf_id")) fixed.remove("btf_id");
            theirs.add(fixed);
        }
        List<Object> mine = only(ours("map", "show", "--json"), ids);
        assertEquals(3, mine.size(), mine.toString());
        List<String> d = Parity.differences(theirs, mine, ALLOWED);
        assertTrue(d.isEmpty(), () -> "map listing differs:\n  " + String.join("\n  ", d));
    }

    @Test
    void bpfLinksReadTheSame() {
        CliRun.ok(CliRun.withNetns(ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1"));
        Map<?, ?> in = policyJson("v0", "tcx-ingress", "deny udp dport 53; allow any");
        Map<?, ?> eg = policyJson("v1", "tcx-egress", "allow any");
        List<Integer> ids = List.of(id(in.get("link_id")), id(eg.get("link_id")));
        for (String phase : List.of("live", "defunct")) {
            for (int id : ids) {
                String n = String.valueOf(id);
                String mine = ours("bpflink", "show", "id", n, "--json");
                assertInstanceOf(Map.class, JsonTree.parse(mine), "bpflink show id N is one object, as bpftool's: " + mine);
                same(phase + " bpflink show id " + n, bpftoolLinkInNs("-j", "link", "show", "id", n), mine);
                assertEquals(bpftoolLinkInNs("link", "show", "id", n), ours("bpflink", "show", "id", n),
                        phase + " bpflink show id " + n + " as text");
            }
            List<Object> theirs = only(bpftoolInNs("-j", "link", "show"), ids);
            List<Object> mine = only(ours("bpflink", "show", "--json"), ids);
            List<String> d = Parity.differences(theirs, mine, ALLOWED);
            assertTrue(d.isEmpty(), () -> phase + " listing differs:\n  " + String.join("\n  ", d));
            assertEquals(2, mine.size(), phase + ": both links listed: " + mine);
            if (phase.equals("live")) {
                String pinned = (String) in.get("pinned");
                // bpftool by id in the namespace (its devname), jnetkit by the pin: the same link
                same("bpflink show pinned", bpftoolLinkInNs("-j", "link", "show", "id", String.valueOf(ids.get(0))),
                        ours("bpflink", "show", "pinned", pinned, "--json"));
                assertTrue(ours("bpflink", "show", "pinned", pinned).contains("ifindex v0("), "text names the device");
                CliRun.ok(CliRun.withNetns(ns.name(), "link", "del", "v0"));  // takes v1 with it
            } else {
                assertTrue(ours("bpflink", "show", "id", String.valueOf(ids.get(1))).contains("ifindex (detached)"));
            }
        }
    }
}
