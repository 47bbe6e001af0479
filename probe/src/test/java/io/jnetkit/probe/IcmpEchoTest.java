package io.jnetkit.probe;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcmpEchoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void checksumOfRfc1071Example() {
        // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2 (one's complement sum), checksum 220d.
        byte[] b = HEX.parseHex("0001f203f4f5f6f7");
        assertEquals(0x220d, IcmpEcho.checksum(b, 0, b.length));
    }

    @Test
    void checksumPadsAnOddLastByteAndVerifiesToZero() {
        byte[] b = HEX.parseHex("0800000012340001ab");
        int c = IcmpEcho.checksum(b, 0, b.length);
        // same as the even-length sum with a zero pad byte
        assertEquals(c, IcmpEcho.checksum(HEX.parseHex("0800000012340001ab00"), 0, 10));
        b[2] = (byte) (c >>> 8);
        b[3] = (byte) c;
        assertEquals(0, IcmpEcho.checksum(b, 0, b.length));
    }

    @Test
    void echoRequestMatchesPingsBytes() {
        // type 8, id 0x1234, seq 1, payload "abcd": 0800+1234+0001+6162+6364 = defb, checksum ~defb = 2104.
        byte[] p = IcmpEcho.echoRequest(0x1234, 1, new byte[] {'a', 'b', 'c', 'd'});
        assertEquals("080021041234000161626364", HEX.formatHex(p));
        assertEquals(0, IcmpEcho.checksum(p, 0, p.length));
        assertEquals(64, IcmpEcho.echoRequest(7, 9, IcmpEcho.pattern(IcmpEcho.DEFAULT_PAYLOAD)).length);
    }

    /** An IPv4 datagram from 10.0.0.2 to 10.0.0.1 with ttl 64 carrying {@code icmp}. */
    private static byte[] datagram(byte[] icmp, int protocol) {
        byte[] ip = HEX.parseHex("45000000000040000000" + "0000" + "0a000002" + "0a000001");
        ip[8] = 64;
        ip[9] = (byte) protocol;
        byte[] d = new byte[20 + icmp.length];
        System.arraycopy(ip, 0, d, 0, 20);
        System.arraycopy(icmp, 0, d, 20, icmp.length);
        IcmpEcho.putU16(d, 2, d.length);
        return d;
    }

    private static byte[] reply(int id, int seq, byte[] payload) {
        byte[] p = IcmpEcho.echoRequest(id, seq, payload);
        p[0] = IcmpEcho.ECHO_REPLY;
        p[2] = 0;
        p[3] = 0;
        IcmpEcho.putU16(p, 2, IcmpEcho.checksum(p, 0, p.length));
        return p;
    }

    @Test
    void parsesAnEchoReply() throws Exception {
        byte[] payload = IcmpEcho.pattern(56);
        byte[] d = datagram(reply(0xbeef, 3, payload), 1);
        byte[] buf = new byte[200];
        System.arraycopy(d, 0, buf, 0, d.length);
        Optional<IcmpEcho.EchoReply> r = IcmpEcho.parseReply(buf, d.length);
        assertTrue(r.isPresent());
        assertEquals(InetAddress.getByName("10.0.0.2"), r.get().source());
        assertEquals(64, r.get().ttl());
        assertEquals(0xbeef, r.get().id());
        assertEquals(3, r.get().seq());
        assertEquals(64, r.get().icmpBytes());
        assertArrayEquals(payload, r.get().payload());
    }

    @Test
    void ignoresWhatIsNotAValidEchoReply() {
        byte[] good = datagram(reply(1, 1, IcmpEcho.pattern(8)), 1);
        assertTrue(IcmpEcho.parseReply(good, good.length).isPresent());
        // a request (what a raw socket also sees when pinging yourself)
        byte[] request = datagram(IcmpEcho.echoRequest(1, 1, IcmpEcho.pattern(8)), 1);
        assertTrue(IcmpEcho.parseReply(request, request.length).isEmpty());
        // not ICMP
        byte[] udp = datagram(reply(1, 1, IcmpEcho.pattern(8)), 17);
        assertTrue(IcmpEcho.parseReply(udp, udp.length).isEmpty());
        // corrupted checksum
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertTrue(IcmpEcho.parseReply(bad, bad.length).isEmpty());
        // truncated, IPv6, garbage lengths
        assertTrue(IcmpEcho.parseReply(good, 25).isEmpty());
        byte[] v6 = good.clone();
        v6[0] = 0x60;
        assertTrue(IcmpEcho.parseReply(v6, v6.length).isEmpty());
        assertTrue(IcmpEcho.parseReply(new byte[3], 3).isEmpty());
        assertTrue(IcmpEcho.parseReply(good, good.length + 1).isEmpty());
    }

    @Test
    void replyLineAndSummaryLookLikePing() {
        IcmpPinger.Reply r = new IcmpPinger.Reply((java.net.Inet4Address) addr("10.0.0.2"), 1, 64, 64, 32_000);
        assertEquals("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.032 ms", r.line());
        java.util.List<String> s = IcmpPinger.summary("10.0.0.2", 2, java.util.List.of(r,
                new IcmpPinger.Reply((java.net.Inet4Address) addr("10.0.0.2"), 2, 64, 64, 48_000)), 205);
        assertEquals("--- 10.0.0.2 ping statistics ---", s.get(0));
        assertEquals("2 packets transmitted, 2 received, 0% packet loss, time 205ms", s.get(1));
        assertEquals("rtt min/avg/max/mdev = 0.032/0.040/0.048/0.008 ms", s.get(2));
        assertEquals("PING 10.0.0.2 56(84) bytes of data.", IcmpPinger.header("10.0.0.2"));
        assertEquals(2, IcmpPinger.summary("10.0.0.9", 3, java.util.List.of(), 6000).size());
        assertTrue(IcmpPinger.summary("10.0.0.9", 3, java.util.List.of(), 6000).get(1).contains("100% packet loss"));
    }

    @Test
    void timevalIsSecondsAndMicroseconds() {
        byte[] tv = IcmpPinger.timeval(java.time.Duration.ofMillis(1250));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tv).order(java.nio.ByteOrder.nativeOrder());
        assertEquals(1, b.getLong());
        assertEquals(250_000, b.getLong());
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
