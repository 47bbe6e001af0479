package io.jnetkit.topology;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.elf.Examples;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.net.IpFamily;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Drift;
import io.jnetkit.pod.PodHook;
import io.jnetkit.probe.TcpProbe;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.RouteSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine's scenarios, run on veth by {@link TopologyEngineHostTest} (this machine) and on
 * netkit by {@link TopologyEngineNetkitTest} (the lab guest): a topology of pods in a fresh
 * namespace and one of two nodes, built, probed with real ICMP and TCP, drifted by hand, repaired
 * and taken down to the kernel's object ids. Topology names are random, so the {@code tp-NAME-}
 * namespaces never meet another test's.
 */
abstract class TopologyEngineScenarios {
    /** The datapath the files ask for, as written in YAML. */
    abstract String datapath();

    /** The datapath the pods must end up with. */
    abstract Datapath expected();

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    TopologyEngine engine;
    private Topology made;

    @AfterEach
    void downEvenOnFailure() {
        if (made == null) return;
        try {
            engine.down(made, ns.get());
        } finally {
            for (String n : made.namespaces()) {
                if (NetNamespaces.exists(n)) NetNamespaces.delete(n);
            }
        }
    }

    /** 1 letter and {@code more} of [a-z0-9], claimed for the running test. */
    static String uniqueName(int more) {
        StringBuilder b = new StringBuilder("t");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < more; i++) b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        // Claimed: the topology's namespaces (tp-NAME-...) and pins carry it, and NoKernelLeaks checks them.
        return io.jnetkit.testkit.TestNames.claim(b.toString());
    }

    Topology write(String yaml) throws Exception {
        Path f = dir.resolve("topology.yaml");
        Files.writeString(f, yaml);
        Topology t = Topology.read(f);
        engine = TopologyEngine.open();
        made = t;
        return t;
    }

    /** Three pods wired to the test's namespace, as examples/three-pods.yaml but with an inline policy. */
    @Test
    void podsWithoutNodes() throws Exception {
        String name = uniqueName(7);
        Topology t = write("""
                name: %s
                defaults:
                  datapath: %s
                  pool: 10.77.0.0/24
                pods:
                  - name: web
                  - name: api
                    hooks:
                      peer: {policy: "count allow any"}
                  - name: db
                    addresses: [10.77.0.100]
                    hooks:
                      primary: {policy: "deny tcp dport 22; allow any"}
                """.formatted(name, datapath()));
        TopologyEngine.Up up = engine.up(t, ns.get());
        up.datapaths().values().forEach(d -> assertTrue(d.startsWith("datapath " + expected().word()), d));
        assertTrue(up.changes().stream().anyMatch(c -> c.startsWith("turned on IPv4 and IPv6 forwarding")), up.changes().toString());
        Ids ids = scenario(t, p -> ns.get(), "api", () -> {
            assertFalse(connects(t, "web", "db", 22), "db receives nothing on tcp/22");
            assertTrue(connects(t, "web", "db", 8080));
            assertTrue(connects(t, "db", "web", 22), "the policy is db's, not web's");
        });
        down(t, ids.progs(), ids.links());
    }

    /**
     * A pod whose host device name is taken by a device that is no pair: up fails naming it,
     * before it changed anything — no forwarding turned on, no state file, no other pod made.
     */
    @Test
    void aConflictingDeviceFailsUpBeforeAnythingChanges() throws Exception {
        String name = uniqueName(7);
        Topology t = write("""
                name: %s
                defaults:
                  datapath: %s
                  pool: 10.77.1.0/24
                pods:
                  - name: web
                  - name: db
                """.formatted(name, datapath()));
        String taken = t.plan().getLast().spec().hostDevice();
        String kind;
        if (expected() == Datapath.NETKIT) {
            // The peer end of a netkit pair: a netkit device, but no pod's primary. (A bridge here
            // loads the bridge module into the guest, after which the demo's first ping was lost.)
            try (Rtnl r = Rtnl.open(ns.get())) {
                r.links().create(io.jnetkit.rtnl.NetkitSpec.builder().name(FreshNetns.uniqueName("nk"))
                        .peer(io.jnetkit.rtnl.PeerSpec.named(taken)).build());
            }
            kind = "netkit";
        } else {
            // A bridge: no pair, and (unlike dummy) in the host kernel the tests run on. Made by ip,
            // test set-up as mount is for PrivateBpffs: jnetkit makes only the devices pods need.
            String ip = System.getenv().getOrDefault("JNETKIT_IPROUTE2", "ip");
            Process made = new ProcessBuilder(ip, "-n", ns.name(), "link", "add", taken, "type", "bridge")
                    .redirectErrorStream(true).start();
            String said = new String(made.getInputStream().readAllBytes());
            assertEquals(0, made.waitFor(), "ip link add " + taken + " type bridge: " + said);
            made.getOutputStream().close();
            made.getInputStream().close();
            made.getErrorStream().close();
            kind = "bridge";
        }
        // A new namespace's IPv4 forwarding is inherited from the initial one's (devconf_inherit_init_net):
        // compared with what it was, not with 0.
        String v4 = io.jnetkit.netns.Sysctl.read(ns.get(), "net/ipv4/ip_forward");
        String v6 = io.jnetkit.netns.Sysctl.read(ns.get(), "net/ipv6/conf/all/forwarding");
        assertFalse(v4.equals("1") && v6.equals("1"), "forwarding is off before (else the test proves nothing)");
        PodFailedException e = assertThrows(PodFailedException.class, () -> engine.up(t, ns.get()));
        assertEquals("pod db: host device " + taken + " exists and is a " + kind + " device, not the pod's netkit or veth",
                e.getMessage());
        assertEquals(v4, io.jnetkit.netns.Sysctl.read(ns.get(), "net/ipv4/ip_forward"), "IPv4 forwarding untouched");
        assertEquals(v6, io.jnetkit.netns.Sysctl.read(ns.get(), "net/ipv6/conf/all/forwarding"), "IPv6 forwarding untouched");
        assertFalse(NetNamespaces.exists(t.plan().getFirst().spec().netns()), "pod web was not made");
        assertEquals(null, StateFile.read(name), "no state file written");
    }

    /** Two nodes joined by a link, two pods on each, as examples/nodes.yaml. */
    @Test
    void twoNodes() throws Exception {
        String name = uniqueName(7);
        Topology t = write("""
                name: %s
                defaults:
                  datapath: %s
                nodes:
                  - name: a
                    pod-cidr: 10.1.0.0/24
                  - name: b
                    pod-cidr: 10.2.0.0/24
                links:
                  - [a, b]
                pods:
                  - name: a1
                    node: a
                    hooks:
                      primary:
                        policy: "deny tcp src 10.2.0.0/24 dport 8080; allow any"
                  - name: a2
                    node: a
                  - name: b1
                    node: b
                  - name: b2
                    node: b
                """.formatted(name, datapath()));
        engine.up(t, ns.get());
        List<NetNs> nodeNs = t.nodes().stream().map(n -> NetNs.open(n.netns())).toList();
        Ids ids;
        try {
            ids = scenario(t, p -> nodeNs.get(t.nodes().indexOf(t.node(p.node()))), "b2", () -> {
                assertFalse(connects(t, "b1", "a1", 8080), "a1 receives nothing on tcp/8080 from node b");
                assertTrue(connects(t, "a2", "a1", 8080), "but from its own node");
                assertTrue(connects(t, "b1", "a1", 9000));
            });
            // A node route deleted by hand is node-level drift, and up puts it back.
            NodeRoute rt = t.node("a").routes().getFirst();
            try (Rtnl r = Rtnl.open(nodeNs.getFirst())) {
                r.routes().delete(RouteSpec.builder().dst(rt.destination()).gateway(rt.via()).device(rt.device()).build());
            }
            TopologyEngine.Status s = engine.status(t, ns.get());
            assertEquals(List.of(new TopologyEngine.NodeDrift.RouteMissing("a", rt)), s.nodes());
            assertFalse(s.clean());
            assertEquals(1, engine.up(t, ns.get()).changes().size());
            assertTrue(engine.status(t, ns.get()).clean());
            assertTrue(ping(t, "a1", "b1"));

            // A route to the same destination that is not the topology's is replaced.
            try (Rtnl r = Rtnl.open(nodeNs.getFirst())) {
                r.routes().delete(RouteSpec.builder().dst(rt.destination()).gateway(rt.via()).device(rt.device()).build());
                r.routes().add(RouteSpec.viaDevice(rt.destination(), "lo"));
            }
            s = engine.status(t, ns.get());
            assertEquals(List.of(new TopologyEngine.NodeDrift.RouteMissing("a", rt)), s.nodes());
            assertFalse(ping(t, "a1", "b1"), "a's route to b's pods leads nowhere");
            TopologyEngine.Up fixed = engine.up(t, ns.get());
            assertEquals(2, fixed.changes().size(), fixed.changes().toString());
            assertTrue(engine.status(t, ns.get()).clean());
            assertTrue(ping(t, "a1", "b1"));

            // The link deleted by hand (both ends go, and the routes over it): up makes it again.
            NodeLink link = t.links().getFirst();
            try (Rtnl r = Rtnl.open(nodeNs.getFirst())) {
                r.links().delete(link.deviceA());
            }
            s = engine.status(t, ns.get());
            assertTrue(s.nodes().contains(new TopologyEngine.NodeDrift.LinkMissing("a", link.deviceA())), s.toString());
            assertTrue(s.nodes().contains(new TopologyEngine.NodeDrift.LinkMissing("b", link.deviceB())), s.toString());
            assertTrue(s.nodes().contains(new TopologyEngine.NodeDrift.RouteMissing("b", t.node("b").routes().getFirst())), s.toString());
            assertTrue(engine.up(t, ns.get()).changed());
            assertTrue(engine.status(t, ns.get()).clean(), engine.status(t, ns.get()).toString());
            assertTrue(ping(t, "b2", "a2"));
        } finally {
            nodeNs.forEach(NetNs::close);
        }
        down(t, ids.progs(), ids.links());
    }

    /** The repository's examples/ directory: from a module (Maven) or from the root (the netkit tier). */
    static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("..", "examples");
    }

    /**
     * The example files themselves, renamed to a unique topology (everything else as shipped,
     * {@code datapath: auto} included): every pod pings every other, each file's policy blocks
     * what its comment says with real TCP, status is clean, and down leaves nothing of theirs.
     */
    @Test
    void theExampleFilesDoWhatTheySay() throws Exception {
        for (String example : List.of("three-pods.yaml", "nodes.yaml")) {
            String text = Files.readString(examples().resolve(example));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^name: (\\S+)$").matcher(text);
            assertTrue(m.find(), example);
            Files.copy(examples().resolve("db.policy"), dir.resolve("db.policy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Topology t = write(m.replaceFirst("name: " + uniqueName(7)));
            TopologyEngine.Up up = engine.up(t, ns.get());
            List<NetNs> nodeNs = t.nodes().stream().map(n -> NetNs.open(n.netns())).toList();
            try {
                Function<PlannedPod, NetNs> hostOf = p -> p.node() == null ? ns.get() : nodeNs.get(t.nodes().indexOf(t.node(p.node())));
                for (PlannedPod a : t.plan()) {
                    assertTrue(up.datapaths().get(a.name()).startsWith("datapath " + datapathOf(a).word()), up.datapaths().toString());
                    for (PlannedPod b : t.plan()) {
                        if (a != b) assertTrue(ping(t, a.name(), b.name()), example + ": " + a.name() + " pings " + b.name());
                    }
                }
                if (example.equals("three-pods.yaml")) {
                    assertFalse(connects(t, "web", "db", 22), "db receives nothing on tcp/22");
                    assertTrue(connects(t, "api", "db", 8080));
                } else {
                    assertFalse(connects(t, "b1", "a1", 8080), "a1 receives nothing on tcp/8080 from node b's pods");
                    assertFalse(connects(t, "b3", "a1", 8080), "not from the veth pod on b either");
                    assertTrue(connects(t, "a2", "a1", 8080), "but from its own node");
                }
                assertTrue(engine.status(t, ns.get()).clean(), engine.status(t, ns.get()).toString());
                assertEquals(List.of(), engine.up(t, ns.get()).changes());
                Ids ids = hookIds(t, hostOf);
                down(t, ids.progs(), ids.links());
            } finally {
                nodeNs.forEach(NetNs::close);
            }
        }
    }

    /** The datapath a planned pod must end up with: its own when it names one, else the test's. */
    Datapath datapathOf(PlannedPod p) {
        return p.spec().datapath() == Datapath.AUTO ? expected() : p.spec().datapath();
    }

    /** An object the verifier refuses ({@link Examples#writeVerifierRefused}). */
    static Path verifierFails(Path dir) {
        return Examples.writeVerifierRefused(dir.resolve("bad.o"));
    }

    /** An object whose program lets everything through ({@link Examples#writeAllowAll}). */
    static Path allowAll(Path dir) {
        return Examples.writeAllowAll(dir.resolve("allow.o"));
    }

    /**
     * The file changes under a live topology. A pod taken out of it is removed by the next up
     * (the state file remembers it); a pod whose program the verifier refuses cannot send, with
     * real traffic, and the up that tried names it; a pod only the state file still knows is
     * removed by down.
     */
    @Test
    void theFileChangesUnderALiveTopology() throws Exception {
        String name = uniqueName(7);
        String allow = allowAll(dir).toString();
        String bad = verifierFails(dir).toString();
        String yaml = """
                name: %s
                defaults: {datapath: %s, pool: 10.78.0.0/24}
                pods:
                  - name: x
                    hooks: {peer: {object: "%s"}}
                  - name: y
                """;
        String z = "  - name: z\n";
        Topology t = write(yaml.formatted(name, datapath(), allow) + z);
        engine.up(t, ns.get());
        assertTrue(Files.exists(StateFile.path(name)), "up records what it made");
        assertTrue(ping(t, "x", "y"));
        assertTrue(ping(t, "z", "x"));
        String zNetns = t.pod("z").spec().netns();

        // z leaves the file, and x's program is now one the verifier refuses.
        Topology badFile = write(yaml.formatted(name, datapath(), bad));
        PodFailedException e = assertThrows(PodFailedException.class, () -> engine.up(badFile, ns.get()));
        assertEquals("x", e.pod());
        assertTrue(e.getCause() instanceof io.jnetkit.bpf.VerifierException, e.toString());
        assertTrue(e.getMessage().startsWith("pod x: "), e.getMessage());
        assertFalse(NetNamespaces.exists(zNetns), "z, no longer in the file, was removed first");
        assertFalse(ping(badFile, "x", "y"), "a pod whose program failed the verifier cannot send");
        List<Drift> xDrift = engine.status(badFile, ns.get()).pods().get("x");
        assertTrue(xDrift.stream().anyMatch(d -> d instanceof Drift.ProgramMissing), xDrift.toString());

        // Back to the good program: x talks again, nothing else changes.
        Topology good = write(yaml.formatted(name, datapath(), allow));
        assertTrue(engine.up(good, ns.get()).changed());
        assertTrue(engine.status(good, ns.get()).clean(), engine.status(good, ns.get()).toString());
        assertTrue(ping(good, "x", "y"));

        // z back, then down with the file that lacks it: the state file has it, so it goes too.
        Topology withZ = write(yaml.formatted(name, datapath(), allow) + z);
        assertTrue(engine.up(withZ, ns.get()).changes().stream().anyMatch(c -> c.startsWith("pod z: created")));
        made = good;
        Ids ids = hookIds(good, p -> ns.get());
        down(good, ids.progs(), ids.links());
        assertFalse(NetNamespaces.exists(zNetns), "down removed z, which only the state file still named");
    }

    interface Check {
        void run() throws Exception;
    }

    /** Everything after the first up: reachability, policy, no drift, idempotence, repair; then down. */
    record Ids(Set<Integer> progs, Set<Integer> links) {}

    /** Returns the ids of the programs and links on the pods' hooks, for {@link #down}. */
    Ids scenario(Topology t, Function<PlannedPod, NetNs> hostOf, String victim, Check policy) throws Exception {
        for (PlannedPod a : t.plan()) {
            for (PlannedPod b : t.plan()) {
                if (a != b) assertTrue(ping(t, a.name(), b.name()), a.name() + " pings " + b.name());
            }
        }
        policy.run();
        assertTrue(engine.status(t, ns.get()).clean(), engine.status(t, ns.get()).toString());
        assertEquals(List.of(), engine.up(t, ns.get()).changes(), "a second up changes nothing");

        // A pod's namespace deleted by hand is drift, and up repairs it.
        PlannedPod v = t.pod(victim);
        NetNamespaces.delete(v.spec().netns());
        TopologyEngine.Status s = engine.status(t, ns.get());
        assertFalse(s.clean());
        assertTrue(s.pods().get(victim).contains(new Drift.NetnsMissing(v.spec().netns())), s.toString());
        assertTrue(engine.up(t, ns.get()).changed());
        assertTrue(engine.status(t, ns.get()).clean(), engine.status(t, ns.get()).toString());
        assertTrue(ping(t, victim, t.plan().getFirst().name()));
        policy.run();

        return hookIds(t, hostOf);
    }

    /** The ids of the programs and links on the pods' hooks now. */
    Ids hookIds(Topology t, Function<PlannedPod, NetNs> hostOf) {
        Set<Integer> progs = new HashSet<>();
        Set<Integer> links = new HashSet<>();
        for (PlannedPod p : t.plan()) {
            for (PodHook h : PodHook.values()) {
                try (HookTarget ht = HookTarget.resolve(hostOf.apply(p), p.spec().hostDevice(), h.on(datapathOf(p)))) {
                    progs.addAll(ht.query().programIds());
                    for (HookQuery.Entry e : ht.query().entries()) if (e.viaLink()) links.add(e.linkId());
                }
            }
        }
        assertFalse(progs.isEmpty());
        assertEquals(progs.size(), links.size(), "every program is on a pinned link: " + progs + " " + links);
        return new Ids(progs, links);
    }

    void down(Topology t, Set<Integer> progs, Set<Integer> links) throws Exception {
        assertFalse(engine.down(t, ns.get()).removed().isEmpty());
        for (String n : NetNamespaces.list()) assertFalse(n.startsWith(t.prefix()), "netns left: " + n);
        try (Rtnl r = Rtnl.open(ns.get())) {
            r.links().list().forEach(l -> assertFalse(l.name().startsWith(t.prefix()), "device left: " + l.name()));
            Set<InetAddress> podAddresses = new HashSet<>();
            t.plan().forEach(p -> p.spec().addresses().forEach(c -> podAddresses.add(c.address())));
            for (Route route : r.routes().list(null)) {
                assertFalse(route.dst() != null && podAddresses.contains(route.dst().address()), "route left: " + route);
            }
        }
        assertEquals(List.of(), bpffs.pins());
        assertFalse(Files.exists(StateFile.path(t.name())), "down removes the state file");
        for (int i = 0; ; i++) {
            Set<Integer> p = new HashSet<>(progs);
            p.retainAll(BpfObjects.programIds());
            Set<Integer> l = new HashSet<>(links);
            l.retainAll(BpfObjects.linkIds());
            if (p.isEmpty() && l.isEmpty()) break;
            if (i > 40) fail("still in the kernel after down: programs " + p + ", links " + l);
            Thread.sleep(50);
        }
        assertEquals(List.of(), engine.down(t, ns.get()).removed(), "a second down removes nothing");
        assertFalse(engine.status(t, ns.get()).clean(), "down is drift");
        made = null;
    }

    static Inet4Address v4(Topology t, String pod) {
        return (Inet4Address) t.pod(pod).spec().addresses(IpFamily.V4).getFirst().address();
    }

    /**
     * Real ICMP echo from inside the pod: the JVM sends it from a raw socket as root (IcmpPinger
     * needs io.jnetkit.abi's internals, which this module's tests, with io.jnetkit.probe on the
     * class path, are not given).
     */
    static boolean ping(Topology t, String from, String to) {
        InetAddress target = v4(t, to);
        try (NetNs n = NetNs.open(t.pod(from).spec().netns())) {
            return n.call(() -> {
                for (int i = 0; i < 3; i++) {
                    if (target.isReachable(700)) return true;
                }
                return false;
            });
        }
    }

    static boolean connects(Topology t, String from, String to, int port) {
        try (NetNs server = NetNs.open(t.pod(to).spec().netns());
             TcpProbe.Listener l = listen(server, v4(t, to), port);
             NetNs client = NetNs.open(t.pod(from).spec().netns())) {
            return TcpProbe.connect(client, v4(t, to), port, Duration.ofMillis(800)).connected();
        }
    }

    /** A listener on the port the previous check used: the kernel may hold it a moment longer (seen once on 6.12). */
    private static TcpProbe.Listener listen(NetNs server, java.net.InetAddress address, int port) {
        for (int attempt = 0; ; attempt++) {
            try {
                return TcpProbe.Listener.open(server, address, port);
            } catch (java.io.UncheckedIOException e) {
                if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("Address already in use")) throw e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
