package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Attributes;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;
import io.jnetkit.netns.NetNs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;

/** Encodes link requests and decodes {@code RTM_NEWLINK} replies; no kernel access, unit-testable. */
final class LinkCodec {
    private LinkCodec() {}

    /** Resolves a namespace to the descriptor number sent in IFLA_NET_NS_FD; tests substitute fixed numbers. */
    interface NsFds {
        int fd(NetNs ns);

        NsFds REAL = ns -> ns.fd().value();
    }

    static byte[] ifinfomsg(int index, int flags, int change) {
        return ByteBuffer.allocate(IFINFOMSG_SIZE).order(ByteOrder.nativeOrder())
                .put(IFI_FAMILY, (byte) 0).putShort(IFI_TYPE, (short) 0).putInt(IFI_INDEX, index)
                .putInt(IFI_FLAGS, flags).putInt(IFI_CHANGE, change).array();
    }

    /** RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL: the whole pair in one request. */
    static Message create(LinkSpec spec, NsFds fds) {
        int upFlags = spec.up() ? IFF_UP : 0;
        MessageBuilder b = new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .raw(ifinfomsg(0, upFlags, upFlags));
        common(b, spec.name(), spec.address(), spec.mtu(), spec.numTxQueues(), spec.numRxQueues(), spec.netns(), fds);
        b.begin(IFLA_LINKINFO).string(IFLA_INFO_KIND, spec.kind());
        switch (spec) {
            case NetkitSpec n -> {
                b.begin(IFLA_INFO_DATA);
                if (n.mode() != null) b.u32(NetkitAbi.IFLA_NETKIT_MODE, n.mode().value());
                if (n.policy() != null) b.u32(NetkitAbi.IFLA_NETKIT_POLICY, n.policy().value());
                if (n.peerPolicy() != null) b.u32(NetkitAbi.IFLA_NETKIT_PEER_POLICY, n.peerPolicy().value());
                if (n.scrub() != null) b.u32(NetkitAbi.IFLA_NETKIT_SCRUB, n.scrub().value());
                if (n.peerScrub() != null) b.u32(NetkitAbi.IFLA_NETKIT_PEER_SCRUB, n.peerScrub().value());
                if (n.headroom() != null) b.u16(NetkitAbi.IFLA_NETKIT_HEADROOM, n.headroom());
                if (n.tailroom() != null) b.u16(NetkitAbi.IFLA_NETKIT_TAILROOM, n.tailroom());
                // Always send the peer info, with the peer's netns inside it: before 6.14 a missing
                // PEER_INFO made the kernel apply the outer IFLA_NET_NS_FD to the peer as well.
                peer(b, NetkitAbi.IFLA_NETKIT_PEER_INFO, n.peer(), fds);
                b.end();
            }
            case VethSpec v -> {
                b.begin(IFLA_INFO_DATA);
                peer(b, VETH_INFO_PEER, v.peer(), fds);
                b.end();
            }
            case DummySpec d -> { }
        }
        b.end();
        return b.build();
    }

    private static void peer(MessageBuilder b, int type, PeerSpec p, NsFds fds) {
        // The peer's ifinfomsg flags are ignored by the kernel; bringing it up is a second request.
        b.begin(type).raw(ifinfomsg(0, 0, 0));
        common(b, p.name(), p.address(), p.mtu(), p.numTxQueues(), p.numRxQueues(), p.netns(), fds);
        b.end();
    }

    private static void common(MessageBuilder b, String name, MacAddress address, Integer mtu, Integer txq,
                               Integer rxq, NetNs netns, NsFds fds) {
        if (name != null) b.string(IFLA_IFNAME, name);
        if (address != null) b.bytes(IFLA_ADDRESS, address.bytes());
        if (mtu != null) b.u32(IFLA_MTU, mtu);
        if (txq != null) b.u32(IFLA_NUM_TX_QUEUES, txq);
        if (rxq != null) b.u32(IFLA_NUM_RX_QUEUES, rxq);
        if (netns != null) b.u32(IFLA_NET_NS_FD, fds.fd(netns));
    }

