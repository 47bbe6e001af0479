package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import io.jnetkit.netlink.Attributes;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;

/** Encodes route requests and decodes {@code RTM_NEWROUTE}; no kernel access. */
final class RouteCodec {
    private RouteCodec() {}

    static byte[] rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        return ByteBuffer.allocate(RTMSG_SIZE).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(0).array();
    }

    /** What iproute2's {@code ip route add|del} sends. */
    static Message request(boolean add, RouteSpec r, Integer oif) {
        int table = r.table() == null ? RT_TABLE_MAIN : r.table();
        int scope = !add ? RT_SCOPE_NOWHERE : r.gateway() == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        int flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        MessageBuilder b = new MessageBuilder(add ? RTM_NEWROUTE : RTM_DELROUTE, flags)
                .raw(rtmsg(r.family().value(), r.dst() == null ? 0 : r.dst().prefixLength(),
                        table < 256 ? table : RT_TABLE_UNSPEC,
                        add ? RTPROT_BOOT : RTPROT_UNSPEC, scope, add ? RTN_UNICAST : RTN_UNSPEC));
        if (r.dst() != null && r.dst().prefixLength() > 0) b.bytes(RTA_DST, r.dst().address().getAddress());
        if (r.gateway() != null) b.bytes(RTA_GATEWAY, r.gateway().getAddress());
        if (oif != null) b.u32(RTA_OIF, oif);
        if (r.metric() != null) b.u32(RTA_PRIORITY, r.metric());
        if (table >= 256) b.u32(RTA_TABLE, table);
        return b.build();
    }

    static Message dump(IpFamily family) {
        return new MessageBuilder(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP)
                .raw(rtmsg(family == null ? 0 : family.value(), 0, 0, 0, 0, 0)).build();
    }

    /** A dump the kernel narrows to one table and, when {@code oif} is not null, one output device (strict checking). */
    static Message dump(IpFamily family, int table, Integer oif) {
        MessageBuilder b = new MessageBuilder(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP)
                .raw(rtmsg(family == null ? 0 : family.value(), 0, Integer.compareUnsigned(table, 256) < 0 ? table : RT_TABLE_UNSPEC, 0, 0, 0));
        if (Integer.compareUnsigned(table, 256) >= 0) b.u32(RTA_TABLE, table);
        if (oif != null) b.u32(RTA_OIF, oif);
        return b.build();
    }

    /** Decodes RTM_NEWROUTE; null for families other than IPv4/IPv6. */
    static Route decode(Message m) {
        if (m.type() != RTM_NEWROUTE) {
            throw new MalformedMessageException("expected RTM_NEWROUTE, got message type " + m.type());
        }
        Message.Fixed h = m.fixed(RTMSG_SIZE);
        IpFamily family = IpFamily.fromKernel(h.u8(RTM_FAMILY));
        if (family == null) {
            return null;
        }
        Attributes a = m.attributes(RTMSG_SIZE);
        int dstLen = h.u8(RTM_DST_LEN);
        if (dstLen > family.bits()) {
            throw new MalformedMessageException("route prefix length " + dstLen + " for " + family.word());
        }
        InetAddress dst = address(a, RTA_DST, family);
        if (dst == null) {
            dst = Cidr.fromBytes(new byte[family.bytes()]);
        }
        Long table = a.u32(RTA_TABLE);
        Long prio = a.u32(RTA_PRIORITY);
        Long oif = a.u32(RTA_OIF);
        return new Route(family, new Cidr(dst, dstLen), address(a, RTA_GATEWAY, family),
                oif == null ? null : oif.intValue(), table != null ? table.intValue() : h.u8(RTM_TABLE),
                h.u8(RTM_PROTOCOL), h.u8(RTM_SCOPE), h.u8(RTM_TYPE), prio == null ? null : prio.intValue(),
                address(a, RTA_PREFSRC, family), h.s32(RTM_FLAGS), a.u8(RTA_PREF), expires(a.bytes(RTA_CACHEINFO)),
                nexthops(a.bytes(RTA_MULTIPATH), family), metrics(a.nested(RTA_METRICS)));
    }

    /** RTA_METRICS, null when absent or empty. */
    private static Route.Metrics metrics(Attributes mx) {
        if (mx == null || mx.size() == 0) return null;
        java.util.TreeMap<Integer, Long> values = new java.util.TreeMap<>();
        for (int i = RTAX_LOCK + 1; i <= RTAX_MAX; i++) {
            if (i == RTAX_CC_ALGO) continue;
            Long v = mx.u32(i);
            if (v != null) values.put(i, v);
        }
        Long lock = mx.u32(RTAX_LOCK);
        String cc = mx.string(RTAX_CC_ALGO);
        if (values.isEmpty() && cc == null) return null;
        return new Route.Metrics(values, lock == null ? 0 : lock.intValue(), cc);
    }

    /** rta_expires of RTA_CACHEINFO in seconds, as ip prints it; null when the route does not expire. */
    private static Long expires(byte[] ci) {
        if (ci == null || ci.length < RTA_CACHEINFO_EXPIRES + 4) return null;
        int ticks = java.nio.ByteBuffer.wrap(ci).order(java.nio.ByteOrder.nativeOrder()).getInt(RTA_CACHEINFO_EXPIRES);
        return ticks == 0 ? null : (long) (ticks / USER_HZ);
    }

    /** The rtnexthop records of RTA_MULTIPATH, each with its gateway; empty without the attribute. */
    private static java.util.List<Route.Nexthop> nexthops(byte[] mp, IpFamily family) {
        if (mp == null) return java.util.List.of();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(mp).order(java.nio.ByteOrder.nativeOrder());
        java.util.List<Route.Nexthop> out = new java.util.ArrayList<>();
        int off = 0;
        while (off + RTNEXTHOP_SIZE <= mp.length) {
            int len = b.getShort(off) & 0xffff;
            if (len < RTNEXTHOP_SIZE || off + len > mp.length) {
                throw new MalformedMessageException("rtnexthop of " + len + " bytes at " + off + " of RTA_MULTIPATH ("
                        + mp.length + ")");
            }
            int flags = mp[off + 2] & 0xff;
            int hops = mp[off + 3] & 0xff;
            int ifindex = b.getInt(off + 4);
            Attributes na = Attributes.parse(mp, off + RTNEXTHOP_SIZE, len - RTNEXTHOP_SIZE);
            out.add(new Route.Nexthop(address(na, RTA_GATEWAY, family), ifindex, hops + 1, flags));
            off += (len + 3) & ~3;  // RTNH_ALIGN
        }
        return out;
    }

    private static InetAddress address(Attributes a, int type, IpFamily family) {
        byte[] b = a.bytes(type);
        if (b == null) return null;
        if (b.length != family.bytes()) {
            throw new MalformedMessageException("route attribute " + type + " has " + b.length + " bytes for "
                    + family.word());
        }
        return Cidr.fromBytes(b);
    }
}
