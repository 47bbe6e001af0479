package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import io.jnetkit.netlink.Attributes;
import io.jnetkit.netlink.MalformedMessageException;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;

/** Encodes address requests and decodes {@code RTM_NEWADDR}; no kernel access. */
final class AddressCodec {
    private AddressCodec() {}

    static byte[] ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
        return ByteBuffer.allocate(IFADDRMSG_SIZE).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(index)
                .array();
    }

    /** iproute2's default scope: host for 127.0.0.0/8, else global. */
    static int defaultScope(Cidr c) {
        byte[] b = c.address().getAddress();
        return b.length == 4 && (b[0] & 0xff) == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
    }

    /** {@code ip addr add|del CIDR dev INDEX}: IFA_LOCAL and IFA_ADDRESS both the address, as iproute2 sends. */
    static Message request(boolean add, int index, Cidr c) {
        int flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        byte[] a = c.address().getAddress();
        return new MessageBuilder(add ? RTM_NEWADDR : RTM_DELADDR, flags)
                .raw(ifaddrmsg(c.family().value(), c.prefixLength(), 0, add ? defaultScope(c) : 0, index))
                .bytes(IFA_LOCAL, a).bytes(IFA_ADDRESS, a).build();
    }

    /** {@code ip address del} of a listed address: IFA_ADDRESS is its peer when it has one. */
    static Message delete(int index, Address a) {
        byte[] local = a.local().getAddress();
        return new MessageBuilder(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK)
                .raw(ifaddrmsg(a.family().value(), a.prefixLength(), 0, 0, index))
                .bytes(IFA_LOCAL, local).bytes(IFA_ADDRESS, a.peer() == null ? local : a.peer().getAddress()).build();
    }

    static Message dump(IpFamily family) {
        return new MessageBuilder(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP)
                .raw(ifaddrmsg(family == null ? 0 : family.value(), 0, 0, 0, 0)).build();
    }

    /** Decodes RTM_NEWADDR; null for families other than IPv4/IPv6. */
    static Address decode(Message m) {
        if (m.type() != RTM_NEWADDR) {
            throw new MalformedMessageException("expected RTM_NEWADDR, got message type " + m.type());
        }
        Message.Fixed h = m.fixed(IFADDRMSG_SIZE);
        IpFamily family = IpFamily.fromKernel(h.u8(IFA_FAMILY));
        if (family == null) {
            return null;
        }
        Attributes a = m.attributes(IFADDRMSG_SIZE);
        byte[] local = a.has(IFA_LOCAL) ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
        if (local == null) {
            throw new MalformedMessageException("address message without IFA_LOCAL or IFA_ADDRESS");
        }
        if (local.length != family.bytes()) {
            throw new MalformedMessageException(family.word() + " address with " + local.length + " bytes");
        }
        int prefix = h.u8(IFA_PREFIXLEN);
        if (prefix > family.bits()) {
            throw new MalformedMessageException("prefix length " + prefix + " for " + family.word());
        }
        Long flags32 = a.u32(IFA_FLAGS);
        byte[] address = a.bytes(IFA_ADDRESS);
        byte[] brd = a.bytes(IFA_BROADCAST);
        Long valid = null, preferred = null;
        byte[] ci = a.bytes(IFA_CACHEINFO);
        if (ci != null && ci.length >= IFA_CACHEINFO_SIZE) {
            ByteBuffer bb = ByteBuffer.wrap(ci).order(ByteOrder.nativeOrder());
            preferred = Integer.toUnsignedLong(bb.getInt(0));
            valid = Integer.toUnsignedLong(bb.getInt(4));
        }
        return new Address(h.s32(IFA_INDEX), family, Cidr.fromBytes(local), prefix, h.u8(IFA_SCOPE),
                a.string(IFA_LABEL), flags32 != null ? flags32.intValue() : h.u8(IFA_FLAGS_OFF),
                // a peer only where IFA_ADDRESS is a second, different address (point-to-point)
                address != null && address.length == family.bytes() && !java.util.Arrays.equals(address, local)
                        ? Cidr.fromBytes(address) : null,
                brd != null && brd.length == family.bytes() ? Cidr.fromBytes(brd) : null,
                a.u8(IFA_PROTO), valid, preferred);
    }
}
