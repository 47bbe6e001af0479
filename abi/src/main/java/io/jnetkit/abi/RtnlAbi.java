package io.jnetkit.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** uapi {@code linux/rtnetlink.h}, {@code if_link.h}, {@code if_addr.h}: message types, headers, attributes. */
public final class RtnlAbi {
    private RtnlAbi() {}

    public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26;
    public static final int RTM_NEWNSID = 88, RTM_GETNSID = 90;

    // struct ifinfomsg (16 bytes)
    public static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("__ifi_pad"),
            JAVA_SHORT.withName("ifi_type"),
            JAVA_INT.withName("ifi_index"),
            JAVA_INT.withName("ifi_flags"),
            JAVA_INT.withName("ifi_change"));
    public static final int IFINFOMSG_SIZE = 16;
    public static final int IFI_FAMILY = 0, IFI_TYPE = 2, IFI_INDEX = 4, IFI_FLAGS = 8, IFI_CHANGE = 12;

    // struct ifaddrmsg (8 bytes)
    public static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT.withName("ifa_index"));
    public static final int IFADDRMSG_SIZE = 8;
    public static final int IFA_FAMILY = 0, IFA_PREFIXLEN = 1, IFA_FLAGS_OFF = 2, IFA_SCOPE = 3, IFA_INDEX = 4;

    // struct rtmsg (12 bytes)
    public static final StructLayout RTMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("rtm_family"),
            JAVA_BYTE.withName("rtm_dst_len"),
            JAVA_BYTE.withName("rtm_src_len"),
            JAVA_BYTE.withName("rtm_tos"),
            JAVA_BYTE.withName("rtm_table"),
            JAVA_BYTE.withName("rtm_protocol"),
            JAVA_BYTE.withName("rtm_scope"),
            JAVA_BYTE.withName("rtm_type"),
            JAVA_INT.withName("rtm_flags"));
    public static final int RTMSG_SIZE = 12;
    public static final int RTM_FAMILY = 0, RTM_DST_LEN = 1, RTM_SRC_LEN = 2, RTM_TOS = 3, RTM_TABLE = 4,
            RTM_PROTOCOL = 5, RTM_SCOPE = 6, RTM_TYPE = 7, RTM_FLAGS = 8;

    // struct rtgenmsg (1 byte, padded to 4 on the wire) — used for RTM_GETNSID
    public static final int RTGENMSG_SIZE = 4;

    // net_device flags (if.h)
    public static final int IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_LOOPBACK = 0x8, IFF_POINTOPOINT = 0x10,
            IFF_RUNNING = 0x40, IFF_NOARP = 0x80, IFF_PROMISC = 0x100, IFF_MULTICAST = 0x1000,
            IFF_LOWER_UP = 0x10000, IFF_DORMANT = 0x20000;

    // IFLA_* (if_link.h)
    public static final int IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5,
            IFLA_QDISC = 6, IFLA_STATS = 7, IFLA_MASTER = 10, IFLA_TXQLEN = 13, IFLA_OPERSTATE = 16,
            IFLA_LINKMODE = 17, IFLA_LINKINFO = 18, IFLA_NET_NS_PID = 19, IFLA_IFALIAS = 20,
            IFLA_GROUP = 27, IFLA_NET_NS_FD = 28, IFLA_NUM_TX_QUEUES = 31, IFLA_NUM_RX_QUEUES = 32,
            IFLA_CARRIER = 33, IFLA_LINK_NETNSID = 37, IFLA_NEW_NETNSID = 45, IFLA_TARGET_NETNSID = 46,
            IFLA_MIN_MTU = 50, IFLA_MAX_MTU = 51, IFLA_ALT_IFNAME = 53, IFLA_PERM_ADDRESS = 54,
            IFLA_PARENT_DEV_NAME = 56, IFLA_GSO_MAX_SIZE = 41, IFLA_GSO_MAX_SEGS = 40;
    /** Generic, read-only device head/tailroom (6.18). */
    public static final int IFLA_HEADROOM = 68, IFLA_TAILROOM = 69;
    /** What {@code ip -d -s link show} prints beyond the basics (all u32 but STATS64 and the u8 PROTO_DOWN). */
    public static final int IFLA_STATS64 = 23, IFLA_AF_SPEC = 26, IFLA_PROMISCUITY = 30, IFLA_PROTO_DOWN = 39,
            IFLA_PROP_LIST = 52, IFLA_PARENT_DEV_BUS_NAME = 57, IFLA_GRO_MAX_SIZE = 58, IFLA_TSO_MAX_SIZE = 59,
            IFLA_TSO_MAX_SEGS = 60, IFLA_ALLMULTI = 61, IFLA_GSO_IPV4_MAX_SIZE = 63, IFLA_GRO_IPV4_MAX_SIZE = 64;
    /**
     * IFLA_XDP { IFLA_XDP_ATTACHED (u8: XDP_ATTACHED_NONE 0, DRV 1, SKB 2, HW 3, MULTI 4),
     * IFLA_XDP_PROG_ID (u32, when one mode), IFLA_XDP_DRV/SKB/HW_PROG_ID (u32, when several) }.
     */
    public static final int IFLA_XDP = 43, IFLA_XDP_ATTACHED = 2, IFLA_XDP_PROG_ID = 4, IFLA_XDP_DRV_PROG_ID = 5,
            IFLA_XDP_SKB_PROG_ID = 6, IFLA_XDP_HW_PROG_ID = 7;
    /** IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE (u8) } }. */
    public static final int AF_INET6 = 10, IFLA_INET6_ADDR_GEN_MODE = 8;
    /** struct rtnl_link_stats64: u64 counters; the kernel has sent at least the first 24 since 4.6. */
    public static final int RTNL_LINK_STATS64_MIN_SIZE = 24 * 8;

    public static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, IFLA_INFO_SLAVE_KIND = 4, IFLA_INFO_SLAVE_DATA = 5;

    /** veth: IFLA_INFO_DATA { VETH_INFO_PEER = ifinfomsg + IFLA_* } */
    public static final int VETH_INFO_PEER = 1;

    // operstate (RFC 2863)
    public static final int IF_OPER_UNKNOWN = 0, IF_OPER_NOTPRESENT = 1, IF_OPER_DOWN = 2,
            IF_OPER_LOWERLAYERDOWN = 3, IF_OPER_TESTING = 4, IF_OPER_DORMANT = 5, IF_OPER_UP = 6;

    // IFA_* (if_addr.h)
    public static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4,
            IFA_ANYCAST = 5, IFA_CACHEINFO = 6, IFA_FLAGS = 8, IFA_PROTO = 11;
    /** struct ifa_cacheinfo: u32 ifa_prefered, ifa_valid, cstamp, tstamp; 0xffffffff is forever. */
    public static final int IFA_CACHEINFO_SIZE = 16;
    public static final int IFA_F_SECONDARY = 0x01, IFA_F_NODAD = 0x02, IFA_F_PERMANENT = 0x80;

    // RTA_* (rtnetlink.h)
    public static final int RTA_DST = 1, RTA_SRC = 2, RTA_IIF = 3, RTA_OIF = 4, RTA_GATEWAY = 5,
            RTA_PRIORITY = 6, RTA_PREFSRC = 7, RTA_METRICS = 8, RTA_TABLE = 15, RTA_VIA = 18, RTA_PREF = 20;
    /**
     * RTA_MULTIPATH: struct rtnexthop {u16 len; u8 flags; u8 hops (weight - 1); s32 ifindex}, each
     * followed by its own attributes (RTA_GATEWAY); RTA_CACHEINFO: struct rta_cacheinfo, whose s32
     * rta_expires (in USER_HZ ticks, 100 a second) sits at offset 8.
     */
    /**
     * RTA_METRICS { RTAX_* }: u32 values by index (RTAX_LOCK 1 a bitmask of locked ones, 2 mtu …
     * 17 fastopen_no_cookie) but RTAX_CC_ALGO 16, a string; RTAX_FEATURE_ECN in RTAX_FEATURES.
     */
    public static final int RTAX_LOCK = 1, RTAX_RTT = 4, RTAX_RTTVAR = 5, RTAX_FEATURES = 12, RTAX_RTO_MIN = 13,
            RTAX_CC_ALGO = 16, RTAX_MAX = 17, RTAX_FEATURE_ECN = 1;
    public static final int RTA_MULTIPATH = 9, RTA_CACHEINFO = 12, RTNEXTHOP_SIZE = 8, RTA_CACHEINFO_EXPIRES = 8,
            USER_HZ = 100;
    /** rtm_flags: RTNH_F_* in the low byte (what ip prints: dead, onlink, linkdown…), RTM_F_* above. */
    public static final int RTNH_F_DEAD = 1, RTNH_F_PERVASIVE = 2, RTNH_F_ONLINK = 4, RTNH_F_OFFLOAD = 8,
            RTNH_F_LINKDOWN = 16, RTNH_F_UNRESOLVED = 32, RTNH_F_TRAP = 64, RTM_F_OFFLOAD = 0x4000,
            RTM_F_NOTIFY = 0x100, RTM_F_TRAP = 0x8000, RTM_F_OFFLOAD_FAILED = 0x20000000;

    public static final int RT_TABLE_UNSPEC = 0, RT_TABLE_DEFAULT = 253, RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255;
    public static final int RTPROT_UNSPEC = 0, RTPROT_REDIRECT = 1, RTPROT_KERNEL = 2, RTPROT_BOOT = 3,
            RTPROT_STATIC = 4;
    public static final int RT_SCOPE_UNIVERSE = 0, RT_SCOPE_SITE = 200, RT_SCOPE_LINK = 253,
            RT_SCOPE_HOST = 254, RT_SCOPE_NOWHERE = 255;
    public static final int RTN_UNSPEC = 0, RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BROADCAST = 3,
            RTN_ANYCAST = 4, RTN_MULTICAST = 5, RTN_BLACKHOLE = 6, RTN_UNREACHABLE = 7, RTN_PROHIBIT = 8;

    // NETNSA_* (net_namespace.h) for RTM_GETNSID
    public static final int NETNSA_NSID = 1, NETNSA_PID = 2, NETNSA_FD = 3;

    public static final int ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772, ARPHRD_NONE = 0xfffe;

    /** IFNAMSIZ including the terminating NUL: names are at most 15 bytes. */
    public static final int IFNAMSIZ = 16;
}
