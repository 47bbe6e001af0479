package io.jnetkit.topology;

import io.jnetkit.pod.NetkitTuning;
import io.jnetkit.net.Cidr;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodProgram;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.policy.Policy;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitScrub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example files and what the planner makes of valid topologies. */
class TopologyPlanTest {
    /** Surefire runs in the module's directory. */
    static final Path EXAMPLES = Path.of("..", "examples");

    private static List<String> addresses(PlannedPod p) {
        return p.spec().addresses().stream().map(Cidr::toString).toList();
    }

    @Test
    void threePods() {
        Topology t = Topology.read(EXAMPLES.resolve("three-pods.yaml"));
        assertEquals("demo", t.name());
        assertEquals("tp-demo-", t.prefix());
        assertTrue(t.nodes().isEmpty());
        assertTrue(t.routes().isEmpty());
        assertEquals(List.of("web", "api", "db"), t.plan().stream().map(PlannedPod::name).toList());
        PlannedPod web = t.pod("web"), api = t.pod("api"), db = t.pod("db");
        // Explicit addresses are reserved first; the pool hands out the first free ones in file order.
        assertEquals(List.of("10.77.0.1/32"), addresses(web));
        assertEquals(List.of("10.77.0.2/32"), addresses(api));
        assertEquals(List.of("10.77.0.100/32"), addresses(db));
        for (PlannedPod p : t.plan()) {
            assertEquals("tp-demo-" + p.name(), p.spec().netns());
            assertEquals("tp-demo-" + p.name(), p.spec().hostDevice());
            assertEquals("eth0", p.spec().podDevice());
            assertEquals(Datapath.AUTO, p.spec().datapath());
            assertNull(p.node());
            assertEquals(NetkitTuning.NONE, p.netkit());
        }
        assertEquals(List.of("tp-demo-web", "tp-demo-api", "tp-demo-db"), t.namespaces());
        assertNull(web.spec().peer());
        assertNull(web.spec().primary());
        assertEquals(new PodProgram.Policy("count allow any"), api.spec().peer());
        // db's policy comes from db.policy next to the file, and blocks SSH to db.
        PodProgram.Policy dbPolicy = assertInstanceOf(PodProgram.Policy.class, db.spec().primary());
        assertTrue(dbPolicy.text().contains("deny tcp dport 22"), dbPolicy.text());
        Policy p = Policy.parse(dbPolicy.text());
        assertEquals(2, p.rules().size());
        assertEquals(List.of(Cidr.parse("10.77.0.0/24")), t.defaults().pool());
    }

    @Test
    void nodes() {
        Topology t = Topology.read(EXAMPLES.resolve("nodes.yaml"));
        assertEquals("lab", t.name());
        assertEquals(6, t.plan().size());
        assertEquals(List.of("a", "b"), t.nodes().stream().map(Node::name).toList());
        assertEquals(List.of("tp-lab-a", "tp-lab-b"), t.nodes().stream().map(Node::netns).toList());
        assertEquals(List.of("a1", "a2", "a3"), t.podsOn("a").stream().map(PlannedPod::name).toList());
        assertEquals(List.of("b1", "b2", "b3"), t.podsOn("b").stream().map(PlannedPod::name).toList());
        assertEquals(List.of("10.1.0.1/32"), addresses(t.pod("a1")));
        assertEquals(List.of("10.1.0.2/32"), addresses(t.pod("a2")));
        assertEquals(List.of("10.1.0.3/32"), addresses(t.pod("a3")));
        assertEquals(List.of("10.2.0.1/32"), addresses(t.pod("b1")));
        assertEquals(List.of("10.2.0.3/32"), addresses(t.pod("b3")));
        assertEquals("tp-lab-a1", t.pod("a1").spec().hostDevice());
        assertEquals("tp-lab-b3", t.pod("b3").spec().netns());
        assertEquals(NetkitMode.L2, t.pod("a3").spec().mode());
        assertEquals(Datapath.VETH, t.pod("b3").spec().datapath());

        assertEquals(1, t.links().size());
        NodeLink l = t.links().getFirst();
        assertEquals("to-b", l.deviceA());
        assertEquals("to-a", l.deviceB());
        assertEquals(List.of(Cidr.parse("169.254.255.0/31")), l.addressesA());
        assertEquals(List.of(Cidr.parse("169.254.255.1/31")), l.addressesB());
        assertEquals(List.of("a: 10.2.0.0/24 via 169.254.255.1 dev to-b (b)", "b: 10.1.0.0/24 via 169.254.255.0 dev to-a (a)"),
                t.routes().stream().map(NodeRoute::toString).toList());

        // a1's policy: b's pods cannot reach port 8080, a's own pods can.
        Policy p = Policy.parse(((PodProgram.Policy) t.pod("a1").spec().primary()).text());
        assertEquals(2, p.rules().size());
        assertTrue(p.toString().contains("10.2.0.0/24"), p.toString());
    }

