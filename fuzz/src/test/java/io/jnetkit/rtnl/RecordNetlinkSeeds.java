package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;
import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;
import io.jnetkit.netlink.NetlinkSocket;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records the netlink fuzz target's seeds from the kernel (run once, as root, by hand:
 * {@code bin/fuzz record-netlink}): in a fresh namespace with two veth pairs,
 * IPv4/IPv6 addresses and routes, the link, address and route dumps are written as datagrams
 * (the messages as the kernel sent them, then its {@code NLMSG_DONE}); a netkit link and an
 * error with extack are built by hand ({@link #handBuilt}). Not a test.
 */
public final class RecordNetlinkSeeds {
    private RecordNetlinkSeeds() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        String name = "jnk-fuzz-rec-" + ProcessHandle.current().pid();
        try (NetNs ns = NetNamespaces.add(name)) {
            try (Rtnl rtnl = Rtnl.open(ns)) {
                rtnl.links().create(VethSpec.builder().name("v0").up(true).mtu(1400)
                        .peer(PeerSpec.builder().name("v0p").build()).build());
                rtnl.links().create(VethSpec.of("d0", "d0p"));
                rtnl.links().setUp("d0", true);
                rtnl.links().setUp("lo", true);
                rtnl.addresses().add("v0", "10.9.0.1/24");
                rtnl.addresses().add("v0", "fd09::1/64");
                rtnl.addresses().add("d0", "192.0.2.7/32");
                rtnl.routes().add(RouteSpec.viaDevice(Cidr.parse("198.51.100.0/24"), "d0"));
                rtnl.routes().add(RouteSpec.builder().dst("fd10::/64").gateway(Cidr.parseAddress("fd09::2"))
                        .device("v0").metric(77).build());
            }
            try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns)) {
                write(out.resolve("links"), s.dump("dump links", LinkCodec.dump()));
                write(out.resolve("addresses-v4"), s.dump("dump addresses", AddressCodec.dump(IpFamily.V4)));
                write(out.resolve("addresses-v6"), s.dump("dump addresses", AddressCodec.dump(IpFamily.V6)));
                write(out.resolve("routes-v4"), s.dump("dump routes", RouteCodec.dump(IpFamily.V4)));
                write(out.resolve("routes-v6"), s.dump("dump routes", RouteCodec.dump(IpFamily.V6)));
            }
        } finally {
            NetNamespaces.delete(name);
        }
        handBuilt(out);
    }

    /**
     * What the host kernel cannot send here (it has no netkit), built as a 6.14 kernel sends it:
     * a netkit primary with its IFLA_INFO_DATA, and an error with the extack message and offset.
     */
    static void handBuilt(Path out) throws IOException {
        byte[] netkit = new MessageBuilder(RtnlAbi.RTM_NEWLINK, NetlinkAbi.NLM_F_MULTI)
                .raw(LinkCodec.ifinfomsg(3, RtnlAbi.IFF_NOARP | RtnlAbi.IFF_UP, 0))
                .string(RtnlAbi.IFLA_IFNAME, "nk0").u32(RtnlAbi.IFLA_TXQLEN, 1000).u8(RtnlAbi.IFLA_OPERSTATE, 6)
                .u32(RtnlAbi.IFLA_MTU, 1500).u32(RtnlAbi.IFLA_MIN_MTU, 68).u32(RtnlAbi.IFLA_MAX_MTU, 65535)
                .u32(RtnlAbi.IFLA_NUM_TX_QUEUES, 1).u32(RtnlAbi.IFLA_NUM_RX_QUEUES, 1).u32(RtnlAbi.IFLA_LINK, 2)
                .s32(RtnlAbi.IFLA_LINK_NETNSID, 0)
                .bytes(RtnlAbi.IFLA_ADDRESS, new byte[6]).bytes(RtnlAbi.IFLA_BROADCAST, new byte[] {-1, -1, -1, -1, -1, -1})
                .begin(RtnlAbi.IFLA_LINKINFO).string(RtnlAbi.IFLA_INFO_KIND, "netkit")
                .begin(RtnlAbi.IFLA_INFO_DATA)
                .u8(NetkitAbi.IFLA_NETKIT_PRIMARY, 1).u32(NetkitAbi.IFLA_NETKIT_POLICY, 0)
                .u32(NetkitAbi.IFLA_NETKIT_MODE, 1).u32(NetkitAbi.IFLA_NETKIT_SCRUB, 1)
                .u16(NetkitAbi.IFLA_NETKIT_HEADROOM, 0).u16(NetkitAbi.IFLA_NETKIT_TAILROOM, 0)
                .u32(NetkitAbi.IFLA_NETKIT_PEER_POLICY, 2).u32(NetkitAbi.IFLA_NETKIT_PEER_SCRUB, 0)
                .u32(NetkitAbi.IFLA_NETKIT_PAIRING, 0)
                .end().end()
                .build().encode(5, 1234);
        Files.write(out.resolve("netkit-link"), netkit);
        // EOPNOTSUPP for an RTM_NEWLINK of an unknown kind, capped (header only), with extack TLVs
        ByteBuffer err = ByteBuffer.allocate(4 + NetlinkAbi.NLMSGHDR_SIZE).order(ByteOrder.nativeOrder());
        err.putInt(-95).putInt(52).putShort((short) RtnlAbi.RTM_NEWLINK).putShort((short) 0x605).putInt(9).putInt(0);
        byte[] error = new MessageBuilder(NetlinkAbi.NLMSG_ERROR, NetlinkAbi.NLM_F_CAPPED | NetlinkAbi.NLM_F_ACK_TLVS)
                .raw(err.array()).string(NetlinkAbi.NLMSGERR_ATTR_MSG, "Unknown device type")
                .u32(NetlinkAbi.NLMSGERR_ATTR_OFFS, 36).build().encode(9, 1234);
        Files.write(out.resolve("error-extack"), error);
    }

    private static void write(Path file, List<Message> messages) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Message m : messages) b.write(m.encode());
        Message done = new MessageBuilder(NetlinkAbi.NLMSG_DONE, NetlinkAbi.NLM_F_MULTI).raw(new byte[4]).build();
        b.write(done.encode(messages.isEmpty() ? 1 : messages.getFirst().seq(), messages.isEmpty() ? 0 : messages.getFirst().pid()));
        Files.write(file, b.toByteArray());
        System.out.println(file + ": " + messages.size() + " messages, " + b.size() + " bytes");
    }
}
