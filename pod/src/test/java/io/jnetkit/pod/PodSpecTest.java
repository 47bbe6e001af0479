package io.jnetkit.pod;

import io.jnetkit.hooks.HookName;
import io.jnetkit.net.Cidr;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.RouteSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodSpecTest {
    private static PodSpec.Builder a() {
        return PodSpec.builder("a").address("10.0.0.2");
    }

    private static String invalid(PodSpec.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void defaults() {
        PodSpec s = a().build();
        assertEquals("a", s.netns());
        assertEquals("p-a", s.hostDevice());
        assertEquals("eth0", s.podDevice());
        assertEquals(Datapath.AUTO, s.datapath());
        assertNull(s.mode());
        assertEquals(NetkitMode.L3, s.netkitMode());
        assertEquals(List.of(Cidr.parse("10.0.0.2/32")), s.addresses());
        assertNull(s.peer());
        assertNull(s.primary());
    }

    @Test
    void bareAddressesAreSingleHosts() {
        PodSpec s = a().address("fd00::2").build();
        assertEquals(List.of(Cidr.parse("10.0.0.2/32"), Cidr.parse("fd00::2/128")), s.addresses());
    }

    @Test
    void refusesBadNamesAndDevices() {
        assertTrue(invalid(PodSpec.builder("").address("10.0.0.2")).contains("needs a name"));
        assertTrue(invalid(PodSpec.builder("a/b").address("10.0.0.2")).contains("invalid pod name"));
        assertTrue(invalid(PodSpec.builder("-a").address("10.0.0.2")).contains("invalid pod name"));
        assertTrue(invalid(a().netns("x/y")).contains("invalid netns name"));
        assertTrue(invalid(a().hostDevice("sixteen-bytes-xx")).contains("invalid host device name"));
        assertTrue(invalid(a().podDevice("eth 0")).contains("invalid pod device name"));
        assertTrue(invalid(a().podDevice("eth0:1")).contains("invalid pod device name"));
        assertTrue(invalid(PodSpec.builder("a-very-long-pod").address("10.0.0.2"))
                .contains("default host device name p-a-very-long-pod is longer than 15 bytes"));
        assertEquals("x", PodSpec.builder("a-very-long-pod").hostDevice("x").address("10.0.0.2").build().hostDevice());
    }

    @Test
    void refusesBadAddresses() {
        assertTrue(invalid(PodSpec.builder("a")).contains("at least one address"));
        assertTrue(invalid(PodSpec.builder("a").address("10.0.0.2/24")).contains("must be a single host (/32)"));
        assertTrue(invalid(PodSpec.builder("a").address("fd00::2/64")).contains("must be a single host (/128)"));
        assertTrue(invalid(a().address("10.0.0.2")).contains("given twice"));
        for (String bad : List.of("127.0.0.2", "0.0.0.0", "169.254.1.1", "fe80::2", "ff02::1", "224.0.0.1", "::1")) {
            assertTrue(invalid(PodSpec.builder("a").address(bad)).contains("not a unicast address a pod can own"), bad);
        }
    }

    @Test
    void modeIsForNetkit() {
        assertTrue(invalid(a().datapath(Datapath.VETH).mode(NetkitMode.L3)).contains("applies to netkit only"));
        assertEquals(NetkitMode.L2, a().datapath(Datapath.NETKIT).mode(NetkitMode.L2).build().netkitMode());
    }

    @Test
    void policiesAreParsedUpFront() {
        String m = invalid(a().peerPolicy("deny tcp dport 99999"));
        assertTrue(m.startsWith("pod a: peer policy: "), m);
        assertTrue(invalid(a().primaryPolicy("frobnicate")).startsWith("pod a: primary policy: "));
        assertThrows(IllegalArgumentException.class, () -> new PodProgram.Policy(" "));
        PodSpec s = a().peerPolicy("deny tcp dport 22; allow any")
                .primary(new PodProgram.BpfObject(Path.of("x.o"), "")).build();
        assertEquals(new PodProgram.Policy("deny tcp dport 22; allow any"), s.program(PodHook.PEER));
        assertNull(((PodProgram.BpfObject) s.program(PodHook.PRIMARY)).program());
    }

    @Test
    void hooksMeanTheSameOnBothDatapaths() {
        assertEquals(HookName.PEER, PodHook.PEER.on(Datapath.NETKIT));
        assertEquals(HookName.PRIMARY, PodHook.PRIMARY.on(Datapath.NETKIT));
        assertEquals(HookName.TCX_INGRESS, PodHook.PEER.on(Datapath.VETH));
        assertEquals(HookName.TCX_EGRESS, PodHook.PRIMARY.on(Datapath.VETH));
        assertThrows(IllegalArgumentException.class, () -> PodHook.PEER.on(Datapath.AUTO));
        assertEquals(Datapath.VETH, Datapath.parse("veth"));
        assertThrows(IllegalArgumentException.class, () -> Datapath.parse("tun"));
    }

    @Test
    void routesAndGatewaysPerDatapath() {
        PodSpec s = a().address("fd00::2").build();
        assertEquals(List.of("default dev eth0", "default dev eth0"),
                Pods.podRoutes(s, Datapath.NETKIT).stream().map(Pods::describe).toList());
        assertEquals(List.of("169.254.1.1/32 dev eth0", "default via 169.254.1.1 dev eth0", "default via fe80::1 dev eth0"),
                Pods.podRoutes(s, Datapath.VETH).stream().map(Pods::describe).toList());
        assertEquals(List.of(), Pods.hostAddresses(s, Datapath.NETKIT));
        assertEquals(List.of(Cidr.parse("169.254.1.1/32"), Cidr.parse("fe80::1/64")), Pods.hostAddresses(s, Datapath.VETH));
        PodSpec l2 = a().mode(NetkitMode.L2).build();
        assertTrue(Pods.linkLayer(l2, Datapath.NETKIT));
        assertEquals(List.of(RouteSpec.viaDevice(Cidr.parse("10.0.0.2/32"), "p-a"), RouteSpec.viaDevice(Cidr.parse("fd00::2/128"), "p-a")),
                Pods.hostRoutes(s));
    }

    @Test
    void filteredSidesStayBlackholed() {
        PodSpec s = a().peerPolicy("allow any").build();
        assertEquals(io.jnetkit.rtnl.NetkitPolicy.BLACKHOLE, Pods.defaultPolicy(s, PodHook.PEER));
        assertEquals(io.jnetkit.rtnl.NetkitPolicy.FORWARD, Pods.defaultPolicy(s, PodHook.PRIMARY));
    }

    @Test
    void netkitTuningIsForNetkitAndInRange() {
        NetkitTuning t = new NetkitTuning(io.jnetkit.rtnl.NetkitScrub.NONE, null, 64, null);
        assertEquals(t, a().netkit(t).build().netkit());
        assertEquals(NetkitTuning.NONE, a().build().netkit());
        org.junit.jupiter.api.Assertions.assertTrue(invalid(a().datapath(Datapath.VETH).netkit(t)).contains("a veth pod has none"));
        org.junit.jupiter.api.Assertions.assertTrue(
                invalid(a().netkit(new NetkitTuning(null, null, 70000, null))).contains("not in 0..65535"));
    }
}
