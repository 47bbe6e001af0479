package io.jnetkit.topology;

import io.jnetkit.pod.NetkitTuning;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodHook;
import io.jnetkit.pod.PodProgram;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.policy.Policy;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitScrub;
import io.jnetkit.topology.YamlTree.Entry;
import io.jnetkit.topology.YamlTree.Loc;
import io.jnetkit.topology.YamlTree.Mapping;
import io.jnetkit.topology.YamlTree.Scalar;
import io.jnetkit.topology.YamlTree.Seq;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the YAML tree, checks everything, assigns addresses and derives names; one pass, first error wins. */
final class Planner {
    static final List<String> TOP_KEYS = List.of("name", "defaults", "nodes", "links", "link-cidr", "pods");
    static final List<String> DEFAULT_KEYS = List.of("datapath", "mode", "scrub", "peer-scrub", "headroom", "tailroom", "pool");
    static final List<String> NODE_KEYS = List.of("name", "pod-cidr");
    static final List<String> POD_KEYS = List.of("name", "node", "addresses", "pool", "datapath", "mode", "scrub",
            "peer-scrub", "headroom", "tailroom", "host-device", "pod-device", "hooks");
    static final List<String> HOOK_KEYS = List.of("peer", "primary");
    static final List<String> PROGRAM_KEYS = List.of("policy", "policy-file", "object", "program");
    /** Link-local: no pod can own an address in it, so links never collide with pods. */
    /** A policy of 256 rules is a few kB; a larger file is not a policy (and must not fill the heap). */
    static final long MAX_POLICY_FILE = 1 << 20;
    static final Cidr DEFAULT_LINK_CIDR = Cidr.parse("169.254.255.0/24");
    static final InetAddress LINK6_A = Cidr.parseAddress("fe80::a");
    static final InetAddress LINK6_B = Cidr.parseAddress("fe80::b");
    private static final String NAME_CHARS = "[A-Za-z0-9][A-Za-z0-9_.-]*";

    private final String file;
    private final Path dir;

