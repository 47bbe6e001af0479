package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.netlink.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Byte-exact requests. The expected bytes are written by hand from the uapi layouts
 * (nlmsghdr 16 B, ifinfomsg 16 B, nlattr len/type u16, 4-byte padding), not produced by the encoder.
 */
class EncodeTest {
    @BeforeAll
    static void littleEndian() {
        assertSame(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "expected bytes are little-endian: jnetkit supports x86_64 and aarch64");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+|//[^\\n]*", ""));
    }

    private static void assertBytes(String expected, byte[] actual) {
        assertEquals(HexFormat.of().formatHex(hex(expected)), HexFormat.of().formatHex(actual));
    }

    @Test
    void netkitCreateRequest() {
        NetkitSpec spec = NetkitSpec.builder().name("task_nk").up(true).mode(NetkitMode.L2)
                .policy(NetkitPolicy.FORWARD).peerPolicy(NetkitPolicy.BLACKHOLE).scrub(NetkitScrub.NONE)
                .headroom(32).peer(PeerSpec.named("nk0")).build();
        byte[] wire = LinkCodec.create(spec, LinkCodec.NsFds.REAL).encode(7, 0);
        assertBytes("""
                84000000 1000 0506 07000000 00000000   // nlmsghdr: len 132, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 7
                00 00 0000 00000000 01000000 01000000  // ifinfomsg: index 0, flags IFF_UP, change IFF_UP
                0c00 0300 7461736b5f6e6b00             // IFLA_IFNAME "task_nk\\0"
                5800 1200                              // IFLA_LINKINFO, 88 bytes
                  0b00 0100 6e65746b697400 00          //   IFLA_INFO_KIND "netkit\\0" + 1 pad
                  4800 0200                            //   IFLA_INFO_DATA, 72 bytes
                    0800 0500 00000000                 //     MODE L2 = 0
                    0800 0300 00000000                 //     POLICY forward = 0
                    0800 0400 02000000                 //     PEER_POLICY blackhole = 2
                    0800 0600 00000000                 //     SCRUB none = 0
                    0600 0800 2000 0000                //     HEADROOM u16 32 + 2 pad
                    1c00 0100                          //     PEER_INFO, 28 bytes
                      00 00 0000 00000000 00000000 00000000  // peer ifinfomsg, all zero
                      0800 0300 6e6b3000               //       IFLA_IFNAME "nk0\\0"
                """, wire);
    }

    @Test
    void netkitDefaultsSendOnlyKindAndEmptyPeerInfo() {
        byte[] wire = LinkCodec.create(NetkitSpec.named("nk"), LinkCodec.NsFds.REAL).encode(1, 0);
        assertBytes("""
                50000000 1000 0506 01000000 00000000   // len 80
                00 00 0000 00000000 00000000 00000000
                0700 0300 6e6b00 00                    // IFLA_IFNAME "nk\\0" + pad
                2800 1200                              // IFLA_LINKINFO 40 = 4 + KIND 12 + DATA 24
                  0b00 0100 6e65746b697400 00
                  1800 0200                            //   IFLA_INFO_DATA 24: no MODE/POLICY/SCRUB (kernel defaults), never PRIMARY
                    1400 0100 00 00 0000 00000000 00000000 00000000   // PEER_INFO: bare ifinfomsg
                """, wire);
    }

    @Test
    void vethCreateRequest() {
        byte[] wire = LinkCodec.create(VethSpec.builder().name("v0").mtu(1400)
                .peer(PeerSpec.builder().name("v1").build()).build(), LinkCodec.NsFds.REAL).encode(2, 0);
        assertBytes("""
                60000000 1000 0506 02000000 00000000   // len 96
                00 00 0000 00000000 00000000 00000000
                0700 0300 763000 00                    // IFLA_IFNAME "v0"
                0800 0400 78050000                     // IFLA_MTU 1400
                3000 1200                              // IFLA_LINKINFO 48 = 4 + KIND 12 + DATA 32
                  0900 0100 7665746800 000000          //   KIND "veth\\0" + 3 pad
                  2000 0200                            //   DATA 32
                    1c00 0100 00 00 0000 00000000 00000000 00000000  // VETH_INFO_PEER 28 = 4 + ifinfomsg 16 + IFNAME 8
                      0700 0300 763100 00              //     IFLA_IFNAME "v1"
                """, wire);
    }

    @Test
    void changeNetkitPolicyRequest() {
        byte[] wire = LinkCodec.changeNetkit(5, NetkitPolicy.BLACKHOLE, null).encode(3, 0);
        assertBytes("""
                3c000000 1000 0500 03000000 00000000   // len 60, RTM_NEWLINK, REQUEST|ACK (no CREATE)
                00 00 0000 05000000 00000000 00000000  // ifindex 5
                1c00 1200                              // LINKINFO 28
                  0b00 0100 6e65746b697400 00
                  0c00 0200                            //   DATA 12
                    0800 0300 02000000                 //     POLICY blackhole
                """, wire);
    }

    @Test
    void addressAddRequestV4() {
        byte[] wire = AddressCodec.request(true, 3, Cidr.parse("10.0.0.1/24")).encode(4, 0);
        assertBytes("""
                28000000 1400 0506 04000000 00000000   // len 40, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
                02 18 00 00 03000000                   // ifaddrmsg: AF_INET, /24, flags 0, scope global, index 3
                0800 0200 0a000001                     // IFA_LOCAL 10.0.0.1
                0800 0100 0a000001                     // IFA_ADDRESS 10.0.0.1
                """, wire);
    }

    @Test
    void defaultRouteRequest() {
        byte[] wire = RouteCodec.request(true, RouteSpec.defaultVia(Cidr.parseAddress("10.0.0.254")), null).encode(5, 0);
        assertBytes("""
                24000000 1800 0506 05000000 00000000   // len 36, RTM_NEWROUTE
                02 00 00 00 fe 03 00 01 00000000       // rtmsg: AF_INET, dst_len 0, table main, proto boot, scope universe, unicast
                0800 0500 0a0000fe                     // RTA_GATEWAY
                """, wire);
    }

    @Test
    void routeInBigTableUsesRtaTable() {
        byte[] wire = RouteCodec.request(true, RouteSpec.builder().dst("10.20.0.0/16").table(1000).gateway("10.0.0.1").build(), 7)
                .encode(6, 0);
        assertBytes("""
                3c000000 1800 0506 06000000 00000000   // len 60
                02 10 00 00 00 03 00 01 00000000       // dst_len 16, table UNSPEC (>255 goes in RTA_TABLE)
                0800 0100 0a140000                     // RTA_DST
                0800 0500 0a000001                     // RTA_GATEWAY
                0800 0400 07000000                     // RTA_OIF 7
                0800 0f00 e8030000                     // RTA_TABLE 1000
                """, wire);
    }

    @Test
    void messageParseInvertsEncode() {
        Message m = LinkCodec.create(NetkitSpec.named("x"), LinkCodec.NsFds.REAL);
        Message back = Message.parse(m.encode(9, 42));
        assertEquals(m.type(), back.type());
        assertEquals(m.flags(), back.flags());
        assertEquals(9, back.seq());
        assertEquals(42, back.pid());
        assertArrayEquals(m.payload(), back.payload());
    }
}
