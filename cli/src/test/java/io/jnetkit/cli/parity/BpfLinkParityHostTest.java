package io.jnetkit.cli.parity;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.LinkType;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.bpf.ProgramType;
import io.jnetkit.cli.CliRun;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpflink show} next to {@code bpftool link show} (7.5) on the link kinds this host kernel
 * makes without netkit, besides tcx ({@link BpftoolParityHostTest}): an XDP link on a veth in a
 * fresh namespace, a cgroup_skb link on a fresh cgroup v2 directory, a flow dissector link on
 * the fresh namespace and an sk_skb stream verdict link on a sockmap. Each is pinned and its descriptor closed, so that bpftool finds no
 * process holding it (its {@code pids}, which jnetkit does not look up, stay out of the text).
 * Compared live and defunct (the device deleted, the others detached with BPF_LINK_DETACH):
 * by id as JSON key by key and as text byte for byte, by pin, and in the listing. The only
 * allowed differences are {@link BpftoolParityHostTest#ALLOWED}'s. {@code net show --json} as well:
 * its {@code flow_dissector} list holds the namespace's flow dissector as bpftool's does (bpftool
 * 7.5 writes it as {@code ["id":N]}, which is not JSON, read here as the {@code [{"id":N}]} jnetkit
 * writes), and its {@code xdp} list the XDP program; and ip's {@code link show} and {@code addr show}
 * of the device with the XDP program, JSON and text ({@code link show} plain and {@code -d}).
 */
@HostTest
class BpfLinkParityHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    /** r0 = {@code verdict}; exit. */
    private static Bytecode returning(int verdict) {
        return Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, verdict), Bytecode.encode(0x95, 0, 0, 0, 0));
    }

    /** bpftool in the test's namespace (device names); 7.5's {@code link show id N} exits 255 after printing it. */
    private String bpftool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Parity.ip(), "netns", "exec", ns.name(), Parity.bpftool()));
        cmd.addAll(List.of(args));
        return Parity.run(cmd, 255);
    }

    private String ip(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Parity.ip(), "-n", ns.name()));
        cmd.addAll(args);
        return Parity.run(cmd);
    }

    private String ours(String... args) {
        CliRun r = CliRun.in(ns.name(), args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);
        return r.out();
    }

    private static void same(String what, Object theirs, Object mine) {
        List<String> d = Parity.differences(theirs, mine, BpftoolParityHostTest.ALLOWED);
        assertTrue(d.isEmpty(), () -> what + " differs:\n  " + String.join("\n  ", d) + "\nbpftool: " + theirs
                + "\njnetkit: " + mine);
    }

    /** Where cgroup v2 is mounted, from /proc/self/mounts (on this host /sys/fs/cgroup/unified). */
    private static Path cgroup2() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = l.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) return Path.of(f[1].replace("\\040", " "));
        }
        throw new AssertionError("no cgroup2 mount in /proc/self/mounts: a cgroup link needs one");
    }

    private static int id(Object n) {
        return ((BigDecimal) n).intValueExact();
    }

    @Test
    void xdpCgroupNetnsAndSockmapLinksReadTheSame() throws Exception {
        CliRun.ok(CliRun.withNetns(ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1"));
        int ifindex = id(((Map<?, ?>) ((List<?>) JsonTree.parse(ours("link", "show", "v0", "--json"))).getFirst()).get("ifindex"));
        Path cgroup = cgroup2().resolve(FreshNetns.uniqueName("jnk-cg"));
        Files.createDirectory(cgroup);
        Map<String, Path> pins = new LinkedHashMap<>();
        for (String k : List.of("xdp", "cgroup", "netns", "sockmap")) pins.put(k, bpffs.root().resolve(k));
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Integer> progIds = new LinkedHashMap<>();
        try {
            try (Program xdp = Program.load(ProgramSpec.of("jnk_xdp", ProgramType.XDP, returning(2)));
                 Program skb = Program.load(ProgramSpec.of("jnk_cg_skb", ProgramType.CGROUP_SKB, returning(1)));
                 Program flow = Program.load(ProgramSpec.of("jnk_flow", ProgramType.FLOW_DISSECTOR, returning(0)));
                 Program verdict = Program.load(ProgramSpec.of("jnk_sk_skb", ProgramType.SK_SKB, returning(1)));
                 BpfMap sockmap = BpfMap.create(MapSpec.of("jnk_sockmap", MapType.SOCKMAP, 4, 4, 1));
                 BpfLink x = Attachments.attachXdpLink(ns.get(), xdp, ifindex);
                 BpfLink c = Attachments.attachCgroupLink(skb, cgroup, AttachType.CGROUP_INET_INGRESS);
                 BpfLink n = Attachments.attachNetnsLink(flow, ns.get(), AttachType.FLOW_DISSECTOR);
                 BpfLink s = Attachments.attachSockmapLink(verdict, sockmap, AttachType.SK_SKB_STREAM_VERDICT)) {
                assertEquals(LinkType.XDP, x.info().type());
                assertEquals(LinkType.CGROUP, c.info().type());
                assertEquals(LinkType.NETNS, n.info().type());
                assertEquals(LinkType.SOCKMAP, s.info().type());
                x.pin(pins.get("xdp"));
                c.pin(pins.get("cgroup"));
                n.pin(pins.get("netns"));
                s.pin(pins.get("sockmap"));
                ids.put("xdp", x.id());
                progIds.put("xdp", xdp.id());
                ids.put("cgroup", c.id());
                ids.put("netns", n.id());
                ids.put("sockmap", s.id());
            }
            for (String phase : List.of("live", "defunct")) {
                for (var e : ids.entrySet()) {
                    String what = phase + " " + e.getKey() + " link";
                    String n = String.valueOf(e.getValue());
                    String mine = ours("bpflink", "show", "id", n, "--json");
                    assertInstanceOf(Map.class, JsonTree.parse(mine), "bpflink show id N is one object: " + mine);
                    same(what + " by id", JsonTree.parse(bpftool("-j", "link", "show", "id", n)), JsonTree.parse(mine));
                    assertEquals(bpftool("link", "show", "id", n), ours("bpflink", "show", "id", n), what + " as text");
                    same(what + " by pin", JsonTree.parse(mine),
                            JsonTree.parse(ours("bpflink", "show", "pinned", pins.get(e.getKey()).toString(), "--json")));
                }
                // net show: the flow dissector as bpftool lists it; XDP is not read by jnetkit (its list stays empty)
                // bpftool 7.5 writes its flow dissector as "flow_dissector":["id":N], not JSON (a key in an
                // array); jnetkit writes the object it means, [{"id":N}], and bpftool's is read that way here
                String theirNet = bpftool("-j", "net", "show")
                        .replaceAll("\"flow_dissector\":\\[(\"id\":\\d+)\\]", "\"flow_dissector\":[{$1}]");
                String myNet = ours("net", "show", "--json");
                List<String> nd = Parity.differences(JsonTree.parse(theirNet), JsonTree.parse(myNet),
                        BpftoolParityHostTest.ALLOWED);
                assertTrue(nd.isEmpty(), () -> phase + " net show differs:\n  " + String.join("\n  ", nd)
                        + "\nbpftool: " + theirNet + "\njnetkit: " + myNet);
                assertEquals(phase.equals("live"), myNet.contains("\"flow_dissector\":[{\"id\":"), myNet);

                List<Integer> wanted = List.copyOf(ids.values());
                List<Object> theirs = only(bpftool("-j", "link", "show"), wanted);
                List<Object> mine = only(ours("bpflink", "show", "--json"), wanted);
                assertEquals(4, mine.size(), phase + ": all four listed: " + mine);
                same(phase + " listing", theirs, mine);
                assertEquals(phase.equals("live"), myNet.contains("\"xdp\":[{\"devname\":\"v0\",\"ifindex\":" + ifindex
                        + ",\"mode\":\"driver\",\"id\":"), myNet);
                if (phase.equals("live")) {
                    // ip shows the XDP program on the device: the mode after the MTU, the program on a line
                    for (List<String> a : List.of(List.of("link", "show", "dev", "v0"), List.of("-d", "link", "show", "dev", "v0"),
                            List.of("addr", "show", "dev", "v0"))) {
                        List<String> j = new ArrayList<>(List.of("-j"));
                        j.addAll(a);
                        String theirJson = ip(j);
                        String myJson = ours(j.toArray(String[]::new));
                        List<String> d = Parity.differences(JsonTree.parse(theirJson), JsonTree.parse(myJson),
                                IprouteParityHostTest.ALLOWED);
                        assertTrue(d.isEmpty(), () -> "ip " + j + " differs:\n  " + String.join("\n  ", d)
                                + "\nip:      " + theirJson + "\njnetkit: " + myJson);
                        assertTrue(theirJson.contains("\"xdp\":{\"mode\":1,\"prog\":{\"id\":" + progIds.get("xdp")), theirJson);
                        assertEquals(ip(a), ours(a.toArray(String[]::new)), "ip " + a);
                    }
                    String x = ours("bpflink", "show", "id", String.valueOf(ids.get("xdp")));
                    assertTrue(x.contains("ifindex v0(" + ifindex + ")"), x);
                    String c = ours("bpflink", "show", "id", String.valueOf(ids.get("cgroup")));
                    assertTrue(c.contains("cgroup_id " + Files.getAttribute(cgroup, "unix:ino")), "the cgroup's inode: " + c);
                    CliRun.ok(CliRun.withNetns(ns.name(), "link", "del", "v0"));
                    for (String k : List.of("cgroup", "netns", "sockmap")) {
                        try (BpfLink l = BpfLink.fromPinned(pins.get(k))) {
                            l.detach();
                        }
                    }
                } else {
                    assertTrue(ours("bpflink", "show", "id", String.valueOf(ids.get("xdp"))).contains("ifindex (detached)"));
                }
            }
        } finally {
            for (Path p : pins.values()) Files.deleteIfExists(p);
            Files.deleteIfExists(cgroup);
        }
    }

    /** The entries of a link listing whose id is one of {@code ids}, in the listing's order. */
    private static List<Object> only(String listing, List<Integer> ids) {
        return ((List<?>) JsonTree.parse(listing)).stream()
                .filter(e -> ids.contains(id(((Map<?, ?>) e).get("id")))).map(e -> (Object) e).toList();
    }
}
