package io.jnetkit.bench;

import io.jnetkit.pod.PodProgram;
import io.jnetkit.topology.PlannedPod;
import io.jnetkit.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The benchmark's generated topology files and its command line, without a kernel. */
class TopologyBenchTest {
    @Test
    void generatedTopologyPlansEveryPodWithAPolicyOnEveryTenth() {
        Topology t = Topology.parse(TopologyBench.yaml("bzzzz", 500), "bench.yaml");
        assertEquals(500, t.plan().size());
        List<PlannedPod> policed = t.plan().stream().filter(p -> p.spec().program(io.jnetkit.pod.PodHook.PRIMARY) != null).toList();
        assertEquals(50, policed.size());
        assertEquals("p10", policed.getFirst().name());
        assertEquals(new PodProgram.Policy(TopologyBench.POLICY), policed.getFirst().spec().program(io.jnetkit.pod.PodHook.PRIMARY));
        assertEquals("tp-bzzzz-p500", t.plan().getLast().spec().hostDevice());
    }

    @Test
    void sizesFromTheCommandLine() {
        assertEquals(TopologyBench.DEFAULT_SIZES, TopologyBench.sizes(new String[0]));
        assertEquals(List.of(10, 20), TopologyBench.sizes(new String[] {"10", "20"}));
        assertEquals("read size x: not a number",
                assertThrows(IllegalArgumentException.class, () -> TopologyBench.sizes(new String[] {"x"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopologyBench.sizes(new String[] {"0"}));
    }
}
