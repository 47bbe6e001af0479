package io.jnetkit.topology;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.net.Cidr;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodHook;
import io.jnetkit.probe.IcmpPinger;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine at scale, run with 100 veth pods by {@link TopologyScaleHostTest} (this machine) and
 * with fewer netkit pods by {@link TopologyScaleNetkitTest} (the lab guest, emulated and slow): one
 * topology without nodes, addresses from a /24 pool, a policy on every 10th pod. Up, no drift, a
 * second up changes nothing; every pod pings its two ring neighbours and the first pod pings every
 * other (real ICMP from inside the pods); a policed pod receives nothing on tcp/22 but does on
 * another port; down leaves no namespace, device, route, pin, program or BPF link of the
 * topology's, counted from the kernel. Each phase's time is printed (not asserted: the figures
 * are TopologyBench's job).
 */
abstract class TopologyScaleScenarios {
    /** The policy on every 10th pod's primary hook (what it receives). */
    static final String POLICY = "deny tcp dport 22; allow any";
    static final Cidr POOL = Cidr.parse("10.77.0.0/24");

    /** The datapath the file asks for, as written in YAML. */
    abstract String datapath();

    /** The datapath the pods must end up with. */
    abstract Datapath expected();

    /** How many pods. */
    abstract int pods();

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private TopologyEngine engine;
    private Topology made;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    @AfterEach
    void downEvenOnFailure() {
        System.out.println(getClass().getSimpleName() + " (" + pods() + " pods): " + String.join(", ",
                phases.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").toList()));
        if (made == null) return;
        try {
            engine.down(made, ns.get());
        } finally {
            for (String n : NetNamespaces.list()) {
                if (n.startsWith(made.prefix())) NetNamespaces.delete(n);
            }
        }
    }

    /** Records the time since the previous phase ended. */
    private void phase(String name) {
        long now = System.nanoTime();
        phases.put(name, (now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    static String yaml(String name, String datapath, int pods) {
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(name).append('\n');
        b.append("defaults:\n  datapath: ").append(datapath).append("\n  pool: ").append(POOL).append('\n');
        b.append("pods:\n");
        for (int i = 1; i <= pods; i++) {
            b.append("  - name: p").append(i).append('\n');
            if (i % 10 == 0) b.append("    hooks:\n      primary: {policy: \"").append(POLICY).append("\"}\n");
        }
        return b.toString();
    }

    @Test
    void manyPodsWithoutNodes() throws Exception {
        int n = pods();
        // tp-tXXXX-p100: 13 bytes, a device name has 15.
        Topology t = Topology.parse(yaml(TopologyEngineScenarios.uniqueName(4), datapath(), n), "scale.yaml");
        assertEquals(n, t.plan().size());
        engine = TopologyEngine.open();
        made = t;
        phase("plan");

        TopologyEngine.Up up = engine.up(t, ns.get());
        phase("up");
        assertEquals(n, up.datapaths().size());
        up.datapaths().values().forEach(d -> assertTrue(d.startsWith("datapath " + expected().word()), d));
        TopologyEngine.Status status = engine.status(t, ns.get());
        phase("status");
        assertTrue(status.clean(), status.toString());
        assertEquals(List.of(), engine.up(t, ns.get()).changes(), "a second up changes nothing");
        phase("second up");

        List<PlannedPod> plan = t.plan();
        List<IcmpPinger> pingers = new ArrayList<>();
        try {
            for (PlannedPod p : plan) {
                try (NetNs pod = NetNs.open(p.spec().netns())) {
                    pingers.add(IcmpPinger.open(pod));
                }
            }
            int seq = 0;
            for (int i = 0; i < n; i++) {
                for (int j : new int[] {(i + 1) % n, (i + n - 1) % n}) {
                    assertTrue(pings(pingers.get(i), v4(plan.get(j)), seq++), plan.get(i).name() + " pings " + plan.get(j).name());
                }
            }
            for (int j = 1; j < n; j++) {
                assertTrue(pings(pingers.getFirst(), v4(plan.get(j)), seq++), plan.getFirst().name() + " pings " + plan.get(j).name());
            }
            phase((2 * n + n - 1) + " pings");
        } finally {
            pingers.forEach(IcmpPinger::close);
        }

        // p10 is policed on what it receives: tcp/22 to it is dropped, other ports and its own sending pass.
        assertFalse(TopologyEngineScenarios.connects(t, "p11", "p10", 22), "p10 receives nothing on tcp/22");
        assertTrue(TopologyEngineScenarios.connects(t, "p11", "p10", 8080));
        assertTrue(TopologyEngineScenarios.connects(t, "p10", "p11", 22), "the policy is p10's, not p11's");
        phase("tcp");

        Set<Integer> progs = new HashSet<>();
        Set<Integer> links = new HashSet<>();
        for (PlannedPod p : plan) {
            for (PodHook h : PodHook.values()) {
                try (HookTarget ht = HookTarget.resolve(ns.get(), p.spec().hostDevice(), h.on(expected()))) {
                    HookQuery q = ht.query();
                    progs.addAll(q.programIds());
                    for (HookQuery.Entry e : q.entries()) if (e.viaLink()) links.add(e.linkId());
                }
            }
        }
        assertEquals(n / 10, progs.size(), "one program per policed pod: " + progs);
        assertEquals(progs.size(), links.size(), "every program is on a pinned link: " + progs + " " + links);
        phase("count ids");

        TopologyEngine.Down down = engine.down(t, ns.get());
        phase("down");
        assertFalse(down.removed().isEmpty());
        assertNothingLeft(t, progs, links);
        made = null;
        assertEquals(List.of(), engine.down(t, ns.get()).removed(), "a second down removes nothing");
        phase("check down");
    }

    private void assertNothingLeft(Topology t, Set<Integer> progs, Set<Integer> links) throws Exception {
        for (String name : NetNamespaces.list()) assertFalse(name.startsWith(t.prefix()), "netns left: " + name);
        try (Rtnl r = Rtnl.open(ns.get())) {
            r.links().list().forEach(l -> assertFalse(l.name().startsWith(t.prefix()), "device left: " + l.name()));
            for (Route route : r.routes().list(null)) {
                assertFalse(route.dst() != null && POOL.contains(route.dst()), "route left: " + route);
            }
        }
        assertEquals(List.of(), bpffs.pins());
        // Programs and links are freed once their last reference goes, which the kernel may finish a moment later.
        for (int i = 0; ; i++) {
            Set<Integer> p = new HashSet<>(progs);
            p.retainAll(BpfObjects.programIds());
            Set<Integer> l = new HashSet<>(links);
            l.retainAll(BpfObjects.linkIds());
            if (p.isEmpty() && l.isEmpty()) break;
            if (i > 40) fail("still in the kernel after down: programs " + p + ", links " + l);
            Thread.sleep(50);
        }
    }

    static Inet4Address v4(PlannedPod p) {
        return (Inet4Address) p.spec().addresses(io.jnetkit.net.IpFamily.V4).getFirst().address();
    }

    /** Up to three echo requests, a second each: the first may wait for neighbour resolution on the way. */
    static boolean pings(IcmpPinger p, Inet4Address to, int seq) {
        for (int i = 0; i < 3; i++) {
            if (p.ping(to, seq * 3 + i, Duration.ofSeconds(1)).isPresent()) return true;
        }
        return false;
    }
}
