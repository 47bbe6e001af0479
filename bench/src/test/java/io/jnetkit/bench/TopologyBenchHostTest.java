package io.jnetkit.bench;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topology benchmark's code path at 3 pods, so that CI runs what {@code bin/bench-topology}
 * runs: every step succeeds, the second up changes nothing, status is clean, and the run leaves
 * no namespace behind (neither the topology's nor its own base namespace) and no pin. Its times
 * are not looked at.
 */
@HostTest
class TopologyBenchHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void threePods() throws Exception {
        TopologyBench.Result r = TopologyBench.run(3);
        assertEquals(3, r.pods());
        assertTrue(r.datapath().startsWith("datapath "), r.datapath());
        assertTrue(r.upChanges() > 0);
        assertEquals(0, r.againChanges(), "the second up changes nothing");
        assertTrue(r.clean(), "status is clean after up");
        assertTrue(r.removed() > 0);
        assertEquals(0, r.left());
        for (String n : NetNamespaces.list()) {
            assertFalse(n.startsWith("tp-" + r.name() + "-") || n.equals(TopologyBench.BASE_PREFIX + r.name()), "netns left: " + n);
        }
        assertEquals(List.of(), bpffs.pins());
        assertTrue(TopologyBench.row(r).startsWith("|     3 | "), TopologyBench.row(r));
    }
}