    Planner(String file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    private TopologyException error(Loc at, String message) {
        return new TopologyException(file, at, message);
    }

    /** A value with where it was written. */
    private record At<T>(T value, Loc loc) {}

    private record NodeDecl(String name, Loc nameLoc, List<At<Cidr>> podCidrs) {}


    private record PodDecl(String name, Loc nameLoc, At<String> node, List<At<Cidr>> addresses, List<At<Cidr>> pool,
                           At<Datapath> datapath, At<NetkitMode> mode, At<NetkitScrub> scrub, At<NetkitScrub> peerScrub,
                           At<Integer> headroom, At<Integer> tailroom, At<String> hostDevice, At<String> podDevice,
                           PodProgram peer, PodProgram primary) {}

    Topology plan(String text) {
        YamlTree.Node root = YamlTree.parse(text, file);
        if (root == null || (root instanceof Scalar s && s.isNull())) {
            throw error(new Loc(1, 1), "empty topology file: expected a mapping with name and pods");
        }
        Mapping top = mapping(root, "the topology file");
        checkKeys(top, TOP_KEYS, "at the top level");

        Entry nameEntry = require(top, "name", "the topology", new Loc(1, 1));
        String name = string(nameEntry);
        if (!name.matches("[a-z][a-z0-9]{0,11}")) {
            throw error(nameEntry.value().loc(), "invalid topology name \"" + name
                    + "\": 1 to 12 lower-case letters and digits, starting with a letter (it prefixes what the topology creates: tp-"
                    + "NAME-…)");
        }
        String prefix = Topology.PREFIX + name + "-";

        // defaults
        At<Datapath> dDatapath = null;
        At<NetkitMode> dMode = null;
        At<NetkitScrub> dScrub = null, dPeerScrub = null;
        At<Integer> dHead = null, dTail = null;
        List<At<Cidr>> dPool = List.of();
        Entry dEntry = top.entries().get("defaults");
        if (dEntry != null) {
            Mapping d = mapping(dEntry.value(), "defaults");
            checkKeys(d, DEFAULT_KEYS, "in defaults");
            dDatapath = datapath(d.entries().get("datapath"));
            dMode = mode(d.entries().get("mode"));
            dScrub = scrub(d.entries().get("scrub"));
            dPeerScrub = scrub(d.entries().get("peer-scrub"));
            dHead = room(d.entries().get("headroom"));
            dTail = room(d.entries().get("tailroom"));
            dPool = cidrs(d.entries().get("pool"), "pool", true);
            if (dDatapath != null && dDatapath.value() == Datapath.VETH) {
                for (At<?> netkitOnly : new At<?>[] {dMode, dScrub, dPeerScrub, dHead, dTail}) {
                    if (netkitOnly != null) {
                        throw error(netkitOnly.loc(), "this default applies to netkit only, and the default datapath is veth");
                    }
                }
            }
        }

        // nodes
        List<NodeDecl> nodeDecls = new ArrayList<>();
        Map<String, NodeDecl> nodeByName = new LinkedHashMap<>();
        Entry nodesEntry = top.entries().get("nodes");
        if (nodesEntry != null) {
            Seq seq = seq(nodesEntry.value(), "nodes");
            if (seq.items().isEmpty()) throw error(seq.loc(), "nodes: expected at least one node (or leave the key out)");
            for (YamlTree.Node item : seq.items()) {
                Mapping m = mapping(item, "a node");
                checkKeys(m, NODE_KEYS, "in a node");
                Entry ne = require(m, "name", "a node", m.loc());
                String nn = string(ne);
                checkName(ne.value().loc(), "node", nn);
                String dev = "to-" + nn;
                if (dev.getBytes(StandardCharsets.UTF_8).length > 15) {
                    throw error(ne.value().loc(), "node name \"" + nn + "\" is too long: its link devices are named "
                            + dev + ", longer than 15 bytes; at most 12 bytes");
                }
                NodeDecl first = nodeByName.get(nn);
                if (first != null) throw error(ne.value().loc(), "duplicate node name \"" + nn + "\" (first at " + first.nameLoc() + ")");
                Entry ce = require(m, "pod-cidr", "node " + nn, ne.keyLoc());
                List<At<Cidr>> podCidrs = cidrs(ce, "pod-cidr", true);
                NodeDecl nd = new NodeDecl(nn, ne.value().loc(), podCidrs);
                nodeDecls.add(nd);
                nodeByName.put(nn, nd);
            }
            // Node pod CIDRs must not overlap: routes between nodes would be ambiguous.
            List<At<Cidr>> seen = new ArrayList<>();
            Map<At<Cidr>, String> owner = new HashMap<>();
            for (NodeDecl nd : nodeDecls) {
                for (At<Cidr> c : nd.podCidrs()) {
                    for (At<Cidr> o : seen) {
                        if (overlap(o.value(), c.value())) {
                            throw error(c.loc(), "pod-cidr " + c.value() + " of node " + nd.name() + " overlaps "
                                    + o.value() + " of node " + owner.get(o) + " (at " + o.loc() + ")");
                        }
                    }
                    seen.add(c);
                    owner.put(c, nd.name());
                }
            }
            if (!dPool.isEmpty()) {
                throw error(dEntry.value() instanceof Mapping dm ? dm.entries().get("pool").keyLoc() : dEntry.keyLoc(),
                        "defaults pool does not apply to a topology with nodes: pods draw from their node's pod-cidr");
            }
        }

        // links
        Entry linksEntry = top.entries().get("links");
        Entry linkCidrEntry = top.entries().get("link-cidr");
        if (nodeDecls.isEmpty()) {
            if (linksEntry != null) throw error(linksEntry.keyLoc(), "links join nodes, and this topology declares no nodes");
            if (linkCidrEntry != null) throw error(linkCidrEntry.keyLoc(), "link-cidr is for links between nodes, and this topology declares no nodes");
        }
        List<String[]> linkPairs = new ArrayList<>();
        List<Loc> linkLocs = new ArrayList<>();
        if (linksEntry != null) {
            Seq seq = seq(linksEntry.value(), "links");
            for (YamlTree.Node item : seq.items()) {
                if (!(item instanceof Seq pair) || pair.items().size() != 2) {
                    throw error(item.loc(), "a link is a list of two node names, e.g. [n1, n2]; got " + item.kind()
                            + (item instanceof Seq s ? " of " + s.items().size() : ""));
                }
                String[] ends = new String[2];
                for (int i = 0; i < 2; i++) {
                    YamlTree.Node end = pair.items().get(i);
                    ends[i] = scalarText(end, "link end");
                    if (!nodeByName.containsKey(ends[i])) {
                        throw error(end.loc(), "link names unknown node \"" + ends[i] + "\"; nodes: " + String.join(", ", nodeByName.keySet()));
                    }
                }
                if (ends[0].equals(ends[1])) throw error(pair.loc(), "a link joins two different nodes, not " + ends[0] + " to itself");
                for (int i = 0; i < linkPairs.size(); i++) {
                    String[] o = linkPairs.get(i);
                    if ((o[0].equals(ends[0]) && o[1].equals(ends[1])) || (o[0].equals(ends[1]) && o[1].equals(ends[0]))) {
                        throw error(pair.loc(), "duplicate link " + ends[0] + " - " + ends[1] + " (first at " + linkLocs.get(i) + ")");
                    }
                }
                linkPairs.add(ends);
                linkLocs.add(pair.loc());
            }
        }
        At<Cidr> linkCidr = new At<>(DEFAULT_LINK_CIDR, linkCidrEntry == null ? null : linkCidrEntry.value().loc());
        if (linkCidrEntry != null) {
            List<At<Cidr>> lc = cidrs(linkCidrEntry, "link-cidr", false);
            linkCidr = lc.getFirst();
            if (linkCidr.value().family() != IpFamily.V4) {
                throw error(linkCidr.loc(), "link-cidr must be IPv4 (IPv6 links use link-local fe80::a and fe80::b)");
            }
            if (linkCidr.value().contains(PodSpec.GATEWAY4.getAddress())) {
                throw error(linkCidr.loc(), "link-cidr " + linkCidr.value() + " holds " + Cidr.format(PodSpec.GATEWAY4)
                        + ", the gateway address of link-layer pods");
            }
            for (NodeDecl nd : nodeDecls) {
                for (At<Cidr> c : nd.podCidrs()) {
                    if (overlap(c.value(), linkCidr.value())) {
                        throw error(linkCidr.loc(), "link-cidr " + linkCidr.value() + " overlaps pod-cidr " + c.value()
                                + " of node " + nd.name() + " (at " + c.loc() + ")");
                    }
                }
            }
        }
        if (linkCidr.value().prefixLength() > 31
                || BigInteger.ONE.shiftLeft(31 - linkCidr.value().prefixLength()).compareTo(BigInteger.valueOf(linkPairs.size())) < 0) {
            Loc at = linkCidr.loc() != null ? linkCidr.loc() : linksEntry.keyLoc();
            throw error(at, "link-cidr " + linkCidr.value() + " is too small: " + linkPairs.size()
                    + " links need a /31 each");
        }
        // Every node must reach every other, or some pods could not talk at all.
        if (nodeDecls.size() > 1) {
            Set<String> reached = reach(nodeDecls.getFirst().name(), linkPairs);
            for (NodeDecl nd : nodeDecls) {
                if (!reached.contains(nd.name())) {
                    throw error(nd.nameLoc(), "node " + nd.name() + " has no link path to node " + nodeDecls.getFirst().name()
                            + ": add a link, e.g. links: [[" + nodeDecls.getFirst().name() + ", " + nd.name() + "]]");
                }
            }
        }

        // pods
        Entry podsEntry = require(top, "pods", "the topology", nameEntry.keyLoc());
        Seq podSeq = seq(podsEntry.value(), "pods");
        if (podSeq.items().isEmpty()) throw error(podSeq.loc(), "pods: expected at least one pod");
        List<PodDecl> pods = new ArrayList<>();
        Map<String, Loc> podNames = new HashMap<>();
        for (YamlTree.Node item : podSeq.items()) {
            PodDecl pd = pod(item, nodeByName, !nodeDecls.isEmpty());
            Loc first = podNames.putIfAbsent(pd.name(), pd.nameLoc());
            if (first != null) throw error(pd.nameLoc(), "duplicate pod name \"" + pd.name() + "\" (first at " + first + ")");
            NodeDecl clash = nodeByName.get(pd.name());
            if (clash != null) {
                throw error(pd.nameLoc(), "pod name \"" + pd.name() + "\" is also a node's (at " + clash.nameLoc()
                        + "): both would be namespace " + prefix + pd.name());
            }
            pods.add(pd);
        }

        // addresses: explicit ones first (reserved), then pools, first free in file order
        Map<InetAddress, String> taken = new HashMap<>();
        Map<InetAddress, Loc> takenAt = new HashMap<>();
        for (PodDecl pd : pods) {
            NodeDecl nd = pd.node() == null ? null : nodeByName.get(pd.node().value());
            for (At<Cidr> a : pd.addresses()) {
                Cidr c = a.value();
                if (c.prefixLength() != c.family().bits()) {
                    throw error(a.loc(), "address " + c + " must be a single host (/" + c.family().bits()
                            + " or no prefix): the pod reaches everything else through its default route");
                }
                checkOwnable(a.loc(), c.address(), "address " + Cidr.format(c.address()));
                if (linkCidr.value().contains(c)) {
                    throw error(a.loc(), "address " + Cidr.format(c.address()) + " is in link-cidr " + linkCidr.value());
                }
                if (nd != null) insideNode(a, nd, "address");
                String other = taken.putIfAbsent(c.address(), pd.name());
                if (other != null) {
                    throw error(a.loc(), "address " + Cidr.format(c.address()) + " is also pod " + other + "'s (at "
                            + takenAt.get(c.address()) + ")");
                }
                takenAt.put(c.address(), a.loc());
            }
            for (At<Cidr> p : pd.pool()) {
                if (nd != null) insideNode(p, nd, "pool");
            }
        }
        Map<PodDecl, List<Cidr>> assigned = new HashMap<>();
        Map<PodDecl, List<At<Cidr>>> pools = new HashMap<>();
        for (PodDecl pd : pods) {
            if (pd.addresses().isEmpty()) {
                pools.put(pd, !pd.pool().isEmpty() ? pd.pool()
                        : pd.node() != null ? nodeByName.get(pd.node().value()).podCidrs()
                        : dPool);
            }
        }
        for (PodDecl pd : pods) {
            if (!pd.addresses().isEmpty()) {
                assigned.put(pd, pd.addresses().stream().map(At::value).toList());
                continue;
            }
            List<At<Cidr>> pool = pools.get(pd);
            if (pool.isEmpty()) {
                throw error(pd.nameLoc(), "pod " + pd.name() + " has no addresses and no pool to draw from: set addresses, pool, or defaults pool");
            }
            List<Cidr> got = new ArrayList<>();
            for (At<Cidr> p : pool) {
                InetAddress a = firstFree(p.value(), taken.keySet());
                if (a == null) {
                    long drawing = pools.values().stream()
                            .filter(l -> l.stream().anyMatch(x -> x.value().equals(p.value()))).count();
                    throw error(p.loc(), "pool " + p.value() + " is too small: no free address left for pod " + pd.name()
                            + " (" + usable(p.value()) + " usable, " + countInside(p.value(), taken.keySet())
                            + " taken; " + drawing + " pods draw from it)");
                }
                taken.put(a, pd.name());
                got.add(new Cidr(a, IpFamily.of(a).bits()));
            }
            assigned.put(pd, got);
        }

        // names in each namespace that holds host-side devices: the engine's (null) or a node's
        Map<String, Map<String, Loc>> devices = new HashMap<>();
        for (String[] l : linkPairs) {
            devices.computeIfAbsent(l[0], k -> new HashMap<>()).put("to-" + l[1], null);
            devices.computeIfAbsent(l[1], k -> new HashMap<>()).put("to-" + l[0], null);
        }
        List<PlannedPod> plan = new ArrayList<>();
        for (PodDecl pd : pods) {
            PlannedPod pp = build(pd, prefix, assigned.get(pd), dDatapath, dMode, dScrub, dPeerScrub, dHead, dTail);
            String ns = pd.node() == null ? "" : pd.node().value();
            Loc devLoc = pd.hostDevice() != null ? pd.hostDevice().loc() : pd.nameLoc();
            Map<String, Loc> inNs = devices.computeIfAbsent(ns, k -> new HashMap<>());
            if (inNs.containsKey(pp.spec().hostDevice())) {
                Loc first = inNs.get(pp.spec().hostDevice());
                throw error(devLoc, "host device " + pp.spec().hostDevice() + " is already used "
                        + (first == null ? "by a node link" : "at " + first)
                        + (pd.node() == null ? "" : " in node " + pd.node().value()));
            }
            inNs.put(pp.spec().hostDevice(), devLoc);
            plan.add(pp);
        }

        // links and routes
        boolean v6 = nodeDecls.stream().anyMatch(n -> n.podCidrs().stream().anyMatch(c -> c.value().family() == IpFamily.V6));
        List<NodeLink> links = new ArrayList<>();
        BigInteger base = new BigInteger(1, linkCidr.value().network().bytes());
        for (int i = 0; i < linkPairs.size(); i++) {
            String[] l = linkPairs.get(i);
            List<Cidr> aa = new ArrayList<>(), bb = new ArrayList<>();
            aa.add(new Cidr(toAddress(base.add(BigInteger.valueOf(2L * i)), 4), 31));
            bb.add(new Cidr(toAddress(base.add(BigInteger.valueOf(2L * i + 1)), 4), 31));
            if (v6) {
                aa.add(new Cidr(LINK6_A, 64));
                bb.add(new Cidr(LINK6_B, 64));
            }
            links.add(new NodeLink(l[0], l[1], "to-" + l[1], "to-" + l[0], aa, bb));
        }
        List<Node> nodes = new ArrayList<>();
        for (NodeDecl nd : nodeDecls) {
            List<NodeRoute> routes = new ArrayList<>();
            Map<String, NodeLink> firstHop = firstHops(nd.name(), links);
            for (NodeDecl other : nodeDecls) {
                if (other == nd) continue;
                NodeLink hop = firstHop.get(other.name());
                boolean fromA = hop.a().equals(nd.name());
                String dev = fromA ? hop.deviceA() : hop.deviceB();
                List<Cidr> far = fromA ? hop.addressesB() : hop.addressesA();
                for (At<Cidr> c : other.podCidrs()) {
                    InetAddress via = far.stream().filter(x -> x.family() == c.value().family()).findFirst().orElseThrow().address();
                    routes.add(new NodeRoute(nd.name(), c.value(), dev, via, other.name()));
                }
            }
            nodes.add(new Node(nd.name(), prefix + nd.name(), nd.podCidrs().stream().map(At::value).toList(), routes));
        }

        NetkitTuning dTuning = new NetkitTuning(val(dScrub), val(dPeerScrub), val(dHead), val(dTail));
        Defaults defaults = new Defaults(val(dDatapath), val(dMode), dTuning, dPool.stream().map(At::value).toList());
        return new Topology(name, file, defaults, nodes, links, plan);
    }

    private PlannedPod build(PodDecl pd, String prefix, List<Cidr> addresses, At<Datapath> dDatapath, At<NetkitMode> dMode,
                             At<NetkitScrub> dScrub, At<NetkitScrub> dPeerScrub, At<Integer> dHead, At<Integer> dTail) {
        Datapath datapath = pd.datapath() != null ? pd.datapath().value() : dDatapath != null ? dDatapath.value() : Datapath.AUTO;
        boolean veth = datapath == Datapath.VETH;
        if (veth) {
            for (At<?> netkitOnly : new At<?>[] {pd.mode(), pd.scrub(), pd.peerScrub(), pd.headroom(), pd.tailroom()}) {
                if (netkitOnly != null) throw error(netkitOnly.loc(), "pod " + pd.name() + ": this setting applies to netkit only, not to veth");
            }
        }
        NetkitMode mode = veth ? null : pd.mode() != null ? pd.mode().value() : val(dMode);
        NetkitTuning tuning = veth ? NetkitTuning.NONE : new NetkitTuning(
                pd.scrub() != null ? pd.scrub().value() : val(dScrub),
                pd.peerScrub() != null ? pd.peerScrub().value() : val(dPeerScrub),
                pd.headroom() != null ? pd.headroom().value() : val(dHead),
                pd.tailroom() != null ? pd.tailroom().value() : val(dTail));
        String hostDevice;
        if (pd.hostDevice() != null) {
            hostDevice = pd.hostDevice().value();
            checkDevice(pd.hostDevice().loc(), "host-device", hostDevice);
        } else {
            hostDevice = prefix + pd.name();
            if (hostDevice.getBytes(StandardCharsets.UTF_8).length > 15) {
                throw error(pd.nameLoc(), "pod name \"" + pd.name() + "\" is too long: its host device " + hostDevice
                        + " would be " + hostDevice.getBytes(StandardCharsets.UTF_8).length
                        + " bytes, longer than 15; shorten the pod or topology name, or set host-device");
            }
        }
        String podDevice = pd.podDevice() == null ? null : pd.podDevice().value();
        if (podDevice != null) checkDevice(pd.podDevice().loc(), "pod-device", podDevice);
        PodSpec.Builder b = PodSpec.builder(pd.name()).netns(prefix + pd.name()).hostDevice(hostDevice).podDevice(podDevice)
                .datapath(datapath).mode(mode).peer(pd.peer()).primary(pd.primary()).netkit(tuning);
        addresses.forEach(b::address);
        try {
            return new PlannedPod(b.build(), pd.node() == null ? null : pd.node().value(), tuning);
        } catch (IllegalArgumentException e) {
            // The checks above catch what the file can get wrong; this is the spec's last word.
            throw error(pd.nameLoc(), e.getMessage());
        }
    }

    private PodDecl pod(YamlTree.Node item, Map<String, NodeDecl> nodes, boolean haveNodes) {
        Mapping m = mapping(item, "a pod");
        checkKeys(m, POD_KEYS, "in a pod");
        Entry ne = require(m, "name", "a pod", m.loc());
        String pn = string(ne);
        checkName(ne.value().loc(), "pod", pn);
        Map<String, Entry> e = m.entries();
        At<String> node = null;
        Entry nodeEntry = e.get("node");
        if (nodeEntry != null) {
            node = new At<>(string(nodeEntry), nodeEntry.value().loc());
            if (!nodes.containsKey(node.value())) {
                throw error(node.loc(), "pod " + pn + " is on unknown node \"" + node.value() + "\"; "
                        + (haveNodes ? "nodes: " + String.join(", ", nodes.keySet()) : "this topology declares no nodes"));
            }
        } else if (haveNodes) {
            throw error(ne.value().loc(), "pod " + pn + " needs a node: this topology declares nodes ("
                    + String.join(", ", nodes.keySet()) + ")");
        }
        List<At<Cidr>> addresses = List.of();
        Entry ae = e.get("addresses");
        if (ae != null) {
            Seq s = seq(ae.value(), "addresses");
            if (s.items().isEmpty()) throw error(s.loc(), "addresses: expected at least one address (or leave the key out to draw from a pool)");
            List<At<Cidr>> out = new ArrayList<>();
            for (YamlTree.Node a : s.items()) out.add(new At<>(cidr(a, "address"), a.loc()));
            addresses = out;
        }
        List<At<Cidr>> pool = cidrs(e.get("pool"), "pool", true);
        if (!addresses.isEmpty() && !pool.isEmpty()) {
            throw error(e.get("pool").keyLoc(), "pod " + pn + ": addresses and pool exclude each other");
        }
        At<String> hostDevice = e.containsKey("host-device") ? new At<>(string(e.get("host-device")), e.get("host-device").value().loc()) : null;
        At<String> podDevice = e.containsKey("pod-device") ? new At<>(string(e.get("pod-device")), e.get("pod-device").value().loc()) : null;
        PodProgram peer = null, primary = null;
        Entry he = e.get("hooks");
        if (he != null) {
            Mapping hooks = mapping(he.value(), "hooks");
            for (Entry h : hooks.entries().values()) {
                if (!HOOK_KEYS.contains(h.key())) {
                    throw error(h.keyLoc(), "unknown hook \"" + h.key() + "\" in pod " + pn
                            + "; hooks: peer (what the pod sends), primary (what it receives)");
                }
                PodProgram p = program(h, pn);
                if (h.key().equals(PodHook.PEER.word())) peer = p; else primary = p;
            }
        }
        return new PodDecl(pn, ne.value().loc(), node, addresses, pool, datapath(e.get("datapath")), mode(e.get("mode")),
                scrub(e.get("scrub")), scrub(e.get("peer-scrub")), room(e.get("headroom")), room(e.get("tailroom")),
                hostDevice, podDevice, peer, primary);
    }

    private PodProgram program(Entry hook, String pod) {
        Mapping m = mapping(hook.value(), hook.key() + " hook");
        checkKeys(m, PROGRAM_KEYS, "in a hook");
        Map<String, Entry> e = m.entries();
        Entry source = null;
        for (Entry x : e.values()) {
            if (x.key().equals("program")) continue;
            if (source != null) {
                throw error(x.keyLoc(), "pod " + pod + " " + hook.key() + " hook: " + source.key() + " and " + x.key()
                        + " exclude each other; one program per hook");
            }
            source = x;
        }
        if (source == null) {
            throw error(hook.keyLoc(), "pod " + pod + " " + hook.key() + " hook: expected one of policy, policy-file, object");
        }
        Entry program = e.get("program");
        if (program != null && !source.key().equals("object")) {
            throw error(program.keyLoc(), "program names a program of an object file; it needs object, not " + source.key());
        }
        String what = "pod " + pod + " " + hook.key() + " ";
        switch (source.key()) {
            case "policy" -> {
                String text = string(source);
                return policy(source.keyLoc(), what + "policy", text);
            }
            case "policy-file" -> {
                String rel = string(source);
                Path p = resolve(source.keyLoc(), "policy file", rel);
                String text;
                try {
                    // A device or FIFO (/dev/zero, /dev/stdin) would never end or never answer.
                    if (Files.exists(p) && !Files.isRegularFile(p)) {
                        throw error(source.keyLoc(), "read policy file " + rel + ": not a regular file (" + p + ")");
                    }
                    if (Files.exists(p) && Files.size(p) > MAX_POLICY_FILE) {
                        throw error(source.keyLoc(), "read policy file " + rel + ": larger than " + MAX_POLICY_FILE
                                + " bytes (" + p + ")");
                    }
                    text = Files.readString(p, StandardCharsets.UTF_8);
                } catch (java.nio.file.NoSuchFileException ex) {
                    throw error(source.keyLoc(), "read policy file " + rel + ": no such file (" + p + ")");
                } catch (IOException | java.io.UncheckedIOException ex) {
                    throw error(source.keyLoc(), "read policy file " + rel + ": " + ex.getMessage());
                }
                return policy(source.keyLoc(), what + "policy file " + rel, text);
            }
            default -> {
                String rel = string(source);
                Path p = resolve(source.keyLoc(), "object file", rel);
                if (!Files.isRegularFile(p)) {
                    throw error(source.keyLoc(), "object file " + rel + ": no such file (" + p + ")");
                }
                return new PodProgram.BpfObject(p, program == null ? null : string(program));
            }
        }
    }

    /** A path relative to the file's directory; one with a NUL cannot name a file. */
    private Path resolve(Loc at, String what, String rel) {
        try {
            return dir.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw error(at, what + " " + rel.replace("\0", "\\0") + ": not a path (" + e.getReason() + ")");
        }
    }

    private PodProgram policy(Loc at, String what, String text) {
        if (text.isBlank()) throw error(at, what + ": empty");
        try {
            Policy.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(at, what + ": " + e.getMessage());
        }
        return new PodProgram.Policy(text);
    }

    // ---- typed values

    private At<Datapath> datapath(Entry e) {
        if (e == null) return null;
        String w = string(e);
        try {
            return new At<>(Datapath.parse(w), e.value().loc());
        } catch (IllegalArgumentException ex) {
            throw error(e.value().loc(), ex.getMessage());
        }
    }

    private At<NetkitMode> mode(Entry e) {
        if (e == null) return null;
        String w = string(e);
        for (NetkitMode m : NetkitMode.values()) {
            if (m.word().equals(w)) return new At<>(m, e.value().loc());
        }
        throw error(e.value().loc(), "unknown mode \"" + w + "\"; expected l3 or l2");
    }

    private At<NetkitScrub> scrub(Entry e) {
        if (e == null) return null;
        String w = string(e);
        for (NetkitScrub s : NetkitScrub.values()) {
            if (s.word().equals(w)) return new At<>(s, e.value().loc());
        }
        throw error(e.value().loc(), "unknown " + e.key() + " \"" + w + "\"; expected default or none");
    }

    private At<Integer> room(Entry e) {
        if (e == null) return null;
        if (!(e.value() instanceof Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
            throw error(e.value().loc(), e.key() + ": expected an integer 0..65535, got " + e.value().kind());
        }
        // YAML 1.1 also calls 0x40, 0o17, 1_000 and 4_ integers; a byte count is written in decimal.
        if (!s.text().matches("[+-]?[0-9]+")) {
            throw error(e.value().loc(), e.key() + ": expected a decimal integer 0..65535, got " + s.text());
        }
        BigInteger v = new BigInteger(s.text());
        if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(65535)) > 0) {
            throw error(e.value().loc(), e.key() + " " + v + " is out of range: 0..65535 bytes");
        }
        return new At<>(v.intValue(), e.value().loc());
    }

