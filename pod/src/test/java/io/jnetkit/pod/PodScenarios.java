package io.jnetkit.pod;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.elf.Examples;
import io.jnetkit.hooks.HookAddress;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.hooks.PinnedHooks;
import io.jnetkit.hooks.PolicyStore;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.net.Cidr;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.VethSpec;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.RouteSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pod scenarios, run on veth by {@link PodHostTest} (this machine) and on netkit by
 * {@link PodNetkitTest} (the lab guest): three pods in a fresh namespace standing in for the node,
 * real ICMP and TCP between them through the node, drift and repair, teardown down to the kernel's
 * object ids.
 */
abstract class PodScenarios {
    static final int PORT = 9000;

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final io.jnetkit.testkit.PrivateBpffs bpffs = new io.jnetkit.testkit.PrivateBpffs();

    private final List<PodSpec> made = new ArrayList<>();
    Pods pods;

    /** The datapath the spec asks for. */
    abstract Datapath datapath();

    /** The datapath the pods must end up with. */
    abstract Datapath expected();

    @AfterEach
    void downEverything() {
        for (PodSpec s : made) {
            try {
                pods.down(ns.get(), s);
            } catch (RuntimeException e) {
                if (NetNamespaces.exists(s.netns())) NetNamespaces.delete(s.netns());
            }
        }
    }

    NetNs node() {
        return ns.get();
    }

    PodSpec.Builder pod(String prefix, int n) {
        String name = FreshNetns.uniqueName(prefix);
        return PodSpec.builder(name).hostDevice(name).datapath(datapath())
                .address("10.77.0." + n).address("fd77::" + n);
    }

    PodSpec track(PodSpec s) {
        made.add(s);
        return s;
    }

    Pods.Up up(PodSpec s) {
        if (pods == null) pods = Pods.open();
        track(s);
        return pods.up(node(), s);
    }

    static InetAddress v4(PodSpec s) {
        return s.addresses(IpFamily.V4).getFirst().address();
    }

    static InetAddress v6(PodSpec s) {
        return s.addresses(IpFamily.V6).getFirst().address();
    }

    /**
     * Real ICMP echo from inside the pod (the JVM sends it from a raw socket as root). A send the
     * kernel refuses counts as unreachable: a blackholed netkit peer drops in its xmit, and the
     * sender sees ENOBUFS ("No buffer space available").
     */
    static boolean ping(PodSpec from, InetAddress to) {
        try (NetNs n = NetNs.open(from.netns())) {
            return n.call(() -> {
                for (int i = 0; i < 3; i++) {
                    try {
                        if (to.isReachable(1000)) return true;
                    } catch (java.net.SocketException e) {
                        if (!String.valueOf(e.getMessage()).contains("No buffer space")) throw e;
                    }
                }
                return false;
            });
        }
    }

