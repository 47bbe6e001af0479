package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jnetkit.abi.RtnlAbi.*;
import static org.junit.jupiter.api.Assertions.*;

class DecodeTest {
    @Test
    void netkitPrimaryDecodes() {
        Link l = LinkCodec.decode(Message.parse(Samples.netkitPrimary(1)));
        assertEquals(3, l.index());
        assertEquals("task_nk", l.name());
        assertTrue(l.up());
        assertTrue(l.noArp());
        assertFalse(l.lowerUp());
        assertEquals(1500, l.mtu());
        assertEquals(68, l.minMtu());
        assertEquals(65535, l.maxMtu());
        assertEquals(OperState.DOWN, l.operState());
        assertEquals(2, l.link());
        assertNull(l.linkNetnsId());
        assertEquals(MacAddress.parse("00:00:00:00:00:00"), l.address());
        assertEquals("netkit", l.kind());
        NetkitInfo n = l.netkit();
        assertEquals(new NetkitInfo(true, NetkitMode.L3, NetkitPolicy.FORWARD, NetkitPolicy.BLACKHOLE,
                NetkitScrub.DEFAULT, NetkitScrub.NONE, 0, 0, new NetkitInfo.Raw(1, 0, 2, 1, 0, null)), n);
    }

    @Test
    void unknownEnumValuesKeepTheNumber() {
        NetkitInfo n = LinkCodec.decode(Message.parse(Samples.netkitPrimary(7))).netkit();
        assertNull(n.mode());
        assertEquals(7, n.raw().mode());
    }

    @Test
    void olderKernelWithoutScrubOrHeadroomReportsNulls() {
        byte[] wire = new MessageBuilder(RTM_NEWLINK, 0).raw(LinkCodec.ifinfomsg(4, 0, 0)).string(IFLA_IFNAME, "nk0")
                .begin(IFLA_LINKINFO).string(IFLA_INFO_KIND, "netkit").begin(IFLA_INFO_DATA)
                .u8(2, 0).u32(3, 0).u32(5, 1).end().end().build().encode();
        NetkitInfo n = LinkCodec.decode(Message.parse(wire)).netkit();
        assertFalse(n.primary());
        assertNull(n.scrub());
        assertNull(n.headroom());
        assertNull(n.peerPolicy());

        NetkitSpec asked = NetkitSpec.builder().name("nk").scrub(NetkitScrub.NONE).headroom(32).mode(NetkitMode.L2).build();
        List<String> ignored = Links.ignored(asked, LinkCodec.decode(Message.parse(wire)), null);
        assertEquals(List.of("mode: requested l2, kernel reports 1", "scrub (needs Linux 6.13+)",
                "headroom (needs Linux 6.14+)"), ignored);
    }

    @Test
    void addressAndRouteDecode() {
        Address a = AddressCodec.decode(Message.parse(Samples.address()));
        assertEquals(IpFamily.V6, a.family());
        assertEquals("fd00::1/64", a.cidr().toString());
        assertEquals(0x280, a.flags(), "IFA_FLAGS wins over the 8-bit field");
        Route r = RouteCodec.decode(Message.parse(Samples.route()));
        assertEquals("10.1.0.0/24", r.dst().toString());
        assertEquals(3, r.oif());
        assertEquals(254, r.table());
        assertEquals(100, r.priority());
        assertEquals(RT_SCOPE_LINK, r.scope());
        assertNull(r.gateway());
    }

    @Test
    void wrongSizedAttributeIsMalformed() {
        byte[] wire = new MessageBuilder(RTM_NEWLINK, 0).raw(LinkCodec.ifinfomsg(1, 0, 0)).string(IFLA_IFNAME, "x")
                .u16(IFLA_MTU, 1500).build().encode();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> LinkCodec.decode(Message.parse(wire)));
        assertEquals("attribute type 4 has 2 bytes, a s32 needs 4", e.getMessage());
    }

    @Test
    void shortFixedHeaderIsMalformed() {
        byte[] wire = new MessageBuilder(RTM_NEWLINK, 0).raw(new byte[8]).build().encode();
        assertThrows(MalformedMessageException.class, () -> LinkCodec.decode(Message.parse(wire)));
    }
}