    /** One CIDR or a list of them, at most one per family; {@code network}: host bits must be zero. */
    private List<At<Cidr>> cidrs(Entry e, String what, boolean network) {
        if (e == null) return List.of();
        List<YamlTree.Node> items = e.value() instanceof Seq s ? s.items() : List.of(e.value());
        if (items.isEmpty()) throw error(e.value().loc(), what + ": expected a prefix or a list of prefixes, got an empty list");
        List<At<Cidr>> out = new ArrayList<>();
        for (YamlTree.Node n : items) {
            Cidr c = cidr(n, what);
            if (network && !c.isNetwork()) {
                throw error(n.loc(), what + " " + c + " has host bits set; the prefix is " + c.network());
            }
            if (network) checkOwnable(n.loc(), c.address(), what + " " + c);
            for (At<Cidr> o : out) {
                if (o.value().family() == c.family()) {
                    throw error(n.loc(), what + ": at most one " + (c.family() == IpFamily.V4 ? "IPv4" : "IPv6")
                            + " prefix (first at " + o.loc() + ")");
                }
            }
            out.add(new At<>(c, n.loc()));
        }
        return out;
    }

    private Cidr cidr(YamlTree.Node n, String what) {
        String t = scalarText(n, what);
        try {
            return Cidr.parse(t);
        } catch (IllegalArgumentException ex) {
            throw error(n.loc(), what + ": " + ex.getMessage());
        }
    }