    /** A real TCP handshake from inside the pod. */
    static boolean connects(PodSpec from, InetAddress to, int port) {
        try (NetNs n = NetNs.open(from.netns())) {
            return n.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(to, port), 1500);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** A listening socket inside the pod; the kernel completes handshakes without accept(). */
    static ServerSocket listen(PodSpec in, int port) {
        try (NetNs n = NetNs.open(in.netns())) {
            return n.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
                return s;
            });
        }
    }

    List<Drift> check(PodSpec s) {
        return pods.check(node(), s);
    }

    void assertNoDrift(PodSpec s) {
        assertEquals(List.of(), check(s), "drift of pod " + s.name());
    }

    /** The ids of the programs and links on the pod's hooks, as the kernel reports them. */
    Set<Integer> programIds(PodSpec s, Datapath dp) {
        Set<Integer> out = new HashSet<>();
        for (PodHook h : PodHook.values()) {
            try (HookTarget t = HookTarget.resolve(node(), s.hostDevice(), h.on(dp))) {
                out.addAll(t.query().programIds());
            }
        }
        return out;
    }

    Set<Integer> linkIds(PodSpec s, Datapath dp) {
        Set<Integer> out = new HashSet<>();
        for (PodHook h : PodHook.values()) {
            try (HookTarget t = HookTarget.resolve(node(), s.hostDevice(), h.on(dp))) {
                for (HookQuery.Entry e : t.query().entries()) {
                    if (e.viaLink()) out.add(e.linkId());
                }
            }
        }
        return out;
    }

    /** An object the verifier refuses ({@link Examples#writeVerifierRefused}). */
    static Path verifierFails(Path dir) {
        return Examples.writeVerifierRefused(dir.resolve("bad.o"));
    }

    /** An object whose program lets everything through ({@link Examples#writeAllowAll}). */
    static Path allowAll(Path dir) {
        return Examples.writeAllowAll(dir.resolve("allow.o"));
    }

    // ------------------------------------------------------------ scenarios

    @Test
    void threePodsTalkThroughTheNodeDriftIsRepairedAndDownLeavesNothing() throws Exception {
        Pods.enableForwarding(node());
        PodSpec a = pod("pa", 2).peerPolicy("allow any").build();
        PodSpec b = pod("pb", 3).build();
        PodSpec c = pod("pc", 4).peerPolicy("deny tcp dport " + PORT + "; allow any").primaryPolicy("allow any").build();
        for (PodSpec s : List.of(a, b, c)) {
            Pods.Up u = up(s);
            assertTrue(u.created(), u.toString());
            assertEquals(expected(), u.datapath());
            assertTrue(u.datapathNote().startsWith("datapath " + expected().word()), u.datapathNote());
            assertFalse(u.changes().isEmpty());
        }
        for (PodSpec s : List.of(a, b, c)) assertNoDrift(s);
        assertDatapathDetails(a, b, c);

        // Real ICMP, both families, every pod to every other through the node.
        for (PodSpec from : List.of(a, b, c)) {
            for (PodSpec to : List.of(a, b, c)) {
                if (from == to) continue;
                assertTrue(ping(from, v4(to)), from.name() + " -> " + to.name() + " (IPv4)");
                assertTrue(ping(from, v6(to)), from.name() + " -> " + to.name() + " (IPv6)");
            }
        }
        // Real TCP: c's policy denies what it sends to PORT; a is not restricted.
        try (ServerSocket server = listen(b, PORT)) {
            assertTrue(connects(a, v4(b), PORT), "a -> b tcp/" + PORT);
            assertTrue(connects(a, v6(b), PORT), "a -> b tcp/" + PORT + " (IPv6)");
            assertFalse(connects(c, v4(b), PORT), "c -> b tcp/" + PORT + " must be denied");
            assertFalse(connects(c, v6(b), PORT), "c -> b tcp/" + PORT + " must be denied (IPv6)");
        }

        // Idempotent: a second up changes nothing.
        for (PodSpec s : List.of(a, b, c)) {
            assertEquals(List.of(), pods.up(node(), s).changes(), "second up of " + s.name());
        }

        // Drift by hand: a host route deleted, c's peer policy removed, an extra program on b.
        RouteSpec aRoute = RouteSpec.viaDevice(new Cidr(v4(a), 32), a.hostDevice());
        try (Rtnl r = Rtnl.open(node())) {
            r.routes().delete(aRoute);
        }
        Drift made = makeDatapathDrift(a);
        assertEquals(List.of(made, new Drift.RouteMissing(Drift.Side.HOST, aRoute)), check(a));
        assertFalse(ping(b, v4(a)), "b -> a without the node's route to a");

        HookName cPeer = PodHook.PEER.on(expected());
        PolicyStore.on(PinnedHooks.open()).remove(new HookAddress(ns.name(), c.hostDevice(), cPeer));
        List<Drift> cDrift = check(c);
        assertEquals(List.of(new Drift.ProgramMissing(PodHook.PEER, cPeer, c.peer())), cDrift);
        // Without its program, a netkit pod falls back to its peer policy (blackhole): cut off, not
        // opened. A veth has no default verdict: the pod sends unfiltered until up repairs it.
        assertEquals(!closedWithoutProgram(), ping(c, v4(b)), "c -> b with c's policy detached by hand");

        int extra;
        try (Program p = Program.load(ProgramSpec.schedCls("extra", AttachType.TCX_INGRESS, Bytecode.of(
                Bytecode.encode(0xb7, 0, 0, 0, -1), Bytecode.encode(0x95, 0, 0, 0, 0))));
             HookTarget t = HookTarget.resolve(node(), b.hostDevice(), PodHook.PRIMARY.on(expected()))) {
            Attachments.attachProg(t.netns(), p, t.hook(), null, 0);
            extra = p.id();
        }
        assertEquals(List.of(new Drift.ExtraPrograms(PodHook.PRIMARY, PodHook.PRIMARY.on(expected()), List.of(extra))), check(b));

        for (PodSpec s : List.of(a, b, c)) {
            assertFalse(pods.up(node(), s).changes().isEmpty(), "repairing up of " + s.name());
            assertNoDrift(s);
        }
        assertTrue(ping(b, v4(a)), "b -> a after the repair");
        try (ServerSocket server = listen(b, PORT)) {
            assertFalse(connects(c, v4(b), PORT), "c -> b tcp/" + PORT + " denied again after the repair");
            assertTrue(connects(a, v4(b), PORT));
        }

        // Down removes exactly what the pods own, down to the kernel's ids.
        Set<Integer> progs = new HashSet<>();
        Set<Integer> links = new HashSet<>();
        for (PodSpec s : List.of(a, b, c)) {
            progs.addAll(programIds(s, expected()));
            links.addAll(linkIds(s, expected()));
        }
        assertEquals(3, progs.size(), "a's peer, c's peer and primary policies: " + progs);
        assertEquals(3, links.size(), "pinned links: " + links);
        assertTrue(bpffs.pins().size() >= 3, bpffs.pins().toString());
        for (PodSpec s : List.of(a, b, c)) {
            assertFalse(pods.down(node(), s).removed().isEmpty());
            assertFalse(NetNamespaces.exists(s.netns()), s.netns());
        }
        try (Rtnl r = Rtnl.open(node())) {
            for (PodSpec s : List.of(a, b, c)) {
                assertTrue(r.links().find(s.hostDevice()).isEmpty(), s.hostDevice());
            }
            Set<InetAddress> podAddresses = new HashSet<>();
            for (PodSpec s : List.of(a, b, c)) s.addresses().forEach(x -> podAddresses.add(x.address()));
            for (Route route : r.routes().list(null)) {
                assertFalse(podAddresses.contains(route.dst().address()), "route left: " + route);
            }
        }
        assertEquals(List.of(), bpffs.pins());
        awaitGone(progs, links);
        for (PodSpec s : List.of(a, b, c)) {
            assertEquals(List.of(), pods.down(node(), s).removed(), "a second down of " + s.name());
        }
    }

    /** Changes something only this datapath has, by hand, and returns the drift {@code check} must report. */
    abstract Drift makeDatapathDrift(PodSpec s);

    /** Whether a pod whose program was detached by hand is closed (netkit's blackhole) rather than open (veth). */
    abstract boolean closedWithoutProgram();

    /** Datapath-specific facts about the pods just made (device kinds, netkit policies). */
    abstract void assertDatapathDetails(PodSpec a, PodSpec b, PodSpec c);

    static void awaitGone(Set<Integer> progs, Set<Integer> links) throws InterruptedException {
        for (int i = 0; ; i++) {
            Set<Integer> p = new HashSet<>(progs);
            p.retainAll(BpfObjects.programIds());
            Set<Integer> l = new HashSet<>(links);
            l.retainAll(BpfObjects.linkIds());
            if (p.isEmpty() && l.isEmpty()) return;
            if (i > 40) fail("still in the kernel after down: programs " + p + ", links " + l);
            Thread.sleep(50);
        }
    }

    @Test
    void aFailedFirstUpLeavesNothing(@TempDir Path dir) throws Exception {
        PodSpec s = pod("pf", 5).peer(new PodProgram.BpfObject(verifierFails(dir), null)).build();
        if (pods == null) pods = Pods.open();
        track(s);
        Set<Integer> linksBefore = new HashSet<>(BpfObjects.linkIds());
        RuntimeException e = assertThrows(RuntimeException.class, () -> pods.up(node(), s));
        assertTrue(e instanceof io.jnetkit.bpf.VerifierException, "the verifier refused the program: " + e);
        assertFalse(NetNamespaces.exists(s.netns()), "netns left");
        try (Rtnl r = Rtnl.open(node())) {
            assertTrue(r.links().find(s.hostDevice()).isEmpty(), "device left");
        }
        assertEquals(List.of(), bpffs.pins());
        List<Integer> newLinks = new ArrayList<>(BpfObjects.linkIds());
        newLinks.removeAll(linksBefore);
        for (int id : newLinks) {
            try (io.jnetkit.bpf.BpfLink l = io.jnetkit.bpf.BpfLink.fromId(id)) {
                LinkInfo info = l.info();
                assertFalse(info.attachType() != null && info.attachType() == PodHook.PEER.on(expected()).point().attachType()
                        && info.ifindex() == 0, "a defunct link of the pod's hook is left: " + info);
            } catch (RuntimeException gone) {
                // freed meanwhile
            }
        }
    }

    @Test
    void aPodWhoseProgramFailsToAttachCannotSend(@TempDir Path dir) throws Exception {
        Pods.enableForwarding(node());
        PodSpec a = pod("pa", 2).peer(new PodProgram.BpfObject(allowAll(dir), "allow_all")).build();
        PodSpec b = pod("pb", 3).build();
        up(a);
        up(b);
        assertNoDrift(a);
        assertTrue(ping(a, v4(b)));

        // The same pod, now with a peer program the verifier refuses: up fails, the pod stays closed.
        PodSpec bad = new PodSpec(a.name(), a.netns(), a.hostDevice(), a.podDevice(), a.datapath(), a.mode(),
                a.addresses(), new PodProgram.BpfObject(verifierFails(dir), null), null);
        RuntimeException e = assertThrows(RuntimeException.class, () -> pods.up(node(), bad));
        assertTrue(NetNamespaces.exists(a.netns()), "an existing pod is not rolled back: " + e);
        List<Drift> drift = check(bad);
        assertTrue(drift.contains(new Drift.ProgramMissing(PodHook.PEER, PodHook.PEER.on(expected()), bad.peer())), drift.toString());
        assertFalse(ping(a, v4(b)), "a pod whose program failed to attach must not send");
        assertFalse(ping(a, v6(b)), "a pod whose program failed to attach must not send (IPv6)");

        // Back to the good spec: repaired, talking again.
        assertFalse(pods.up(node(), a).changes().isEmpty());
        assertNoDrift(a);
        assertTrue(ping(a, v4(b)));
        assertTrue(ping(a, v6(b)));
    }
    @Test
    void upConvergesAHalfMadePod() throws Exception {
        Pods.enableForwarding(node());
        PodSpec a = track(pod("pa", 2).peerPolicy("allow any").build());
        PodSpec b = pod("pb", 3).build();
        up(b);
        // As if a crash had stopped an earlier up after the pair: defaults (forward), nothing else,
        // plus an address the spec does not list.
        try (NetNs pod = NetNamespaces.add(a.netns()); Rtnl r = Rtnl.open(node()); Rtnl pr = Rtnl.open(pod)) {
            PeerSpec peer = PeerSpec.builder().name(a.podDevice()).netns(pod).build();
            if (expected() == Datapath.NETKIT) {
                r.links().create(NetkitSpec.builder().name(a.hostDevice()).peer(peer).build());
            } else {
                r.links().create(VethSpec.builder().name(a.hostDevice()).peer(peer).build());
            }
            pr.addresses().add(a.podDevice(), Cidr.parse("10.99.0.9/32"));
        }
        List<Drift> before = check(a);
        assertTrue(before.contains(new Drift.AddressExtra(Drift.Side.POD, a.podDevice(), Cidr.parse("10.99.0.9/32"))), before.toString());
        assertTrue(before.contains(new Drift.ProgramMissing(PodHook.PEER, PodHook.PEER.on(expected()), a.peer())), before.toString());
        Pods.Up u = pods.up(node(), a);
        assertFalse(u.created());
        assertNoDrift(a);
        assertTrue(ping(a, v4(b)));
        assertTrue(ping(b, v6(a)));
    }

    @Test
    void refusesADeviceThatIsNotThePods() {
        PodSpec a = pod("pa", 2).build();
        try (Rtnl r = Rtnl.open(node())) {
            // A veth of the pod's host device name whose other end stays in the node: not the pod's.
            r.links().create(VethSpec.of(a.hostDevice(), "o" + a.hostDevice().substring(1)));
            PodException e = assertThrows(PodException.class, () -> up(a));
            assertEquals(PodException.Kind.CONFLICT, e.kind());
            assertFalse(NetNamespaces.exists(a.netns()));
            assertEquals(List.of(), pods.down(node(), a).removed());
            assertTrue(r.links().find(a.hostDevice()).isPresent(), "down must leave a device that is not the pod's");
        }
    }
    @Test
    void concurrentUpsOfOnePodAgree() throws Exception {
        PodSpec a = track(pod("pa", 2).peerPolicy("allow any").build());
        if (pods == null) pods = Pods.open();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Pods.Up> ups = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    ups.add(pods.up(node(), a));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), failures);
        assertEquals(1, ups.stream().filter(Pods.Up::created).count(), ups.toString());
        Pods.enableForwarding(node());
        assertNoDrift(a);
    }
}
