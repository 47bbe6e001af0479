package io.jnetkit.pod;

import io.jnetkit.netns.NetNs;
import io.jnetkit.net.Cidr;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NetkitRequired;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pod scenarios on veth, with the pods' programs on tcx of the host-side devices. */
@HostTest
class PodHostTest extends PodScenarios {
    @Override
    Datapath datapath() {
        return Datapath.VETH;
    }

    @Override
    Datapath expected() {
        return Datapath.VETH;
    }

    @Override
    boolean closedWithoutProgram() {
        return false;
    }

    @Override
    Drift makeDatapathDrift(PodSpec s) {
        Cidr gw = Cidr.parse("169.254.1.1/32");
        try (Rtnl r = Rtnl.open(node())) {
            r.addresses().delete(s.hostDevice(), gw);
        }
        return new Drift.AddressMissing(Drift.Side.HOST, s.hostDevice(), gw);
    }

    @Override
    void assertDatapathDetails(PodSpec a, PodSpec b, PodSpec c) {
        try (Rtnl r = Rtnl.open(node()); NetNs pod = NetNs.open(a.netns()); Rtnl pr = Rtnl.open(pod)) {
            Link host = r.links().get(a.hostDevice());
            assertEquals("veth", host.kind());
            assertTrue(host.up());
            assertTrue(r.addresses().list(a.hostDevice()).stream().anyMatch(x -> x.cidr().equals(Cidr.parse("169.254.1.1/32"))));
            assertEquals("veth", pr.links().get("eth0").kind());
        }
    }

    /** datapath auto picks netkit exactly when the kernel has it, and says so in one line. */
    @Test
    void autoChoosesByTheKernel() {
        Pods.Choice c = Pods.choose(Datapath.AUTO);
        if (NetkitRequired.verdict() == null) {
            assertEquals(Datapath.NETKIT, c.datapath());
            assertEquals("datapath netkit (auto): the kernel has netkit", c.reason());
        } else {
            assertEquals(Datapath.VETH, c.datapath());
            assertTrue(c.reason().startsWith("datapath veth (auto): this kernel has no netkit (netkit not supported"), c.reason());
            assertFalse(c.reason().contains("\n"));
        }
    }
}
