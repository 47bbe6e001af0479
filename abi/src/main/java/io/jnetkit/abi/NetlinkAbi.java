package io.jnetkit.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** uapi {@code linux/netlink.h}: the message header, flags, control messages and socket options. */
public final class NetlinkAbi {
    private NetlinkAbi() {}

    public static final int NETLINK_ROUTE = 0;
    public static final int SOL_NETLINK = 270;
    /** Ack only the header of a failed request, not the whole request back (since 4.2). */
    public static final int NETLINK_CAP_ACK = 10;
    /** Extended ack: the kernel's error text and offending attribute offset (since 4.12). */
    public static final int NETLINK_EXT_ACK = 11;
    /** Strict dump filtering (since 4.20). */
    public static final int NETLINK_GET_STRICT_CHK = 12;

    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
            NLM_F_DUMP_INTR = 0x10, NLM_F_DUMP_FILTERED = 0x20;
    public static final int NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    /** In an ack: the request was capped (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an ack: extended-ack TLVs follow the error. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    public static final int NLA_F_NESTED = 0x8000, NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    /** Extended-ack attribute types (enum nlmsgerr_attrs). */
    public static final int NLMSGERR_ATTR_MSG = 1, NLMSGERR_ATTR_OFFS = 2, NLMSGERR_ATTR_COOKIE = 3,
            NLMSGERR_ATTR_POLICY = 4, NLMSGERR_ATTR_MISS_TYPE = 5, NLMSGERR_ATTR_MISS_NEST = 6;

    public static final int NLMSG_ALIGNTO = 4, NLA_ALIGNTO = 4;

    /** struct nlmsghdr: 16 bytes. */
    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"),
            JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"),
            JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid"));
    public static final int NLMSGHDR_SIZE = 16;
    public static final int NLMSG_LEN = 0, NLMSG_TYPE = 4, NLMSG_FLAGS = 6, NLMSG_SEQ = 8, NLMSG_PID = 12;

    /** struct nlattr: 4 bytes (len u16, type u16). */
    public static final StructLayout NLATTR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nla_len"), JAVA_SHORT.withName("nla_type"));
    public static final int NLATTR_SIZE = 4;

    /** struct nlmsgerr: int error, then the original request's nlmsghdr. */
    public static final StructLayout NLMSGERR = MemoryLayout.structLayout(
            JAVA_INT.withName("error"), NLMSGHDR.withName("msg"));
    public static final int NLMSGERR_SIZE = 20;

    /** struct sockaddr_nl: 12 bytes. */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups"));
    public static final int SOCKADDR_NL_SIZE = 12;

    public static int align(int len) {
        return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
