package io.jnetkit.rtnl;

import io.jnetkit.netlink.NetlinkException;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** netkit pairs on a kernel that has netkit (the lab guest); each test in fresh namespaces. */
@NetkitTest
class NetkitLinkTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static List<String> names(Rtnl rtnl) {
        return rtnl.links().list().stream().map(Link::name).toList();
    }

    /** True when the running kernel is at least major.minor. */
    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = v.length > 1 ? Integer.parseInt(v[1]) : 0;
        return ma > major || (ma == major && mi >= minor);
    }

    @Test
    void defaultPeerNameModeAndPolicies() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            CreateResult r = rtnl.links().create(NetkitSpec.named("task_nk"));
            assertEquals(List.of(), r.ignored());
            Link primary = r.link();
            Link peer = r.peer();
            assertEquals("task_nk", primary.name());
            assertEquals("nk0", peer.name(), "the peer gets the first free nk%d");
            assertTrue(peer.index() < primary.index(), "the peer is registered first");
            assertEquals(peer.index(), primary.link());
            assertEquals(primary.index(), peer.link());
            assertEquals("netkit", primary.kind());
            assertTrue(primary.noArp(), "L3 keeps IFF_NOARP");
            assertEquals(MacAddress.parse("00:00:00:00:00:00"), primary.address());
            assertEquals(1500, primary.mtu());

            NetkitInfo p = primary.netkit();
            assertEquals(Boolean.TRUE, p.primary());
            assertEquals(NetkitMode.L3, p.mode(), "absent MODE means L3");
            assertEquals(NetkitPolicy.FORWARD, p.policy());
            assertEquals(NetkitPolicy.FORWARD, p.peerPolicy());
            NetkitInfo q = peer.netkit();
            assertEquals(Boolean.FALSE, q.primary());
            assertEquals(NetkitMode.L3, q.mode());
            assertEquals(List.of("lo", "nk0", "task_nk"), names(rtnl));
        }
    }

    @Test
    void l2AcceptsMacL3RefusesIt() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
            MacAddress peerMac = MacAddress.parse("02:00:00:00:00:02");
            CreateResult r = rtnl.links().create(NetkitSpec.builder().name("nk_l2").mode(NetkitMode.L2).address(mac)
                    .peer(PeerSpec.builder().name("nk_l2p").address(peerMac).build()).build());
            assertEquals(NetkitMode.L2, r.link().netkit().mode());
            assertEquals(mac, r.link().address());
            assertEquals(peerMac, r.peer().address());
            assertFalse(r.link().noArp(), "L2 clears IFF_NOARP");
            rtnl.links().setAddress("nk_l2", MacAddress.parse("02:00:00:00:00:03"));

            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.links().create(
                    NetkitSpec.builder().name("nk_l3").mode(NetkitMode.L3).address(mac).build()));
            assertEquals(Errno.EOPNOTSUPP, e.errno());
            assertTrue(e.getMessage().startsWith("create link nk_l3: EOPNOTSUPP"), e.getMessage());
            assertEquals(List.of("lo", "nk_l2p", "nk_l2"), names(rtnl), "nothing of nk_l3 was made");
        }
    }

    @Test
    void changeNetkitOnlyThroughThePrimary() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(NetkitSpec.builder().name("task_nk").peer(PeerSpec.named("task_p")).build());
            rtnl.links().changeNetkit("task_nk", NetkitPolicy.BLACKHOLE, null);
            NetkitInfo p = rtnl.links().get("task_nk").netkit();
            assertEquals(NetkitPolicy.BLACKHOLE, p.policy());
            assertEquals(NetkitPolicy.FORWARD, p.peerPolicy());
            NetkitInfo q = rtnl.links().get("task_p").netkit();
            assertEquals(NetkitPolicy.FORWARD, q.policy(), "on the peer, policy is its own");
            assertEquals(NetkitPolicy.BLACKHOLE, q.peerPolicy(), "and peer policy is the primary's");

            NetlinkException e = assertThrows(NetlinkException.class,
                    () -> rtnl.links().changeNetkit("task_p", NetkitPolicy.BLACKHOLE, null));
            assertEquals(Errno.EACCES, e.errno());
            assertNotNull(e.kernelMessage(), "the kernel explains: " + e.getMessage());
            assertTrue(e.kernelMessage().contains("primary"), e.getMessage());
        }
    }

    @Test
    void takenPeerNameIsNamedInTheError() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("b", "b_peer"));
            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.links().create(
                    NetkitSpec.builder().name("a").peer(PeerSpec.named("b")).build()));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals("create link a: EEXIST (File exists); the peer name b is taken (link b exists)",
                    e.getMessage());
            assertFalse(names(rtnl).contains("a"), "nothing half-made");
        }
    }

    @Test
    void deletingThePeerDeletesBoth() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(NetkitSpec.named("task_nk"));
            rtnl.links().delete("nk0");
            assertEquals(List.of("lo"), names(rtnl));
        }
    }

    @Test
    void peerInAPodNamespaceBothUpGiveCarrier() {
        NetNs pod = ns.another();
        try (Rtnl host = Rtnl.open(ns.get()); Rtnl podRtnl = Rtnl.open(pod)) {
            CreateResult r = host.links().create(NetkitSpec.builder().name("task_nk").up(true)
                    .peerPolicy(NetkitPolicy.BLACKHOLE)
                    .peer(PeerSpec.builder().name("eth0").netns(pod).up(true).build()).build());
            assertNotNull(r.link().linkNetnsId());
            assertEquals(List.of("lo", "eth0"), names(podRtnl));
            assertTrue(host.links().get("task_nk").lowerUp(), "carrier once both ends are up");
            assertEquals(NetkitPolicy.BLACKHOLE, podRtnl.links().get("eth0").netkit().policy());
        }
    }

    @Test
    void newerAttributesAreReportedWhenIgnored() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            CreateResult r = rtnl.links().create(NetkitSpec.builder().name("task_nk").headroom(32).tailroom(8).build());
            if (kernelAtLeast(6, 14)) {
                assertEquals(32, r.link().netkit().headroom());
                assertEquals(List.of(), r.ignored());
            } else {
                assertEquals(List.of("headroom (needs Linux 6.14+)", "tailroom (needs Linux 6.14+)"), r.ignored());
            }
        }
    }
}