    /** RTM_GETLINK for one device by name. */
    static Message getByName(String name) {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK).raw(ifinfomsg(0, 0, 0))
                .string(IFLA_IFNAME, name).build();
    }

    static Message getByIndex(int index) {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK).raw(ifinfomsg(index, 0, 0)).build();
    }

    /** By ifindex in the namespace that has {@code nsid} in the requester's (IFLA_TARGET_NETNSID, Linux 4.20). */
    static Message getByIndexIn(int nsid, int index) {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK).raw(ifinfomsg(index, 0, 0))
                .s32(IFLA_TARGET_NETNSID, nsid).build();
    }

    static Message dump() {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP).raw(ifinfomsg(0, 0, 0)).build();
    }

    static Message delete(String name) {
        return new MessageBuilder(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK).raw(ifinfomsg(0, 0, 0))
                .string(IFLA_IFNAME, name).build();
    }

    /** RTM_NEWLINK without CREATE on an existing device (what {@code ip link set} sends). */
    static MessageBuilder change(int index, int flags, int change) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK).raw(ifinfomsg(index, flags, change));
    }

    static Message changeNetkit(int index, NetkitPolicy policy, NetkitPolicy peerPolicy) {
        MessageBuilder b = change(index, 0, 0).begin(IFLA_LINKINFO).string(IFLA_INFO_KIND, NetkitAbi.KIND)
                .begin(IFLA_INFO_DATA);
        if (policy != null) b.u32(NetkitAbi.IFLA_NETKIT_POLICY, policy.value());
        if (peerPolicy != null) b.u32(NetkitAbi.IFLA_NETKIT_PEER_POLICY, peerPolicy.value());
        return b.end().end().build();
    }

    /** Decodes an RTM_NEWLINK message; anything that does not fit throws MalformedMessageException. */
    static Link decode(Message m) {
        if (m.type() != RTM_NEWLINK) {
            throw new MalformedMessageException("expected RTM_NEWLINK, got message type " + m.type());
        }
        Message.Fixed h = m.fixed(IFINFOMSG_SIZE);
        Attributes a = m.attributes(IFINFOMSG_SIZE);
        String name = a.string(IFLA_IFNAME);
        if (name == null) {
            throw new MalformedMessageException("link " + h.s32(IFI_INDEX) + " has no IFLA_IFNAME");
        }
        byte[] addr = a.bytes(IFLA_ADDRESS);
        Integer opRaw = a.u8(IFLA_OPERSTATE);
        Attributes linkinfo = a.nested(IFLA_LINKINFO);
        String kind = linkinfo == null ? null : linkinfo.string(IFLA_INFO_KIND);
        LinkInfo info = switch (kind) {
            case "netkit" -> netkitInfo(linkinfo.nested(IFLA_INFO_DATA));
            case "veth" -> new VethInfo();
            case null, default -> new GenericInfo(kind);
        };
        return new Link(h.s32(IFI_INDEX), name, h.u16(IFI_TYPE), h.s32(IFI_FLAGS),
                a.s32(IFLA_MTU), a.s32(IFLA_MIN_MTU), a.s32(IFLA_MAX_MTU),
                addr != null && addr.length == 6 ? MacAddress.of(addr) : null,
                opRaw == null ? null : OperState.fromKernel(opRaw),
                a.s32(IFLA_LINK), a.s32(IFLA_LINK_NETNSID), a.s32(IFLA_TXQLEN),
                a.s32(IFLA_NUM_TX_QUEUES), a.s32(IFLA_NUM_RX_QUEUES), kind, info, extras(a, linkinfo));
    }

    private static LinkExtras extras(Attributes a, Attributes linkinfo) {
        byte[] brd = a.bytes(IFLA_BROADCAST);
        Integer addrGenMode = null;
        Attributes afSpec = a.nested(IFLA_AF_SPEC);
        Attributes inet6 = afSpec == null ? null : afSpec.nested(AF_INET6);
        if (inet6 != null) {
            addrGenMode = inet6.u8(IFLA_INET6_ADDR_GEN_MODE);
        }
        java.util.List<String> altNames = new java.util.ArrayList<>();
        Attributes props = a.nested(IFLA_PROP_LIST);
        if (props != null) {
            for (byte[] n : props.all(IFLA_ALT_IFNAME)) {
                altNames.add(cString(n));
            }
        }
        Integer protoDown = a.u8(IFLA_PROTO_DOWN);
        Integer master = a.s32(IFLA_MASTER);
        return new LinkExtras(a.string(IFLA_QDISC), master == null || master == 0 ? null : master,
                a.u8(IFLA_LINKMODE), a.u32(IFLA_GROUP),
                brd != null && brd.length == 6 ? MacAddress.of(brd) : null,
                a.s32(IFLA_PROMISCUITY), a.s32(IFLA_ALLMULTI), addrGenMode,
                new LinkExtras.Limits(a.u32(IFLA_GSO_MAX_SIZE), a.u32(IFLA_GSO_MAX_SEGS), a.u32(IFLA_TSO_MAX_SIZE),
                        a.u32(IFLA_TSO_MAX_SEGS), a.u32(IFLA_GRO_MAX_SIZE), a.u32(IFLA_GSO_IPV4_MAX_SIZE),
                        a.u32(IFLA_GRO_IPV4_MAX_SIZE)),
                linkinfo == null ? null : linkinfo.string(IFLA_INFO_SLAVE_KIND), altNames, a.string(IFLA_IFALIAS),
                protoDown == null ? null : protoDown != 0, a.string(IFLA_PARENT_DEV_BUS_NAME),
                a.string(IFLA_PARENT_DEV_NAME), LinkStats.decode(a.bytes(IFLA_STATS64)), xdp(a.nested(IFLA_XDP)));
    }

    /** IFLA_XDP, which the kernel sends for every device: null when nothing is attached. */
    private static LinkExtras.Xdp xdp(Attributes x) {
        if (x == null) return null;
        Integer attached = x.u8(IFLA_XDP_ATTACHED);
        if (attached == null || attached == 0) return null;
        return new LinkExtras.Xdp(attached, orZero(x.s32(IFLA_XDP_PROG_ID)), orZero(x.s32(IFLA_XDP_DRV_PROG_ID)),
                orZero(x.s32(IFLA_XDP_SKB_PROG_ID)), orZero(x.s32(IFLA_XDP_HW_PROG_ID)));
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    /** A NUL-terminated string attribute's payload as text. */
    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static NetkitInfo netkitInfo(Attributes d) {
        if (d == null) {
            return new NetkitInfo(null, null, null, null, null, null, null, null,
                    new NetkitInfo.Raw(null, null, null, null, null, null));
        }
        Integer primary = d.u8(NetkitAbi.IFLA_NETKIT_PRIMARY);
        Integer mode = d.s32(NetkitAbi.IFLA_NETKIT_MODE);
        Integer policy = d.s32(NetkitAbi.IFLA_NETKIT_POLICY);
        Integer peerPolicy = d.s32(NetkitAbi.IFLA_NETKIT_PEER_POLICY);
        Integer scrub = d.s32(NetkitAbi.IFLA_NETKIT_SCRUB);
        Integer peerScrub = d.s32(NetkitAbi.IFLA_NETKIT_PEER_SCRUB);
        Integer pairing = d.s32(NetkitAbi.IFLA_NETKIT_PAIRING);
        return new NetkitInfo(primary == null ? null : primary != 0,
                mode == null ? null : NetkitMode.fromKernel(mode),
                policy == null ? null : NetkitPolicy.fromKernel(policy),
                peerPolicy == null ? null : NetkitPolicy.fromKernel(peerPolicy),
                scrub == null ? null : NetkitScrub.fromKernel(scrub),
                peerScrub == null ? null : NetkitScrub.fromKernel(peerScrub),
                d.u16(NetkitAbi.IFLA_NETKIT_HEADROOM), d.u16(NetkitAbi.IFLA_NETKIT_TAILROOM),
                new NetkitInfo.Raw(mode, policy, peerPolicy, scrub, peerScrub, pairing));
    }

    static int ifindexOf(Message m) {
        return m.fixed(RtnlAbi.IFINFOMSG_SIZE).s32(IFI_INDEX);
    }
}
