package io.jnetkit.topology;

import io.jnetkit.hooks.HookLock;
import io.jnetkit.net.Cidr;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.netns.Sysctl;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Drift;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.pod.Pods;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetnsIds;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.RouteSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.rtnl.VethSpec;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.FaultPoints;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a {@link Topology}: {@code jnetkit up/down/status -f FILE}. Node namespaces
 * ({@code ip netns add tp-T-NODE}), forwarding in each ({@code sysctl -w net.ipv4.ip_forward=1}),
 * the node links ({@code ip -n NS_A link add to-B type veth peer name to-A netns NS_B}, addresses,
 * up), the routes between nodes ({@code ip -n NS route add CIDR via ADDR dev to-B}), then each pod
 * through {@link Pods#up}. Every step converges: a second {@link #up} changes nothing, and an
 * {@code up} after a crash or a hand-made change finishes or repairs what is there. The kernel is
 * the state the engine converges from; the one record on disk, the {@link StateFile}, only lists
 * what an earlier {@code up} may have made, so that pods and nodes taken out of the file are
 * removed too, and every removal is checked against the kernel first.
 *
 * <p>A topology without nodes wires its pods to the {@code base} namespace the caller gives (the
 * CLI: its {@code -n} namespace or the current one) and turns forwarding on there, saying so.
 * {@link #down} removes what the topology owns and nothing else: its pods (through
 * {@link Pods#down}), then its node namespaces (deleting a namespace deletes its link devices).
 * One {@code up} or {@code down} of a topology at a time, across processes
 * ({@link HookLock} {@code "topology\nNAME"}).
 */
public final class TopologyEngine {
    private final Pods pods;

    private TopologyEngine(Pods pods) {
        this.pods = pods;
    }

    /** Pins on the host's bpffs ({@link Pods#open()}). */
    public static TopologyEngine open() {
        return new TopologyEngine(Pods.open());
    }

    public static TopologyEngine on(Pods pods) {
        return new TopologyEngine(pods);
    }

    /** What {@link #up} did: the changes in words, in order; empty when nothing needed changing. */
    /**
     * What {@link #up} and {@link #down} tell while they work: for a progress bar on a terminal,
     * or a log. Called on the calling thread, between two kernel operations.
     */
    public interface Progress {
        /** Nothing is told. */
        Progress NONE = new Progress() {};

        /** A change the kernel has just made (the words of {@link Up#changes()} / {@link Down#removed()}). */
        default void changed(String change) {}

        /** Pod {@code pod} is done (up: converged; down: removed): the {@code done}-th of {@code total}. */
        default void podDone(String pod, int done, int total) {}
    }

    /**
     * The changes of one {@code up} or {@code down}, told to the {@link Progress} as they are made.
     * Each change is also a fault point ({@code topology.change.N}, the N-th change) where a test
     * stops the process to prove that the next {@code up} converges from there.
     */
    private static final class ChangeLog {
        private final List<String> changes = new ArrayList<>();
        private final Progress progress;

        ChangeLog(Progress progress) {
            this.progress = progress;
        }

        void add(String change) {
            changes.add(change);
            progress.changed(change);
            FaultPoints.reach("topology.change." + changes.size());
        }

        List<String> list() {
            return changes;
        }
    }

    public record Up(Topology topology, List<String> changes, Map<String, String> datapaths) {
        public Up {
            changes = List.copyOf(changes);
            datapaths = Map.copyOf(datapaths);
        }

        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    /** What {@link #down} removed, in words; empty when the topology was already down. */
    public record Down(Topology topology, List<String> removed) {
        public Down {
            removed = List.copyOf(removed);
        }
    }

    /** One way a node differs from the topology: a missing namespace, link device or route. */
    public sealed interface NodeDrift {
        String node();

        record NetnsMissing(String node, String netns) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": netns " + netns + " is missing"; }
        }

        record LinkMissing(String node, String device) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": link device " + device + " is missing"; }
        }

        record LinkDown(String node, String device) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": link device " + device + " is down"; }
        }

        record AddressMissing(String node, String device, Cidr address) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": address " + address + " is missing on " + device; }
        }

        record RouteMissing(String node, NodeRoute route) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": route " + route.destination() + " via "
                    + Cidr.format(route.via()) + " dev " + route.device() + " is missing"; }
        }

        record ForwardingOff(String node, String family) implements NodeDrift {
            @Override public String toString() { return "node " + node + ": " + family + " forwarding is off"; }
        }
    }

    /** One way the host differs from what the topology needs, whatever the node. */
    public sealed interface HostDrift {
        /**
         * The bpffs the pins live on is not mounted (someone unmounted it): every pinned link,
         * program and policy is gone, and the programs with them. {@code up} mounts one and pins again.
         */
        record BpffsUnmounted(Path root) implements HostDrift {
            @Override public String toString() { return "bpffs " + root + " is not mounted: every pin under it is gone"; }
        }
    }

    /** The drift of a topology: the host's, per node and per pod (pods in file order, each possibly empty). */
    public record Status(Topology topology, List<HostDrift> host, List<NodeDrift> nodes, Map<String, List<Drift>> pods) {
        public Status {
            host = List.copyOf(host);
            nodes = List.copyOf(nodes);
            pods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pods));
        }

        /** Without host drift. */
        public Status(Topology topology, List<NodeDrift> nodes, Map<String, List<Drift>> pods) {
            this(topology, List.of(), nodes, pods);
        }

        public boolean clean() {
            return host.isEmpty() && nodes.isEmpty() && pods.values().stream().allMatch(List::isEmpty);
        }
    }

    private static HookLock lock(Topology t) {
        return HookLock.acquire("topology\n" + t.name());
    }

    // ------------------------------------------------------------ up

    public Up up(Topology t, NetNs base) {
        return up(t, base, Progress.NONE);
    }

    /**
     * Converges the kernel to {@code t}: creates and repairs its nodes, links, routes and pods
     * (pods without nodes are wired to {@code base}), and removes the pods and nodes an earlier
     * {@code up} of the same topology made that the file no longer has. Stops at the first pod
     * that fails ({@link PodFailedException}); pods already done stay, and the next {@code up} goes on.
     */
    public Up up(Topology t, NetNs base, Progress progress) {
        try (HookLock lock = lock(t)) {
            refuseConflicts(t, base);
            ChangeLog changes = new ChangeLog(progress);
            Map<String, String> datapaths = new LinkedHashMap<>();
            String baseLabel = t.hasNodes() ? null : NetnsIds.label(base);
            StateFile planned = StateFile.of(t, baseLabel);
            StateFile before = StateFile.read(t.name());
            // Recorded before the first change: a killed up leaves a record of all it may have made.
            (before == null ? planned : planned.plus(before)).write();
            if (before != null) removeStale(t, before, planned, base, changes);
            int done = 0;
            if (!t.hasNodes()) {
                if (!forwardingOn(base)) {
                    Pods.enableForwarding(base);
                    changes.add("turned on IPv4 and IPv6 forwarding in the namespace the pods are wired to"
                            + " (pods reach each other through it)");
                }
                for (PlannedPod p : t.plan()) {
                    Pods.Up u = upPod(base, p, changes);
                    datapaths.put(p.name(), u.datapathNote());
                    progress.podDone(p.name(), ++done, t.plan().size());
                }
                planned.write();
                return new Up(t, changes.list(), datapaths);
            }
            for (Node n : t.nodes()) {
                if (!NetNamespaces.bound(n.netns())) {
                    // A name bound to no namespace is what a kill inside "netns add" leaves: make it again.
                    if (NetNamespaces.exists(n.netns())) NetNamespaces.delete(n.netns());
                    NetNamespaces.add(n.netns()).close();
                    changes.add("created netns " + n.netns() + " (node " + n.name() + ")");
                }
                try (NetNs ns = NetNs.open(n.netns())) {
                    if (!forwardingOn(ns)) {
                        Pods.enableForwarding(ns);
                        changes.add("node " + n.name() + ": turned on forwarding");
                    }
                    // The links' IPv6 addresses are link-local and the same on every link: no DAD wait.
                    Sysctl.write(ns, "net/ipv6/conf/all/accept_dad", "0");
                    Sysctl.write(ns, "net/ipv6/conf/default/accept_dad", "0");
                    try (Rtnl r = Rtnl.open(ns)) {
                        if (!r.links().get("lo").up()) r.links().setUp("lo", true);
                    }
                }
            }
            for (NodeLink l : t.links()) upLink(t, l, changes);
            for (NodeRoute rt : t.routes()) {
                try (NetNs ns = NetNs.open(t.node(rt.node()).netns()); Rtnl r = Rtnl.open(ns)) {
                    if (!hasRoute(r, rt)) {
                        // The node's namespace is the topology's: a main-table route to the same
                        // destination that is not this one is stale (an older file, a hand edit).
                        for (Route other : r.routes().list(routeSpec(rt).family())) {
                            if (other.table() == 254 && rt.destination().equals(other.dst())) {
                                r.routes().delete(RouteSpec.builder().dst(other.dst()).gateway(other.gateway())
                                        .device(other.oif() == null ? null : r.links().get(other.oif()).name()).build());
                                changes.add("node " + rt.node() + ": deleted route " + other);
                            }
                        }
                        r.routes().add(routeSpec(rt));
                        changes.add("node " + rt.node() + ": added route " + rt.destination() + " via "
                                + Cidr.format(rt.via()) + " dev " + rt.device());
                    }
                }
            }
            for (PlannedPod p : t.plan()) {
                try (NetNs ns = NetNs.open(t.node(p.node()).netns())) {
                    Pods.Up u = upPod(ns, p, changes);
                    datapaths.put(p.name(), u.datapathNote());
                }
                progress.podDone(p.name(), ++done, t.plan().size());
            }
            planned.write();
            return new Up(t, changes.list(), datapaths);
        }
    }

    /**
     * A pod whose host device name is taken by a device that is not its pair fails {@code up};
     * found here, before the state file, forwarding, sysctls or any other pod are touched, it
     * leaves everything as it was. (A node namespace that does not exist yet holds no device.)
     */
    private static void refuseConflicts(Topology t, NetNs base) {
        for (PlannedPod p : t.plan()) {
            try {
                if (!t.hasNodes()) {
                    Pods.checkHostDevice(base, p.spec());
                } else if (NetNamespaces.bound(t.node(p.node()).netns())) {
                    try (NetNs ns = NetNs.open(t.node(p.node()).netns())) {
                        Pods.checkHostDevice(ns, p.spec());
                    }
                }
            } catch (RuntimeException e) {
                throw new PodFailedException(p.name(), e);
            }
        }
    }

    private Pods.Up upPod(NetNs host, PlannedPod p, ChangeLog changes) {
        try {
            return pods.up(host, p.spec(), c -> changes.add("pod " + p.name() + ": " + c));
        } catch (RuntimeException e) {
            throw new PodFailedException(p.name(), e);
        }
    }

    /**
     * Takes down what {@code before} records and {@code planned} does not: pods that left the
     * file (or moved to another node or namespace), then nodes that left it. A node-less pod is
     * taken down only from the namespace it was wired to; wired to another one than {@code base},
     * it is left, and said so.
     */
    private void removeStale(Topology t, StateFile before, StateFile planned, NetNs base, ChangeLog changes) {
        for (var e : before.pods().entrySet()) {
            StateFile.Pod was = e.getValue();
            StateFile.Pod now = planned.pods().get(e.getKey());
            // Same namespace, devices and node: the pod's own up repairs the rest (addresses, programs).
            if (now != null && now.sameHome(was)) continue;
            String why = now != null ? "it moved to another node or namespace" : "no longer in the file";
            downRecorded(e.getKey(), was, before.base(), base, why, changes::add);
        }
        for (var e : before.nodes().entrySet()) {
            if (e.getValue().equals(planned.nodes().get(e.getKey()))) continue;
            if (deleteNetns(e.getValue())) {
                changes.add("deleted netns " + e.getValue() + " (node " + e.getKey() + ", no longer in the file)");
            }
        }
    }

    /** {@link Pods#down} of a pod known only from the state file. */
    private void downRecorded(String name, StateFile.Pod was, String recordedBase, NetNs base, String why,
                              Consumer<String> out) {
        PodSpec spec = new PodSpec(name, was.netns(), was.hostDevice(), was.podDevice(), Datapath.AUTO, null,
                was.addresses(), null, null);
        if (was.node() == null) {
            if (base == null || recordedBase == null || !recordedBase.equals(NetnsIds.label(base))) {
                out.accept("pod " + name + ": left as it is (" + why + "), it is wired to netns " + recordedBase
                        + ", not this one; run down there to remove it");
                return;
            }
            pods.down(base, spec).removed().forEach(c -> out.accept("pod " + name + " (" + why + "): " + c));
        } else if (NetNamespaces.bound(was.node())) {
            try (NetNs ns = NetNs.open(was.node())) {
                pods.down(ns, spec).removed().forEach(c -> out.accept("pod " + name + " (" + why + "): " + c));
            }
        } else if (deleteNetns(was.netns())) {
            out.accept("pod " + name + " (" + why + "): deleted netns " + was.netns());
        }
    }

    /** Deletes a namespace; false when it was already gone. */
    private static boolean deleteNetns(String name) {
        if (!NetNamespaces.exists(name)) return false;
        try {
            NetNamespaces.delete(name);
            return true;
        } catch (io.jnetkit.netns.NetNsException e) {
            if (e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_FOUND) throw e;
            return false;
        }
    }

    private static void upLink(Topology t, NodeLink l, ChangeLog changes) {
        String nsA = t.node(l.a()).netns();
        String nsB = t.node(l.b()).netns();
        try (NetNs a = NetNs.open(nsA); NetNs b = NetNs.open(nsB); Rtnl ra = Rtnl.open(a); Rtnl rb = Rtnl.open(b)) {
            Optional<Link> da = ra.links().find(l.deviceA());
            Optional<Link> db = rb.links().find(l.deviceB());
            if (da.isPresent() != db.isPresent()) {
                // Half a pair is not ours to keep (its other end is elsewhere or gone): replace it.
                if (da.isPresent()) deleteLink(ra, l.deviceA());
                if (db.isPresent()) deleteLink(rb, l.deviceB());
                changes.add("link " + l.a() + "-" + l.b() + ": deleted a lone end");
                da = Optional.empty();
            }
            if (da.isEmpty()) {
                // The peer is created directly in b's namespace (VETH_INFO_PEER with IFLA_NET_NS_FD).
                ra.links().create(VethSpec.builder().name(l.deviceA())
                        .peer(PeerSpec.builder().name(l.deviceB()).netns(b).build()).build());
                changes.add("created veth pair " + nsA + "/" + l.deviceA() + " -- " + nsB + "/" + l.deviceB());
            }
            upEnd(ra, l.deviceA(), l.addressesA(), nsA, changes);
            upEnd(rb, l.deviceB(), l.addressesB(), nsB, changes);
        }
    }

    private static void upEnd(Rtnl r, String dev, List<Cidr> addresses, String ns, ChangeLog changes) {
        List<Cidr> have = r.addresses().list(dev).stream().map(io.jnetkit.rtnl.Address::cidr).toList();
        for (Cidr c : addresses) {
            if (!have.contains(c)) {
                r.addresses().add(dev, c);
                changes.add("added " + c + " to " + ns + "/" + dev);
            }
        }
        if (!r.links().get(dev).up()) {
            r.links().setUp(dev, true);
            changes.add("set " + ns + "/" + dev + " up");
        }
    }

    private static RouteSpec routeSpec(NodeRoute rt) {
        return RouteSpec.builder().dst(rt.destination()).gateway(rt.via()).device(rt.device()).build();
    }

    private static boolean hasRoute(Rtnl r, NodeRoute rt) {
        Optional<Link> dev = r.links().find(rt.device());
        if (dev.isEmpty()) return false;
        int oif = dev.get().index();
        RouteSpec want = routeSpec(rt);
        for (Route route : r.routes().list(want.family())) {
            if (route.table() == 254 && rt.destination().equals(route.dst()) && route.oif() != null
                    && route.oif() == oif && rt.via().equals(route.gateway())) {
                return true;
            }
        }
        return false;
    }

    private static void deleteLink(Rtnl r, String dev) {
        try {
            r.links().delete(dev);
        } catch (KernelException e) {
            if (e.errno() != Errno.ENODEV) throw e;
        }
    }

    private static boolean forwardingOn(NetNs ns) {
        return "1".equals(Sysctl.read(ns, "net/ipv4/ip_forward"))
                && !"0".equals(Sysctl.read(ns, "net/ipv6/conf/all/forwarding"));
    }

    // ------------------------------------------------------------ down

    public Down down(Topology t, NetNs base) {
        return down(t, base, Progress.NONE);
    }

    /**
     * Removes what the topology owns: the file's pods and nodes and those the state file records
     * (pods and nodes an earlier {@code up} made that have since left the file), and the state
     * file. Succeeds with nothing removed when it is already down.
     */
    public Down down(Topology t, NetNs base, Progress progress) {
        try (HookLock lock = lock(t)) {
            ChangeLog removed = new ChangeLog(progress);
            StateFile planned = StateFile.of(t, t.hasNodes() ? null : NetnsIds.label(base));
            StateFile before = StateFile.read(t.name());
            if (before != null) removeStale(t, before, planned, base, removed);
            int done = 0;
            if (!t.hasNodes()) {
                // One batch: the kernel destroys the pods' namespaces together, ~10x faster than pair by pair.
                for (Pods.Down d : pods.down(base, t.plan().stream().map(PlannedPod::spec).toList())) {
                    d.removed().forEach(c -> removed.add("pod " + d.spec().name() + ": " + c));
                    progress.podDone(d.spec().name(), ++done, t.plan().size());
                }
                StateFile.delete(t.name());
                return new Down(t, removed.list());
            }
            for (PlannedPod p : t.plan()) {
                String nodeNs = t.node(p.node()).netns();
                if (NetNamespaces.bound(nodeNs)) {
                    try (NetNs ns = NetNs.open(nodeNs)) {
                        pods.down(ns, p.spec()).removed().forEach(c -> removed.add("pod " + p.name() + ": " + c));
                    }
                } else if (deleteNetns(p.spec().netns())) {
                    // The node is gone (and with it the host end of the pair): only the pod's namespace is left.
                    removed.add("pod " + p.name() + ": deleted netns " + p.spec().netns());
                }
                progress.podDone(p.name(), ++done, t.plan().size());
            }
            // Deleting a node's namespace deletes its link devices (a veth pair goes with either end).
            for (Node n : t.nodes()) {
                if (deleteNetns(n.netns())) removed.add("deleted netns " + n.netns() + " (node " + n.name() + ", with its links)");
            }
            StateFile.delete(t.name());
            return new Down(t, removed.list());
        }
    }

    // ------------------------------------------------------------ status

    public Status status(Topology t, NetNs base) {
        List<HostDrift> host = new ArrayList<>();
        boolean pins = t.plan().stream().anyMatch(p -> p.spec().primary() != null || p.spec().peer() != null);
        if (pins && !pods.bpffs().mounted()) host.add(new HostDrift.BpffsUnmounted(pods.bpffs().root()));
        List<NodeDrift> nodes = new ArrayList<>();
        Map<String, List<Drift>> podDrift = new LinkedHashMap<>();
        if (!t.hasNodes()) {
            for (PlannedPod p : t.plan()) podDrift.put(p.name(), pods.check(base, p.spec()));
            return new Status(t, host, nodes, podDrift);
        }
        for (Node n : t.nodes()) {
            if (!NetNamespaces.bound(n.netns())) {
                nodes.add(new NodeDrift.NetnsMissing(n.name(), n.netns()));
                continue;
            }
            try (NetNs ns = NetNs.open(n.netns()); Rtnl r = Rtnl.open(ns)) {
                if (!"1".equals(Sysctl.read(ns, "net/ipv4/ip_forward"))) nodes.add(new NodeDrift.ForwardingOff(n.name(), "IPv4"));
                if ("0".equals(Sysctl.read(ns, "net/ipv6/conf/all/forwarding"))) nodes.add(new NodeDrift.ForwardingOff(n.name(), "IPv6"));
                for (NodeLink l : t.links()) {
                    if (l.a().equals(n.name())) linkDrift(r, n.name(), l.deviceA(), l.addressesA(), nodes);
                    if (l.b().equals(n.name())) linkDrift(r, n.name(), l.deviceB(), l.addressesB(), nodes);
                }
                for (NodeRoute rt : n.routes()) {
                    if (!hasRoute(r, rt)) nodes.add(new NodeDrift.RouteMissing(n.name(), rt));
                }
            }
        }
        for (PlannedPod p : t.plan()) {
            String nodeNs = t.node(p.node()).netns();
            if (!NetNamespaces.bound(nodeNs)) {
                // Without its node there is no host side to check; the node's drift says why.
                podDrift.put(p.name(), NetNamespaces.bound(p.spec().netns()) ? List.of()
                        : List.of(new Drift.NetnsMissing(p.spec().netns())));
                continue;
            }
            try (NetNs ns = NetNs.open(nodeNs)) {
                podDrift.put(p.name(), pods.check(ns, p.spec()));
            }
        }
        return new Status(t, host, nodes, podDrift);
    }

    private static void linkDrift(Rtnl r, String node, String dev, List<Cidr> addresses, List<NodeDrift> out) {
        Optional<Link> l = r.links().find(dev);
        if (l.isEmpty()) {
            out.add(new NodeDrift.LinkMissing(node, dev));
            return;
        }
        if (!l.get().up()) out.add(new NodeDrift.LinkDown(node, dev));
        List<Cidr> have = r.addresses().list(dev).stream().map(io.jnetkit.rtnl.Address::cidr).toList();
        for (Cidr c : addresses) {
            if (!have.contains(c)) out.add(new NodeDrift.AddressMissing(node, dev, c));
        }
    }
}
