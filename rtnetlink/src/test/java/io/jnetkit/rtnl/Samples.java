package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.abi.NetkitAbi;
import io.jnetkit.netlink.MessageBuilder;

import static io.jnetkit.abi.RtnlAbi.*;

/** Kernel-like replies built by hand for decode and fuzz tests. */
final class Samples {
    private Samples() {}

    /** What a 6.14 kernel reports for the primary {@code task_nk} of an L3 pair (peer nk0 = ifindex 2). */
    static byte[] netkitPrimary(int mode) {
        return new MessageBuilder(RTM_NEWLINK, 0)
                .raw(LinkCodec.ifinfomsg(3, IFF_NOARP | IFF_UP, 0))
                .string(IFLA_IFNAME, "task_nk").u32(IFLA_TXQLEN, 1000).u8(IFLA_OPERSTATE, 2)
                .u32(IFLA_MTU, 1500).u32(IFLA_MIN_MTU, 68).u32(IFLA_MAX_MTU, 65535)
                .u32(IFLA_NUM_TX_QUEUES, 1).u32(IFLA_NUM_RX_QUEUES, 1)
                .u32(IFLA_LINK, 2)
                .bytes(IFLA_ADDRESS, new byte[6]).bytes(IFLA_BROADCAST, new byte[]{-1, -1, -1, -1, -1, -1})
                .begin(IFLA_LINKINFO).string(IFLA_INFO_KIND, "netkit")
                .begin(IFLA_INFO_DATA)
                .u8(NetkitAbi.IFLA_NETKIT_PRIMARY, 1).u32(NetkitAbi.IFLA_NETKIT_POLICY, 0)
                .u32(NetkitAbi.IFLA_NETKIT_MODE, mode).u32(NetkitAbi.IFLA_NETKIT_SCRUB, 1)
                .u16(NetkitAbi.IFLA_NETKIT_HEADROOM, 0).u16(NetkitAbi.IFLA_NETKIT_TAILROOM, 0)
                .u32(NetkitAbi.IFLA_NETKIT_PEER_POLICY, 2).u32(NetkitAbi.IFLA_NETKIT_PEER_SCRUB, 0)
                .end().end()
                .build().encode(5, 1234);
    }

    static byte[] address() {
        return new MessageBuilder(RTM_NEWADDR, 0)
                .raw(AddressCodec.ifaddrmsg(10, 64, 0x80, 0, 3))
                .bytes(IFA_ADDRESS, Cidr.parseAddress("fd00::1").getAddress())
                .u32(IFA_FLAGS, 0x280).build().encode(6, 1234);
    }

    static byte[] route() {
        return new MessageBuilder(RTM_NEWROUTE, 0)
                .raw(RouteCodec.rtmsg(2, 24, 254, 3, 253, 1))
                .u32(RTA_TABLE, 254).bytes(RTA_DST, new byte[]{10, 1, 0, 0}).u32(RTA_OIF, 3)
                .bytes(RTA_PREFSRC, new byte[]{10, 1, 0, 1}).u32(RTA_PRIORITY, 100).build().encode(7, 1234);
    }
}
