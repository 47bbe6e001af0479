package io.jnetkit.cli.demo;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure-Java ping and the TCP probe between two fresh namespaces joined by a veth pair. */
@HostTest
class PingerHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    /** a (10.9.0.1/24) — veth — b (10.9.0.2/24), both up. */
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
    void pingsAcrossAVethPairAndMeasuresRtt() throws Exception {
        wire();
        Inet4Address target = (Inet4Address) InetAddress.getByName("10.9.0.2");
        try (Pinger p = Pinger.open(ns.get())) {
            for (int seq = 1; seq <= 3; seq++) {
                Optional<Pinger.Reply> r = p.ping(target, seq, Duration.ofSeconds(3));
                assertTrue(r.isPresent(), "no reply to icmp_seq=" + seq);
                assertEquals(seq, r.get().seq());
                assertEquals(64, r.get().ttl());
                assertEquals(64, r.get().bytes());
                assertTrue(r.get().rttNanos() > 0 && r.get().rttNanos() < 3_000_000_000L, r.get().line());
                assertTrue(r.get().line().startsWith("64 bytes from 10.9.0.2: icmp_seq=" + seq + " ttl=64 time="),
                        r.get().line());
            }
        }
    }

    @Test
    void aMissingHostTimesOutCleanly() throws Exception {
        wire();
        Inet4Address nobody = (Inet4Address) InetAddress.getByName("10.9.0.77");
        try (Pinger p = Pinger.open(ns.get())) {
            long t0 = System.nanoTime();
            Optional<Pinger.Reply> r = p.ping(nobody, 1, Duration.ofMillis(600));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.isEmpty());
            assertTrue(ms >= 550 && ms < 1500, "waited " + ms + " ms for a 600 ms timeout");
            // the socket still works afterwards
            assertTrue(p.ping((Inet4Address) InetAddress.getByName("10.9.0.2"), 2, Duration.ofSeconds(3)).isPresent());
        }
    }

    @Test
    void tcpProbeDeliversAndReportsARefusedPort() throws Exception {
        NetNs b = wire();
        InetAddress addr = InetAddress.getByName("10.9.0.2");
        try (TcpProbe.Listener l = new TcpProbe.Listener(b, addr, 12346)) {
            TcpProbe.Outcome ok = TcpProbe.send(ns.get(), addr, l, "hello", Duration.ofSeconds(3));
            assertTrue(ok.delivered(), ok.detail());
            assertTrue(ok.detail().startsWith("tcp 10.9.0.2:12346: delivered \"hello\""), ok.detail());
        }
        // nothing listens any more: refused, quickly, and reported as not delivered
        try (TcpProbe.Listener l = new TcpProbe.Listener(b, addr, 12347)) {
            l.close();
            TcpProbe.Outcome refused = TcpProbe.send(ns.get(), addr, l, "hello", Duration.ofSeconds(3));
            assertTrue(!refused.delivered(), refused.detail());
        }
    }
}