    private void checkOwnable(Loc at, InetAddress a, String what) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            throw error(at, what + " is not unicast space a pod can own (unspecified, loopback, link-local or multicast)");
        }
    }

    private void insideNode(At<Cidr> c, NodeDecl nd, String what) {
        for (At<Cidr> pc : nd.podCidrs()) {
            if (pc.value().contains(c.value())) return;
        }
        throw error(c.loc(), what + " " + c.value() + " is outside node " + nd.name() + "'s pod-cidr "
                + nd.podCidrs().stream().map(x -> x.value().toString()).reduce((x, y) -> x + ", " + y).orElse(""));
    }

    private void checkName(Loc at, String what, String n) {
        if (n.length() > 64 || !n.matches(NAME_CHARS)) {
            throw error(at, "invalid " + what + " name \"" + n
                    + "\": letters, digits, '_', '.', '-', at most 64, starting with a letter or digit");
        }
    }

    private void checkDevice(Loc at, String what, String dev) {
        int len = dev.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len > 15 || dev.equals(".") || dev.equals("..")
                || dev.chars().anyMatch(ch -> ch == '/' || ch == ':' || ch == 0 || Character.isWhitespace(ch))) {
            throw error(at, "invalid " + what + " \"" + dev + "\": 1 to 15 bytes without '/', ':' or spaces");
        }
    }

    // ---- tree access

    private Mapping mapping(YamlTree.Node n, String what) {
        if (n instanceof Mapping m) return m;
        throw error(n.loc(), what + ": expected a mapping, got " + n.kind());
    }

    private Seq seq(YamlTree.Node n, String what) {
        if (n instanceof Seq s) return s;
        throw error(n.loc(), what + ": expected a list, got " + n.kind());
    }

    private String string(Entry e) {
        return scalarText(e.value(), e.key());
    }

    private String scalarText(YamlTree.Node n, String what) {
        if (n instanceof Scalar s && !s.isNull()) return s.text();
        throw error(n.loc(), what + ": expected a string, got " + n.kind());
    }

    private Entry require(Mapping m, String key, String what, Loc fallback) {
        Entry e = m.entries().get(key);
        if (e == null) throw error(m.loc() != null ? m.loc() : fallback, what + " needs the key " + key);
        return e;
    }

    private void checkKeys(Mapping m, List<String> valid, String where) {
        for (Entry e : m.entries().values()) {
            if (!valid.contains(e.key())) {
                throw error(e.keyLoc(), "unknown key \"" + e.key() + "\" " + where + "; valid keys: " + String.join(", ", valid));
            }
        }
    }

    private static <T> T val(At<T> a) {
        return a == null ? null : a.value();
    }

    // ---- addresses and graphs

    private static boolean overlap(Cidr a, Cidr b) {
        return a.contains(b) || b.contains(a);
    }

    /** The first address of {@code pool} a pod can own that is not taken, or null. */
    private static InetAddress firstFree(Cidr pool, Set<InetAddress> taken) {
        int bytes = pool.family().bytes();
        BigInteger first = new BigInteger(1, pool.network().bytes());
        BigInteger size = BigInteger.ONE.shiftLeft(pool.family().bits() - pool.prefixLength());
        BigInteger last = first.add(size).subtract(BigInteger.ONE);
        // The network address (and IPv4's broadcast) belong to no host, except in /31 and /32 (/127, /128).
        if (pool.prefixLength() < pool.family().bits() - 1) {
            first = first.add(BigInteger.ONE);
            if (pool.family() == IpFamily.V4) last = last.subtract(BigInteger.ONE);
        }
        for (BigInteger i = first; i.compareTo(last) <= 0; i = i.add(BigInteger.ONE)) {
            InetAddress a = toAddress(i, bytes);
            if (!taken.contains(a)) return a;
        }
        return null;
    }

    private static BigInteger usable(Cidr pool) {
        BigInteger size = BigInteger.ONE.shiftLeft(pool.family().bits() - pool.prefixLength());
        if (pool.prefixLength() < pool.family().bits() - 1) {
            size = size.subtract(BigInteger.valueOf(pool.family() == IpFamily.V4 ? 2 : 1));
        }
        return size;
    }

    private static long countInside(Cidr pool, Set<InetAddress> taken) {
        return taken.stream().filter(a -> pool.contains(a.getAddress())).count();
    }

    private static InetAddress toAddress(BigInteger v, int bytes) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[bytes];
        int n = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - n, out, bytes - n, n);
        return Cidr.fromBytes(out);
    }

    private static Set<String> reach(String from, List<String[]> links) {
        Set<String> seen = new HashSet<>(List.of(from));
        ArrayDeque<String> q = new ArrayDeque<>(List.of(from));
        while (!q.isEmpty()) {
            String n = q.poll();
            for (String[] l : links) {
                String o = l[0].equals(n) ? l[1] : l[1].equals(n) ? l[0] : null;
                if (o != null && seen.add(o)) q.add(o);
            }
        }
        return seen;
    }

    /** For each node reachable from {@code from}: the link of the first hop of a shortest path (links in file order break ties). */
    private static Map<String, NodeLink> firstHops(String from, List<NodeLink> links) {
        Map<String, NodeLink> hop = new HashMap<>();
        Set<String> seen = new HashSet<>(List.of(from));
        ArrayDeque<String> q = new ArrayDeque<>(List.of(from));
        while (!q.isEmpty()) {
            String n = q.poll();
            for (NodeLink l : links) {
                String o = l.a().equals(n) ? l.b() : l.b().equals(n) ? l.a() : null;
                if (o != null && seen.add(o)) {
                    hop.put(o, n.equals(from) ? l : hop.get(n));
                    q.add(o);
                }
            }
        }
        return hop;
    }
}
