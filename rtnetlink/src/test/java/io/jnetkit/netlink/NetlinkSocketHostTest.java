package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/** The socket layer against the host kernel, inside a fresh namespace. */
@HostTest
class NetlinkSocketHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static Message getLo() {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST).raw(new byte[16]).string(IFLA_IFNAME, "lo").build();
    }

    @Test
    void staleRepliesAreSkipped() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get())) {
            assertNotEquals(0, s.portId());
            s.sendOnly("abandoned get", getLo()); // its reply stays queued
            s.sendOnly("abandoned dump", new MessageBuilder(RTM_GETLINK, NLM_F_DUMP).raw(new byte[16]).build());
            List<Message> replies = s.request("get lo", getLo());
            assertEquals(1, replies.size());
            assertEquals(RTM_NEWLINK, replies.getFirst().type());
            assertEquals(1, s.dump("list links", new MessageBuilder(RTM_GETLINK, 0).raw(new byte[16]).build()).size(),
                    "only lo, and nothing left over from the abandoned requests");
        }
    }

    @Test
    void kernelErrorCarriesTextAndOffset() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get())) {
            // IFLA_MTU as a u16: fails policy validation; the kernel names the attribute's offset
            Message bad = new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST).raw(new byte[16]).string(IFLA_IFNAME, "lo")
                    .u16(IFLA_MTU, 1500).build();
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.ack("set link lo mtu", bad));
            // 6.18 says ERANGE "Attribute failed policy validation" for a short NLA_U32; older kernels EINVAL
            assertTrue(e.errno() == Errno.ERANGE || e.errno() == Errno.EINVAL, e.getMessage());
            assertNotNull(e.kernelMessage(), e.getMessage());
            assertEquals(16 + 16 + 8, e.attributeOffset(), "nlmsghdr + ifinfomsg + IFLA_IFNAME \"lo\"");
            assertEquals("set link lo mtu: " + e.errnoName() + " (" + Errno.describe(e.errno()) + "): "
                    + e.kernelMessage(), e.getMessage());
        }
    }

    @Test
    void socketIsClosedOnce() {
        NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get());
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.request("get lo", getLo()));
    }
}
