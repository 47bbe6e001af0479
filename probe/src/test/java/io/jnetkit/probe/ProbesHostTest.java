package io.jnetkit.probe;

import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.rtnl.VethSpec;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IcmpPinger and TcpProbe between two fresh namespaces joined by a veth pair. */
@HostTest
class ProbesHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static final InetAddress A = addr("10.9.0.1"), B = addr("10.9.0.2");

    /** a (10.9.0.1/24) — veth — b (10.9.0.2/24), both up; returns b. */
    private NetNs wire() {
        NetNs a = ns.get();
        NetNs b = ns.another();
        try (Rtnl ra = Rtnl.open(a); Rtnl rb = Rtnl.open(b)) {
            ra.links().create(VethSpec.builder().name("va").peer(PeerSpec.builder().name("vb").netns(b).build()).build());
            ra.addresses().add("va", "10.9.0.1/24");
            ra.links().setUp("va", true);
            rb.addresses().add("vb", "10.9.0.2/24");
            rb.links().setUp("vb", true);
            rb.links().setUp("lo", true);
        }
        return b;
    }

    @Test
    void pingsAcrossAVethPairAndMeasuresRtt() {
        wire();
        try (IcmpPinger p = IcmpPinger.open(ns.get())) {
            for (int seq = 1; seq <= 3; seq++) {
                Optional<IcmpPinger.Reply> r = p.ping((Inet4Address) B, seq, Duration.ofSeconds(3));
                assertTrue(r.isPresent(), "no reply to icmp_seq=" + seq);
                assertEquals(seq, r.get().seq());
                assertEquals(B, r.get().from());
                assertEquals(64, r.get().ttl());
                assertEquals(64, r.get().bytes());
                assertTrue(r.get().rttNanos() > 0 && r.get().rttNanos() < 3_000_000_000L, r.get().line());
                assertTrue(r.get().line().startsWith("64 bytes from 10.9.0.2: icmp_seq=" + seq + " ttl=64 time="),
                        r.get().line());
            }
        }
    }

    @Test
    void aMissingHostTimesOutCleanly() {
        wire();
        Inet4Address nobody = (Inet4Address) addr("10.9.0.77");
        try (IcmpPinger p = IcmpPinger.open(ns.get())) {
            long t0 = System.nanoTime();
            Optional<IcmpPinger.Reply> r = p.ping(nobody, 1, Duration.ofMillis(600));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.isEmpty());
            assertTrue(ms >= 550 && ms < 1500, "waited " + ms + " ms for a 600 ms timeout");
            // the socket still works afterwards
            assertTrue(p.ping((Inet4Address) B, 2, Duration.ofSeconds(3)).isPresent());
        }
    }

    @Test
    void tcpDeliversAMessageAndConnects() throws Exception {
        NetNs b = wire();
        try (TcpProbe.Listener l = TcpProbe.Listener.open(b, B, 0)) {
            assertTrue(l.port() > 0);
            assertEquals(B, l.address());
            TcpProbe.Outcome ok = TcpProbe.send(ns.get(), B, l, "hello", Duration.ofSeconds(3));
            assertEquals(TcpProbe.Result.DELIVERED, ok.result(), ok.detail());
            assertTrue(ok.delivered() && ok.connected());
            assertTrue(ok.detail().startsWith("tcp 10.9.0.2:" + l.port() + ": delivered \"hello\""), ok.detail());
            TcpProbe.Outcome c = TcpProbe.connect(ns.get(), B, l.port(), Duration.ofSeconds(3));
            assertEquals(TcpProbe.Result.CONNECTED, c.result(), c.detail());
            assertFalse(c.delivered());
            // the bare connect queued an empty message: the listener saw the connection
            assertEquals("", l.next(Duration.ofSeconds(3)));
        }
    }

    @Test
    void aPortNobodyListensOnIsRefusedQuickly() {
        NetNs b = wire();
        int port;
        try (TcpProbe.Listener l = TcpProbe.Listener.open(b, B, 0)) {
            port = l.port();
        }
        TcpProbe.Outcome o = TcpProbe.connect(ns.get(), B, port, Duration.ofSeconds(3));
        assertEquals(TcpProbe.Result.REFUSED, o.result(), o.detail());
        assertFalse(o.connected());
        assertTrue(o.millis() < 2000, o.detail());
        assertEquals("tcp 10.9.0.2:" + port + ": connection refused after " + o.millis() + " ms", o.detail());
    }

    @Test
    void aDroppedSynTimesOut() {
        NetNs b = wire();
        try (TcpProbe.Listener l = TcpProbe.Listener.open(b, B, 0);
             IcmpPinger p = IcmpPinger.open(ns.get());
             Rtnl rb = Rtnl.open(b)) {
            // Resolve the neighbour first, then take b's end down: a's end loses carrier and its
            // queue drops the SYNs silently, with no RST and no ICMP error back: only a timeout.
            assertTrue(p.ping((Inet4Address) B, 1, Duration.ofSeconds(3)).isPresent());
            rb.links().setUp("vb", false);
            TcpProbe.Outcome o = TcpProbe.send(ns.get(), B, l, "hello", Duration.ofMillis(800));
            assertEquals(TcpProbe.Result.TIMED_OUT, o.result(), o.detail());
            assertTrue(o.millis() >= 750 && o.millis() < 3000, o.detail());
            assertTrue(o.detail().contains("connect timed out"), o.detail());
        }
    }

    @Test
    void listeningOnAnAddressTheNamespaceLacksSaysSo() {
        NetNs b = wire();
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> TcpProbe.Listener.open(b, A, 0));
        assertTrue(e.getMessage().startsWith("listen on 10.9.0.1:0 in "), e.getMessage());
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
