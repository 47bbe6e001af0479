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

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Pods#up(NetNs, List)}: many pods wired several at a time end exactly as one
 * {@link Pods#up(NetNs, PodSpec)} each would (no drift, one policy each, the changes of a new
 * pod); a pod that cannot be wired fails alone, after the others are up, and leaves nothing.
 */
@HostTest
class PodManyUpHostTest {
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
    void manyPodsAtOnceAreEachAsSpecifiedAndAFailureIsTheirOwn() throws Exception {
        Pods pods = Pods.open();
        Pods.enableForwarding(ns.get());
        for (int i = 2; i <= 9; i++) {
            String name = FreshNetns.uniqueName("pm");
            PodSpec.Builder b = PodSpec.builder(name).hostDevice(name).datapath(Datapath.VETH).address("10.79.0." + i);
            if (i % 2 == 0) b.peerPolicy("deny tcp dport 22; allow any");
            specs.add(b.build());
        }
        List<Pods.Up> ups = pods.up(ns.get(), specs);
        assertEquals(specs.size(), ups.size());
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(specs.get(i), ups.get(i).spec(), "results in the order of the specs");
            assertTrue(ups.get(i).created());
            assertEquals(List.of(), pods.check(ns.get(), specs.get(i)), "pod " + specs.get(i).name());
        }
        assertEquals(4, bpffs.pins().size(), "one policy pin per policed pod: " + bpffs.pins());
        // Idempotent: a second round changes nothing.
        for (Pods.Up u : pods.up(ns.get(), specs)) assertEquals(List.of(), u.changes());

        // A host device of the name that is not a pair: that pod is refused, the others are wired.
        String bad = FreshNetns.uniqueName("pm");
        try (Rtnl r = Rtnl.open(ns.get())) {
            r.links().create(io.jnetkit.rtnl.VethSpec.of(bad, bad + "x"));
        }
        List<PodSpec> more = new ArrayList<>();
        for (int i = 20; i <= 22; i++) {
            String name = i == 21 ? bad : FreshNetns.uniqueName("pm");
            more.add(PodSpec.builder(name).hostDevice(name).datapath(Datapath.VETH).address("10.79.0." + i).build());
        }
        specs.addAll(more);
        PodException e = assertThrows(PodException.class, () -> pods.up(ns.get(), more));
        assertEquals(PodException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains(bad), e.getMessage());
        assertEquals(List.of(), pods.check(ns.get(), more.get(0)));
        assertEquals(List.of(), pods.check(ns.get(), more.get(2)));
        assertFalse(NetNamespaces.exists(bad), "the refused pod left no namespace");

        pods.down(ns.get(), specs);
        assertEquals(List.of(), bpffs.pins());
    }
}
