package io.jnetkit.pod;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.KernelInventory;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is taken from under a live pod with programs on both hooks — its host device, its
 * namespace, or (a process killed inside {@code netns add}) a namespace name bound to nothing:
 * {@link Pods#check} names it, {@link Pods#up} repairs it, {@link Pods#down} leaves nothing,
 * counted by {@link KernelInventory}. On veth ({@link PodFaultsHostTest}) and netkit
 * ({@link PodFaultsNetkitTest}, where a pinned netkit link outlives its deleted device).
 */
abstract class PodFaultScenarios {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    abstract Datapath datapath();

    private final List<PodSpec> made = new ArrayList<>();
    private Pods pods;
    private KernelInventory inventory;
    private KernelInventory.Snapshot before;
    private final List<KernelInventory.Snapshot> seen = new ArrayList<>();

    @BeforeEach
    void open() {
        pods = Pods.open();
        Pods.enableForwarding(ns.get()); // node-wide: the node's, never a pod's up
    }

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

    private PodSpec pod() {
        String name = FreshNetns.uniqueName("jf");
        PodSpec s = PodSpec.builder(name).hostDevice(name).datapath(datapath()).address("10.78.0.7").address("fd78::7")
                .primaryPolicy("deny tcp dport 22; allow any").peerPolicy("count allow any").build();
        made.add(s);
        inventory = new KernelInventory(bpffs.root(), n -> n.equals(s.netns()), List.of(ns.name()));
        before = inventory.take();
        return s;
    }

    private void upAndClean(PodSpec s) {
        pods.up(ns.get(), s);
        assertEquals(List.of(), pods.check(ns.get(), s));
        KernelInventory.Snapshot now = inventory.take();
        seen.add(now);
        assertFalse(now.pinned().isEmpty(), "the policies are pinned: " + now.summary());
    }

    private void downLeavesNothing(PodSpec s) {
        pods.down(ns.get(), s);
        KernelInventory.Leftovers left = inventory.leftovers(before, seen);
        assertTrue(left.none(), left.report());
    }

    /** The inventory itself: a pod left up is reported whole, kind by kind; after down, nothing. */
    @Test
    void theInventorySeesALivePod() {
        PodSpec s = pod();
        upAndClean(s);
        KernelInventory.Leftovers left = KernelInventory.compare(before, seen, inventory.take());
        assertEquals(List.of(s.netns()), left.netns(), left.report());
        assertTrue(left.devices().contains(ns.name() + "/" + s.hostDevice()), left.report());
        assertTrue(left.devices().contains(s.netns() + "/" + s.podDevice()), left.report());
        assertFalse(left.routes().isEmpty(), left.report());
        assertEquals(2, left.pins().size(), "a link pin per hook: " + left.report());
        assertEquals(List.of("link", "link", "map", "map", "map", "map", "program", "program"),
                left.bpf().stream().map(o -> o.substring(0, o.indexOf(' '))).sorted().toList(), left.report());
        assertTrue(left.report().startsWith("left behind:\n  1 namespaces: [" + s.netns() + "]"), left.report());
        downLeavesNothing(s);
    }

    @Test
    void theHostDeviceDeletedUnderItsPrograms() {
        PodSpec s = pod();
        upAndClean(s);
        try (Rtnl r = Rtnl.open(ns.get())) {
            r.links().delete(s.hostDevice());
        }
        List<Drift> drift = pods.check(ns.get(), s);
        assertTrue(drift.contains(new Drift.DeviceMissing(Drift.Side.HOST, s.hostDevice())), drift.toString());
        Pods.Up up = pods.up(ns.get(), s);
        assertTrue(up.changes().stream().anyMatch(c -> c.startsWith("created")), up.changes().toString());
        assertEquals(List.of(), pods.check(ns.get(), s));
        seen.add(inventory.take());
        downLeavesNothing(s);
    }

    @Test
    void theNamespaceDeletedUnderThePod() {
        PodSpec s = pod();
        upAndClean(s);
        NetNamespaces.delete(s.netns());
        assertEquals(new Drift.NetnsMissing(s.netns()), pods.check(ns.get(), s).getFirst());
        pods.up(ns.get(), s);
        assertEquals(List.of(), pods.check(ns.get(), s));
        seen.add(inventory.take());
        downLeavesNothing(s);
    }

    /** Regression: up could not open such a name ("not an nsfs file") and down left it. */
    @Test
    void aNamespaceNameBoundToNothing() throws Exception {
        PodSpec s = pod();
        Files.createFile(NetNamespaces.pathOf(s.netns()));
        assertTrue(NetNamespaces.unbound(s.netns()));
        assertFalse(NetNamespaces.bound(s.netns()));
        assertEquals(new Drift.NetnsMissing(s.netns()), pods.check(ns.get(), s).getFirst());
        Pods.Up up = pods.up(ns.get(), s);
        assertEquals("removed netns name " + s.netns() + ", which was bound to no namespace (an interrupted netns add)",
                up.changes().getFirst());
        assertEquals(List.of(), pods.check(ns.get(), s));
        seen.add(inventory.take());
        downLeavesNothing(s);
        // down of nothing but such a name removes it too.
        Files.createFile(NetNamespaces.pathOf(s.netns()));
        assertEquals(List.of("deleted netns name " + s.netns() + " (bound to no namespace: an interrupted netns add)"),
                pods.down(ns.get(), s).removed());
        assertFalse(NetNamespaces.exists(s.netns()));
    }
}
