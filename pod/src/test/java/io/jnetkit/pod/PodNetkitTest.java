package io.jnetkit.pod;

import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.NetkitScrub;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pod scenarios on netkit (L3, chosen by datapath auto), in the lab guest. */
@NetkitTest
class PodNetkitTest extends PodScenarios {
    @Override
    Datapath datapath() {
        return Datapath.AUTO;
    }

    @Override
    Datapath expected() {
        return Datapath.NETKIT;
    }

    @Override
    boolean closedWithoutProgram() {
        return true;
    }

    @Override
    Drift makeDatapathDrift(PodSpec s) {
        try (Rtnl r = Rtnl.open(node())) {
            r.links().changeNetkit(s.hostDevice(), null, NetkitPolicy.FORWARD);
        }
        return new Drift.NetkitPolicyMismatch(PodHook.PEER, "blackhole", "forward");
    }

    @Override
    void assertDatapathDetails(PodSpec a, PodSpec b, PodSpec c) {
        try (Rtnl r = Rtnl.open(node())) {
            NetkitInfo na = r.links().get(a.hostDevice()).netkit();
            assertNotNull(na);
            assertTrue(na.primary());
            assertEquals(NetkitMode.L3, na.mode());
            // A filtered side keeps blackhole: it applies only while its program is not attached.
            assertEquals(NetkitPolicy.FORWARD, na.policy());
            assertEquals(NetkitPolicy.BLACKHOLE, na.peerPolicy());
            NetkitInfo nb = r.links().get(b.hostDevice()).netkit();
            assertEquals(NetkitPolicy.FORWARD, nb.policy());
            assertEquals(NetkitPolicy.FORWARD, nb.peerPolicy());
            NetkitInfo nc = r.links().get(c.hostDevice()).netkit();
            assertEquals(NetkitPolicy.BLACKHOLE, nc.policy());
            assertEquals(NetkitPolicy.BLACKHOLE, nc.peerPolicy());
            assertEquals(java.util.List.of(), r.addresses().list(a.hostDevice()).stream()
                    .filter(x -> !x.cidr().address().isLinkLocalAddress()).toList(), "L3: no gateway address on the host side");
        }
        try (NetNs pod = NetNs.open(a.netns()); Rtnl pr = Rtnl.open(pod)) {
            assertEquals(Boolean.FALSE, pr.links().get("eth0").netkit().primary());
            assertTrue(pr.links().get("eth0").noArp(), "L3 netkit is NOARP");
        }
    }

    /** netkit in L2 mode resolves neighbours like veth: the primary holds the gateway addresses. */
    @Test
    void l2PodsResolveTheirGateway() {
        Pods.enableForwarding(node());
        PodSpec a = pod("pa", 2).mode(NetkitMode.L2).peerPolicy("allow any").build();
        PodSpec b = pod("pb", 3).mode(NetkitMode.L2).build();
        assertEquals(Datapath.NETKIT, up(a).datapath());
        up(b);
        assertNoDrift(a);
        assertNoDrift(b);
        try (Rtnl r = Rtnl.open(node())) {
            assertEquals(NetkitMode.L2, r.links().get(a.hostDevice()).netkit().mode());
        }
        assertTrue(ping(a, v4(b)));
        assertTrue(ping(b, v6(a)));
        pods.down(node(), a);
        pods.down(node(), b);
        assertEquals(java.util.List.of(new Drift.NetnsMissing(a.netns()), new Drift.DeviceMissing(Drift.Side.HOST, a.hostDevice())),
                check(a));
    }

    /**
     * Scrub, headroom and tailroom are set when the pair is created and cannot be changed on a
     * live pair: a spec that differs is drift, and up refuses it instead of pretending to repair.
     * Headroom and tailroom are compared only where the kernel reports them (6.14+).
     */
    @Test
    void tuningDriftIsReportedAndUpRefusesToChangeIt() {
        Pods.enableForwarding(node());
        PodSpec a = track(pod("pt", 2).netkit(new NetkitTuning(NetkitScrub.NONE, NetkitScrub.DEFAULT, 64, 32)).build());
        up(a);
        assertNoDrift(a);
        NetkitInfo have;
        try (Rtnl r = Rtnl.open(node())) {
            have = r.links().get(a.hostDevice()).netkit();
        }
        assertEquals(NetkitScrub.NONE, have.scrub());
        assertEquals(NetkitScrub.DEFAULT, have.peerScrub());
        if (have.headroom() != null) assertEquals(64, have.headroom());

        PodSpec other = new PodSpec(a.name(), a.netns(), a.hostDevice(), a.podDevice(), a.datapath(), a.mode(), a.addresses(),
                a.peer(), a.primary(), new NetkitTuning(NetkitScrub.DEFAULT, NetkitScrub.DEFAULT, 128, 32));
        java.util.List<Drift> drift = check(other);
        assertTrue(drift.contains(new Drift.DeviceMismatch(Drift.Side.HOST, a.hostDevice(), "scrub default", "scrub none")), drift.toString());
        assertEquals(have.headroom() != null,
                drift.contains(new Drift.DeviceMismatch(Drift.Side.HOST, a.hostDevice(), "headroom 128", "headroom 64")), drift.toString());
        PodException e = org.junit.jupiter.api.Assertions.assertThrows(PodException.class, () -> pods.up(node(), other));
        assertEquals(PodException.Kind.IMMUTABLE, e.kind());
        assertTrue(e.getMessage().contains("has scrub none") && e.getMessage().contains("take the pod down first"), e.getMessage());
        assertNoDrift(a);
    }
}
