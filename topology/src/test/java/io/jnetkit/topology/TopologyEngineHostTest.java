package io.jnetkit.topology;

import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's scenarios on veth, the datapath this machine's kernel (no netkit) has. */
@HostTest
class TopologyEngineHostTest extends TopologyEngineScenarios {
    @Override
    String datapath() {
        return "veth";
    }

    @Override
    Datapath expected() {
        return Datapath.VETH;
    }

    /** Two ups of one topology at once: one builds, the other then finds nothing to change. */
    @Test
    void concurrentUpsAreSerialised() throws Exception {
        Topology t = write("""
                name: %s
                defaults: {datapath: veth}
                nodes:
                  - {name: a, pod-cidr: 10.1.0.0/24}
                  - {name: b, pod-cidr: 10.2.0.0/24}
                links: [[a, b]]
                pods:
                  - {name: a1, node: a}
                  - {name: b1, node: b}
                """.formatted(uniqueName(7)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TopologyEngine.Up>> ups = new ArrayList<>();
            for (int i = 0; i < 2; i++) ups.add(pool.submit(() -> TopologyEngine.open().up(t, ns.get())));
            List<Integer> sizes = new ArrayList<>();
            for (Future<TopologyEngine.Up> f : ups) sizes.add(f.get().changes().size());
            sizes.sort(null);
            assertEquals(0, sizes.get(0), "the second up found everything done: " + sizes);
            assertTrue(sizes.get(1) > 0);
        } finally {
            pool.shutdown();
        }
        assertTrue(engine.status(t, ns.get()).clean());
        assertTrue(ping(t, "a1", "b1"));
    }

    /** A pod moved to another node in the file: the next up takes it down on the old node and makes it on the new one. */
    @Test
    void aPodMovesToAnotherNode() throws Exception {
        String name = uniqueName(7);
        String yaml = """
                name: %s
                defaults: {datapath: veth}
                nodes:
                  - {name: a, pod-cidr: 10.1.0.0/24}
                  - {name: b, pod-cidr: 10.2.0.0/24}
                links: [[a, b]]
                pods:
                  - {name: a1, node: a}
                  - {name: m, node: %s}
                """;
        Topology onA = write(yaml.formatted(name, "a"));
        engine.up(onA, ns.get());
        assertTrue(ping(onA, "m", "a1"));
        Topology onB = write(yaml.formatted(name, "b"));
        TopologyEngine.Up moved = engine.up(onB, ns.get());
        assertTrue(moved.changes().stream().anyMatch(c -> c.startsWith("pod m (it moved to another node or namespace): ")),
                moved.changes().toString());
        assertTrue(engine.status(onB, ns.get()).clean(), engine.status(onB, ns.get()).toString());
        assertEquals("10.2.0.1", v4(onB, "m").getHostAddress());
        assertTrue(ping(onB, "m", "a1"), "m talks from node b");
        try (io.jnetkit.netns.NetNs a = io.jnetkit.netns.NetNs.open(onA.node("a").netns());
             io.jnetkit.rtnl.Rtnl r = io.jnetkit.rtnl.Rtnl.open(a)) {
            assertTrue(r.links().find(onA.pod("m").spec().hostDevice()).isEmpty(), "nothing of m left on node a");
        }
        assertEquals(List.of(), engine.up(onB, ns.get()).changes());
    }
}