    @Test
    void routesFollowShortestPathsAndDualStack() {
        Topology t = Topology.parse("""
                name: chain
                defaults:
                  scrub: none
                  headroom: 64
                link-cidr: 192.168.100.0/29
                nodes:
                  - name: x
                    pod-cidr: [10.1.0.0/24, fd00:1::/64]
                  - name: y
                    pod-cidr: [10.2.0.0/24, fd00:2::/64]
                  - name: z
                    pod-cidr: [10.3.0.0/24, fd00:3::/64]
                links:
                  - [x, y]
                  - [y, z]
                pods:
                  - name: p
                    node: x
                  - name: q
                    node: z
                    addresses: [10.3.0.7, fd00:3::7]
                  - name: r
                    node: z
                    peer-scrub: default
                  - name: s
                    node: y
                    datapath: veth
                """, "chain.yaml");
        assertEquals(List.of("10.1.0.1/32", "fd00:1::1/128"), addresses(t.pod("p")));
        assertEquals(List.of("10.3.0.1/32", "fd00:3::1/128"), addresses(t.pod("r")));
        assertEquals(new NetkitTuning(NetkitScrub.NONE, null, 64, null), t.pod("p").netkit());
        assertEquals(t.pod("p").netkit(), t.pod("p").spec().netkit(), "the pod service gets the tuning");
        assertEquals(new NetkitTuning(NetkitScrub.NONE, NetkitScrub.DEFAULT, 64, null), t.pod("r").netkit());
        assertEquals(NetkitTuning.NONE, t.pod("s").netkit());
        assertEquals(List.of(Cidr.parse("192.168.100.2/31"), Cidr.parse("fe80::a/64")), t.links().get(1).addressesA());
        assertEquals(List.of(
                        "x: 10.2.0.0/24 via 192.168.100.1 dev to-y (y)",
                        "x: fd00:2::/64 via fe80::b dev to-y (y)",
                        "x: 10.3.0.0/24 via 192.168.100.1 dev to-y (z)",
                        "x: fd00:3::/64 via fe80::b dev to-y (z)",
                        "y: 10.1.0.0/24 via 192.168.100.0 dev to-x (x)",
                        "y: fd00:1::/64 via fe80::a dev to-x (x)",
                        "y: 10.3.0.0/24 via 192.168.100.3 dev to-z (z)",
                        "y: fd00:3::/64 via fe80::b dev to-z (z)",
                        "z: 10.1.0.0/24 via 192.168.100.2 dev to-y (x)",
                        "z: fd00:1::/64 via fe80::a dev to-y (x)",
                        "z: 10.2.0.0/24 via 192.168.100.2 dev to-y (y)",
                        "z: fd00:2::/64 via fe80::a dev to-y (y)"),
                t.routes().stream().map(NodeRoute::toString).toList());
    }

    static final String RESERVED = """
            name: t
            defaults:
              pool: [10.0.0.0/29, fd00::/126]
            pods:
              - name: a
              - name: b
                pool: 10.0.0.0/29
              - name: c
                addresses: [10.0.0.1, fd00::1]
              - name: d
                addresses: [10.0.0.3]
            """;

    @Test
    void explicitAddressesAreReservedBeforePoolsHandOutTheFirstFree() {
        Topology t = Topology.parse(RESERVED, "t.yaml");
        assertEquals(List.of("10.0.0.2/32", "fd00::2/128"), addresses(t.pod("a")));
        assertEquals(List.of("10.0.0.4/32"), addresses(t.pod("b")));
        assertEquals(List.of("10.0.0.1/32", "fd00::1/128"), addresses(t.pod("c")));
        // The same text always gives the same plan.
        assertEquals(t.plan(), Topology.parse(RESERVED, "t.yaml").plan());
    }

    @Test
    void objectsAndPolicyFilesAreRelativeToTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("prog.o"), "not really ELF; the engine loads it");
        Files.writeString(dir.resolve("p.policy"), "deny udp\n");
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                name: obj
                pods:
                  - name: a
                    addresses: [fd00::5]
                    host-device: vx0
                    pod-device: net0
                    hooks:
                      peer: {object: prog.o, program: tc_prog}
                      primary: {policy-file: p.policy}
                """);
        Topology t = Topology.read(f);
        PodSpec s = t.pod("a").spec();
        assertEquals(new PodProgram.BpfObject(dir.resolve("prog.o"), "tc_prog"), s.peer());
        assertEquals(new PodProgram.Policy("deny udp\n"), s.primary());
        assertEquals("vx0", s.hostDevice());
        assertEquals("net0", s.podDevice());
        assertEquals(List.of("fd00::5/128"), addresses(t.pod("a")));

        Files.delete(dir.resolve("prog.o"));
        TopologyException e = assertThrows(TopologyException.class, () -> Topology.read(f));
        assertEquals(f + ":8:14: object file prog.o: no such file (" + dir.resolve("prog.o") + ")", e.getMessage());
    }

    @Test
    void unreadableFile() {
        TopologyException e = assertThrows(TopologyException.class, () -> Topology.read(Path.of("no-such-topology.yaml")));
        assertEquals("no-such-topology.yaml: read topology: no such file", e.getMessage());
        assertEquals(0, e.line());
    }
}
