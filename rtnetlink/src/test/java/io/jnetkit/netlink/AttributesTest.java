package io.jnetkit.netlink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static io.jnetkit.abi.NetlinkAbi.*;
import static org.junit.jupiter.api.Assertions.*;

class AttributesTest {
    @BeforeAll
    static void littleEndian() {
        assertSame(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "jnetkit supports little-endian x86_64 and aarch64");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    @Test
    void readsTypedValuesAndMasksFlags() {
        byte[] b = hex("""
                0500 0100 07 000000
                0600 0200 3412 0000
                0800 0300 78563412
                0c00 0400 efcdab8967452301
                0700 0500 6e6b00 00
                0600 0680 6e6b 0000
                0c00 0780 0800 0300 01000000
                """);
        Attributes a = Attributes.parse(b);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), a.types());
        assertEquals(7, a.u8(1));
        assertEquals(0x1234, a.u16(2));
        assertEquals(0x12345678L, a.u32(3));
        assertEquals(0x0123456789abcdefL, a.u64(4));
        assertEquals("nk", a.string(5));
        assertEquals("nk", a.string(6), "no NUL (iproute2 style) is fine");
        assertEquals(1L, a.nested(7).u32(3), "NLA_F_NESTED masked off");
        assertNull(a.u32(99));
        assertNull(a.nested(99));
    }

    @Test
    void rejectsGarbage() {
        // nla_len < 4
        assertThrows(MalformedMessageException.class, () -> Attributes.parse(hex("0200 0100")));
        // nla_len past the end
        assertThrows(MalformedMessageException.class, () -> Attributes.parse(hex("0900 0100 00000000")));
        // trailing bytes shorter than a header
        assertThrows(MalformedMessageException.class, () -> Attributes.parse(hex("0400 0100 0000")));
        // wrong width
        Attributes a = Attributes.parse(hex("0600 0100 0100 0000"));
        assertThrows(MalformedMessageException.class, () -> a.u32(1));
        assertThrows(MalformedMessageException.class, () -> a.u8(1));
        // a nest whose inner attribute is broken fails when read
        Attributes n = Attributes.parse(hex("0800 0200 0900 0100"));
        assertThrows(MalformedMessageException.class, () -> n.nested(2));
        // the last attribute may omit its padding
        assertEquals(9, Attributes.parse(hex("0500 0100 09")).u8(1));
        // an empty run is fine
        assertEquals(0, Attributes.parse(new byte[0]).size());
        assertThrows(MalformedMessageException.class, () -> Attributes.parse(new byte[4], 2, 4));
    }

    @Test
    void messagesAreBoundsChecked() {
        byte[] one = new MessageBuilder(16, 0).raw(new byte[16]).u32(4, 1500).build().encode(1, 2);
        assertEquals(1, Message.parseAll(one, one.length).size());
        byte[] badLen = one.clone();
        badLen[0] = 15;
        assertThrows(MalformedMessageException.class, () -> Message.parseAll(badLen, badLen.length));
        badLen[0] = (byte) (one.length + 4);
        assertThrows(MalformedMessageException.class, () -> Message.parseAll(badLen, badLen.length));
        assertThrows(MalformedMessageException.class, () -> Message.parseAll(one, one.length - 1));
        assertThrows(MalformedMessageException.class, () -> Message.parseAll(one, one.length + 1));
        Message m = Message.parse(one);
        assertThrows(MalformedMessageException.class, () -> m.attributes(40));
        assertThrows(MalformedMessageException.class, () -> m.fixed(16).s32(14));
    }

    @Test
    void nestsAreClosedAndSized() {
        MessageBuilder b = new MessageBuilder(16, NLM_F_REQUEST).begin(1).u8(2, 1);
        assertThrows(IllegalStateException.class, b::build);
        Message m = b.end().build();
        assertEquals("0c0001000500020001000000", HexFormat.of().formatHex(m.payload()));
        assertThrows(IllegalStateException.class, () -> new MessageBuilder(16, 0).end());
        assertThrows(IllegalArgumentException.class, () -> new MessageBuilder(16, 0).bytes(1, new byte[70000]));
    }

    @Test
    void errorReplyWithExtendedAck() {
        // NLMSG_ERROR, capped, with TLVs: error -17, echoed header, MSG "ipv4: Address already assigned", OFFS 40
        byte[] text = "ipv4: Address already assigned\0".getBytes();
        Message err = new MessageBuilder(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS)
                .raw(hex("efffffff 28000000 1400 0506 04000000 00000000"))
                .bytes(NLMSGERR_ATTR_MSG, text).u32(NLMSGERR_ATTR_OFFS, 40).build();
        NetlinkSocket.ErrorReply e = NetlinkSocket.ErrorReply.parse(err);
        assertEquals(17, e.errno());
        assertEquals("ipv4: Address already assigned", e.text());
        assertEquals(40, e.offset());

        // not capped: the whole request is echoed and the TLVs come after it
        Message full = new MessageBuilder(NLMSG_ERROR, NLM_F_ACK_TLVS)
                .raw(hex("eaffffff 18000000 1000 0500 01000000 00000000 0800 0400 dc050000"))
                .bytes(NLMSGERR_ATTR_MSG, "bad mtu\0".getBytes()).build();
        NetlinkSocket.ErrorReply f = NetlinkSocket.ErrorReply.parse(full);
        assertEquals(22, f.errno());
        assertEquals("bad mtu", f.text());
        assertNull(f.offset());

        // an ack without TLVs
        Message ack = new MessageBuilder(NLMSG_ERROR, NLM_F_CAPPED).raw(hex("00000000 10000000 1000 0500 01000000 00000000")).build();
        assertEquals(0, NetlinkSocket.ErrorReply.parse(ack).errno());

        // garbage: echoed length pointing past the end
        Message bad = new MessageBuilder(NLMSG_ERROR, NLM_F_ACK_TLVS)
                .raw(hex("eaffffff ff000000 1000 0500 01000000 00000000")).build();
        assertThrows(MalformedMessageException.class, () -> NetlinkSocket.ErrorReply.parse(bad));
        Message tiny = new MessageBuilder(NLMSG_ERROR, 0).raw(hex("eaffffff")).build();
        assertThrows(MalformedMessageException.class, () -> NetlinkSocket.ErrorReply.parse(tiny));
    }

    @Test
    void exceptionMessageFormat() {
        NetlinkException e = new NetlinkException("create link task_nk", 17, "some text", 40);
        assertEquals("create link task_nk: EEXIST (File exists): some text", e.getMessage());
        assertEquals(40, e.attributeOffset());
        assertEquals("create link task_nk: EEXIST (File exists)", new NetlinkException("create link task_nk", 17).getMessage());
    }
}
