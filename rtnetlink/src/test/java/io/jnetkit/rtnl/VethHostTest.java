package io.jnetkit.rtnl;

import io.jnetkit.netlink.NetlinkException;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** veth pairs against the host kernel, always inside fresh namespaces. */
@HostTest
class VethHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static List<String> names(Rtnl rtnl) {
        return rtnl.links().list().stream().map(Link::name).toList();
    }

    @Test
    void createReadDeleteVethPair() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            CreateResult r = rtnl.links().create(VethSpec.builder().name("jv0").mtu(1400)
                    .peer(PeerSpec.builder().name("jv1").mtu(1300).build()).build());
            assertEquals(List.of(), r.ignored());
            Link a = r.link();
            Link b = r.peer();
            assertEquals("jv0", a.name());
            assertEquals("jv1", b.name());
            assertEquals("veth", a.kind());
            assertInstanceOf(VethInfo.class, a.info());
            assertEquals(b.index(), a.link(), "IFLA_LINK of one end is the other's ifindex");
            assertEquals(a.index(), b.link());
            assertTrue(b.index() < a.index(), "the peer is registered first");
            assertNull(a.linkNetnsId());
            assertEquals(1400, a.mtu());
            assertEquals(1300, b.mtu());
            assertFalse(a.up());
            assertNotNull(a.address());
            assertEquals(a, rtnl.links().get("jv0"));
            assertEquals(a, rtnl.links().get(a.index()));
            assertEquals(List.of("lo", "jv1", "jv0"), names(rtnl));

            rtnl.links().delete("jv1");
            assertEquals(List.of("lo"), names(rtnl), "deleting one end deletes both");
            assertTrue(rtnl.links().find("jv0").isEmpty());
        }
    }

    @Test
    void upDownMtuRenameAddress() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.builder().name("jv0").up(true).peer(PeerSpec.builder().name("jv1").up(true).build()).build());
            Link a = rtnl.links().get("jv0");
            assertTrue(a.up());
            assertTrue(rtnl.links().get("jv1").up(), "peer brought up by the second request");

            rtnl.links().setUp("jv0", false);
            assertFalse(rtnl.links().get("jv0").up());
            rtnl.links().setMtu("jv0", 1280);
            assertEquals(1280, rtnl.links().get("jv0").mtu());
            rtnl.links().rename("jv0", "jv-renamed");
            assertEquals(a.index(), rtnl.links().get("jv-renamed").index());
            assertTrue(rtnl.links().find("jv0").isEmpty());
            MacAddress mac = MacAddress.parse("02:00:00:00:aa:01");
            rtnl.links().setAddress("jv-renamed", mac);
            assertEquals(mac, rtnl.links().get("jv-renamed").address());
            rtnl.links().setUp("jv-renamed", true);
            Link up = rtnl.links().get("jv-renamed");
            assertTrue(up.up());
        }
    }

    @Test
    void peerCreatedInAnotherNamespaceThenMovedBack() {
        NetNs pod = ns.another();
        try (Rtnl host = Rtnl.open(ns.get()); Rtnl podRtnl = Rtnl.open(pod)) {
            CreateResult r = host.links().create(VethSpec.builder().name("jv0")
                    .peer(PeerSpec.builder().name("eth0").netns(pod).up(true).build()).build());
            assertNotNull(r.link().linkNetnsId(), "the other end is in another netns");
            assertEquals("eth0", r.peer().name());
            assertTrue(r.peer().up());
            assertEquals(List.of("lo", "jv0"), names(host));
            assertEquals(List.of("lo", "eth0"), names(podRtnl));
            assertEquals(r.peer(), podRtnl.links().get("eth0"));

            // move the pod end back to the host namespace, then the host end into the pod
            podRtnl.links().moveTo("eth0", ns.get());
            assertEquals(List.of("lo"), names(podRtnl));
            assertNull(host.links().get("jv0").linkNetnsId());
            host.links().moveTo("jv0", pod);
            assertEquals(List.of("lo", "jv0"), names(podRtnl));
            assertEquals(List.of("lo", "eth0"), names(host));
        }
    }

    @Test
    void primaryCreatedDirectlyInAnotherNamespace() {
        NetNs pod = ns.another();
        try (Rtnl host = Rtnl.open(ns.get()); Rtnl podRtnl = Rtnl.open(pod)) {
            CreateResult r = host.links().create(VethSpec.builder().name("jv0").netns(pod).up(true)
                    .peer(PeerSpec.named("jv1")).build());
            assertEquals(List.of("lo", "jv0"), names(podRtnl));
            assertTrue(r.link().up());
            assertEquals("jv1", r.peer().name(), "a peer without netns lands in the handle's namespace");
            assertEquals(List.of("lo", "jv1"), names(host));
        }
    }

    @Test
    void kernelNamedPeerAndPrimary() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            CreateResult r = rtnl.links().create(VethSpec.builder().build());
            assertEquals("veth1", r.link().name());
            assertEquals("veth0", r.peer().name());
        }
    }

    @Test
    void kernelNamedLinkInAnotherNamespaceIsRefusedBeforeSending() {
        NetNs other = ns.another();
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rtnl.links().create(VethSpec.builder().netns(other).build()));
            assertTrue(e.getMessage().endsWith("a link created in another namespace needs a name"), e.getMessage());
            assertEquals(List.of("lo"), names(rtnl), "nothing created here");
        }
        try (Rtnl there = Rtnl.open(other)) {
            assertEquals(List.of("lo"), names(there), "nothing created there");
        }
    }

    @Test
    void tooLongNameIsRefusedBeforeSending() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rtnl.links().create(VethSpec.of("sixteen-chars-xx", null)));
            assertEquals("invalid link name \"sixteen-chars-xx\": 16 bytes, the kernel allows at most 15", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> VethSpec.of("ok", "bad/peer"));
            assertTrue(e.getMessage().startsWith("invalid peer name \"bad/peer\""), e.getMessage());
            assertEquals(List.of("lo"), names(rtnl), "nothing created");
        }
    }

    @Test
    void duplicateIsEexist() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("jv0", "jv1"));
            NetlinkException e = assertThrows(NetlinkException.class,
                    () -> rtnl.links().create(VethSpec.of("jv0", "jv2")));
            assertEquals(Errno.EEXIST, e.errno());
            assertTrue(e.getMessage().startsWith("create link jv0: EEXIST (File exists)"), e.getMessage());
            assertEquals("link jv0 exists", e.hint());
            e = assertThrows(NetlinkException.class, () -> rtnl.links().create(VethSpec.of("jv3", "jv1")));
            assertEquals(Errno.EEXIST, e.errno(), "peer name taken");
            assertEquals("create link jv3: EEXIST (File exists); the peer name jv1 is taken (link jv1 exists)",
                    e.getMessage(), "the error names the peer, not the primary");
            e = assertThrows(NetlinkException.class, () -> rtnl.links().create(VethSpec.of("jv0", "jv1")));
            assertEquals("link jv0 and the peer name jv1 both exist", e.hint());
            e = assertThrows(NetlinkException.class, () -> rtnl.links().create(VethSpec.of("jv5", "jv5")));
            assertEquals("the primary and the peer cannot both be named jv5 in one namespace", e.hint());
            assertEquals(List.of("lo", "jv1", "jv0"), names(rtnl), "nothing half-made");
        }
    }

    @Test
    void takenPeerNameIsLookedUpInThePeersNamespace() {
        NetNs other = ns.another();
        try (Rtnl rtnl = Rtnl.open(ns.get()); Rtnl there = Rtnl.open(other)) {
            there.links().create(VethSpec.of("jp0", "jp1"));
            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.links().create(VethSpec.builder()
                    .name("jp0").peer(PeerSpec.builder().name("jp1").netns(other).build()).build()));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals("the peer name jp1 is taken in netns " + other.label() + " (link jp1 exists)", e.hint(),
                    "jp0 is free here: only the peer's namespace has a clash");
            assertEquals(List.of("lo"), names(rtnl), "nothing half-made");
        }
    }

    @Test
    void netkitSettingsOnAVethSayItIsAVeth() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("jv0", "jv1"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rtnl.links().changeNetkit("jv0", NetkitPolicy.BLACKHOLE, null));
            assertEquals("change netkit jv0: jv0 is a veth device, not netkit", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> rtnl.links().changeNetkit("lo", NetkitPolicy.BLACKHOLE, null));
            assertEquals("change netkit lo: lo is not a netkit device (it has no link kind)", e.getMessage());
        }
    }

    @Test
    void missingDeviceIsEnodev() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.links().get("nope0"));
            assertEquals(Errno.ENODEV, e.errno());
            assertEquals("get link nope0: ENODEV (No such device); link nope0 does not exist", e.getMessage());
            assertEquals("link nope0 does not exist", e.hint(), "jnetkit's words are the hint");
            assertNull(e.kernelText(), "the kernel said nothing beyond ENODEV");
            e = assertThrows(NetlinkException.class, () -> rtnl.links().delete("nope0"));
            assertEquals(Errno.ENODEV, e.errno());
            assertThrows(NetlinkException.class, () -> rtnl.links().setUp("nope0", true));
            e = assertThrows(NetlinkException.class, () -> rtnl.links().get(99999));
            assertEquals(Errno.ENODEV, e.errno());
        }
    }

    @Test
    void kernelTextArrivesThroughExtendedAck() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            rtnl.links().create(VethSpec.of("jv0", "jv1"));
            // 10.0.0.1/24 twice: the kernel explains EEXIST in words
            rtnl.addresses().add("jv0", "10.0.0.1/24");
            NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.addresses().add("jv0", "10.0.0.1/24"));
            assertEquals(Errno.EEXIST, e.errno());
            assertNotNull(e.kernelMessage(), "extended ack text");
            assertEquals("add address 10.0.0.1/24 to jv0: EEXIST (File exists): " + e.kernelMessage(), e.getMessage());
        }
    }

    @Test
    void manyLinksDumpAcrossSeveralDatagrams() {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            for (int i = 0; i < 40; i++) {
                rtnl.links().create(VethSpec.of("a" + i, "b" + i));
            }
            List<Link> all = rtnl.links().list();
            assertEquals(81, all.size());
            assertEquals(all.stream().map(Link::index).sorted().toList(), all.stream().map(Link::index).toList());
        }
    }
}
