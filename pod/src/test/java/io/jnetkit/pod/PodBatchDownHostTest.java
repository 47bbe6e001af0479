package io.jnetkit.pod;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pods#down(NetNs, List)}: many pods of one node taken down in one batch (the kernel
 * destroys their namespaces, and the pairs with them, together) remove exactly what one-by-one
 * downs remove, including a pod whose namespace something else keeps alive (its pair is then
 * deleted by hand) and a pod that was never up.
 */
@HostTest
class PodBatchDownHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private final List<PodSpec> specs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (PodSpec s : specs) {
            if (NetNamespaces.exists(s.netns())) NetNamespaces.delete(s.netns());
        }
    }

    @Test
    void batchRemovesWhatEachPodOwns() throws Exception {
        Pods pods = Pods.open();
        Pods.enableForwarding(ns.get());
        for (int i = 2; i <= 6; i++) {
            String name = FreshNetns.uniqueName("pb");
            PodSpec.Builder b = PodSpec.builder(name).hostDevice(name).datapath(Datapath.VETH).address("10.78.0." + i);
            if (i % 2 == 0) b.peerPolicy("deny tcp dport 22; allow any");
            specs.add(b.build());
        }
        PodSpec neverUp = PodSpec.builder(FreshNetns.uniqueName("pb")).datapath(Datapath.VETH).address("10.78.0.9").build();
        for (PodSpec s : specs) pods.up(ns.get(), s);
        specs.add(neverUp);
        assertFalse(bpffs.pins().isEmpty());

        List<Pods.Down> downs;
        // A reference to one pod's namespace keeps it alive after it is unmounted: its pair must be deleted by hand.
        try (NetNs held = NetNs.open(specs.get(1).netns())) {
            downs = pods.down(ns.get(), specs);
            try (Rtnl pr = Rtnl.open(held)) {
                assertTrue(pr.links().find(specs.get(1).podDevice()).isEmpty(), "the held pod's end went with its pair");
            }
        }
        assertEquals(specs.size(), downs.size());
        for (int i = 0; i < 5; i++) {
            PodSpec s = specs.get(i);
            List<String> removed = downs.get(i).removed();
            assertEquals(s, downs.get(i).spec());
            assertTrue(removed.getFirst().startsWith("deleted veth pair " + s.hostDevice()), removed.toString());
            assertEquals("deleted netns " + s.netns(), removed.getLast());
            assertEquals(i % 2 == 0 ? 3 : 2, removed.size(), "a policed pod also loses its policy: " + removed);
            assertFalse(NetNamespaces.exists(s.netns()));
        }
        assertEquals(List.of(), downs.getLast().removed(), "nothing of a pod that was never up");
        try (Rtnl r = Rtnl.open(ns.get())) {
            for (PodSpec s : specs) assertTrue(r.links().find(s.hostDevice()).isEmpty(), "device left: " + s.hostDevice());
        }
        assertEquals(List.of(), bpffs.pins());
        List<PodSpec> twice = new ArrayList<>(specs);
        twice.addAll(specs);
        for (Pods.Down d : pods.down(ns.get(), twice)) assertEquals(List.of(), d.removed(), "a second down removes nothing");
    }
}
