package io.jnetkit.abi;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pins every struct size and field offset the netlink code writes by hand. */
class LayoutTest {
    private static long off(StructLayout l, String field) {
        return l.byteOffset(PathElement.groupElement(field));
    }

    @Test
    void nlmsghdr() {
        assertEquals(NetlinkAbi.NLMSGHDR_SIZE, NetlinkAbi.NLMSGHDR.byteSize());
        assertEquals(NetlinkAbi.NLMSG_LEN, off(NetlinkAbi.NLMSGHDR, "nlmsg_len"));
        assertEquals(NetlinkAbi.NLMSG_TYPE, off(NetlinkAbi.NLMSGHDR, "nlmsg_type"));
        assertEquals(NetlinkAbi.NLMSG_FLAGS, off(NetlinkAbi.NLMSGHDR, "nlmsg_flags"));
        assertEquals(NetlinkAbi.NLMSG_SEQ, off(NetlinkAbi.NLMSGHDR, "nlmsg_seq"));
        assertEquals(NetlinkAbi.NLMSG_PID, off(NetlinkAbi.NLMSGHDR, "nlmsg_pid"));
    }

    @Test
    void nlattrNlmsgerrSockaddr() {
        assertEquals(NetlinkAbi.NLATTR_SIZE, NetlinkAbi.NLATTR.byteSize());
        assertEquals(NetlinkAbi.NLMSGERR_SIZE, NetlinkAbi.NLMSGERR.byteSize());
        assertEquals(4, off(NetlinkAbi.NLMSGERR, "msg"));
        assertEquals(NetlinkAbi.SOCKADDR_NL_SIZE, NetlinkAbi.SOCKADDR_NL.byteSize());
        assertEquals(4, off(NetlinkAbi.SOCKADDR_NL, "nl_pid"));
        assertEquals(8, off(NetlinkAbi.SOCKADDR_NL, "nl_groups"));
    }

    @Test
    void ifinfomsg() {
        assertEquals(RtnlAbi.IFINFOMSG_SIZE, RtnlAbi.IFINFOMSG.byteSize());
        assertEquals(RtnlAbi.IFI_FAMILY, off(RtnlAbi.IFINFOMSG, "ifi_family"));
        assertEquals(RtnlAbi.IFI_TYPE, off(RtnlAbi.IFINFOMSG, "ifi_type"));
        assertEquals(RtnlAbi.IFI_INDEX, off(RtnlAbi.IFINFOMSG, "ifi_index"));
        assertEquals(RtnlAbi.IFI_FLAGS, off(RtnlAbi.IFINFOMSG, "ifi_flags"));
        assertEquals(RtnlAbi.IFI_CHANGE, off(RtnlAbi.IFINFOMSG, "ifi_change"));
    }

    @Test
    void ifaddrmsg() {
        assertEquals(RtnlAbi.IFADDRMSG_SIZE, RtnlAbi.IFADDRMSG.byteSize());
        assertEquals(RtnlAbi.IFA_FAMILY, off(RtnlAbi.IFADDRMSG, "ifa_family"));
        assertEquals(RtnlAbi.IFA_PREFIXLEN, off(RtnlAbi.IFADDRMSG, "ifa_prefixlen"));
        assertEquals(RtnlAbi.IFA_FLAGS_OFF, off(RtnlAbi.IFADDRMSG, "ifa_flags"));
        assertEquals(RtnlAbi.IFA_SCOPE, off(RtnlAbi.IFADDRMSG, "ifa_scope"));
        assertEquals(RtnlAbi.IFA_INDEX, off(RtnlAbi.IFADDRMSG, "ifa_index"));
    }

    @Test
    void rtmsg() {
        assertEquals(RtnlAbi.RTMSG_SIZE, RtnlAbi.RTMSG.byteSize());
        assertEquals(RtnlAbi.RTM_DST_LEN, off(RtnlAbi.RTMSG, "rtm_dst_len"));
        assertEquals(RtnlAbi.RTM_TABLE, off(RtnlAbi.RTMSG, "rtm_table"));
        assertEquals(RtnlAbi.RTM_PROTOCOL, off(RtnlAbi.RTMSG, "rtm_protocol"));
        assertEquals(RtnlAbi.RTM_SCOPE, off(RtnlAbi.RTMSG, "rtm_scope"));
        assertEquals(RtnlAbi.RTM_TYPE, off(RtnlAbi.RTMSG, "rtm_type"));
        assertEquals(RtnlAbi.RTM_FLAGS, off(RtnlAbi.RTMSG, "rtm_flags"));
    }

    @Test
    void netkitEnumsMatchTheKernel() {
        // Defaults are not zero: absent MODE is L3 (1), absent SCRUB is DEFAULT (1).
        assertEquals(1, NetkitAbi.NETKIT_L3);
        assertEquals(1, NetkitAbi.NETKIT_SCRUB_DEFAULT);
        assertEquals(2, NetkitAbi.NETKIT_DROP);
        assertEquals(10, NetkitAbi.IFLA_NETKIT_PAIRING);
    }
}
