package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.jnetkit.abi.NetlinkAbi.*;
import static io.jnetkit.abi.RtnlAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/** The socket layer against the host kernel, inside a fresh namespace. */
@HostTest
class NetlinkSocketHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static Message getLo() {
        return new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST).raw(new byte[16]).string(IFLA_IFNAME, "lo").build();
    }

    @Test
    void staleRepliesAreSkipped() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get())) {
            assertNotEquals(0, s.portId());
            s.sendOnly("abandoned get", getLo()); // its reply stays queued
            s.sendOnly("abandoned dump", new MessageBuilder(RTM_GETLINK, NLM_F_DUMP).raw(new byte[16]).build());
            List<Message> replies = s.request("get lo", getLo());
            assertEquals(1, replies.size());
            assertEquals(RTM_NEWLINK, replies.getFirst().type());
            assertEquals(1, s.dump("list links", new MessageBuilder(RTM_GETLINK, 0).raw(new byte[16]).build()).size(),
                    "only lo, and nothing left over from the abandoned requests");
        }
    }

    @Test
    void kernelErrorCarriesTextAndOffset() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get())) {
            // IFLA_MTU as a u16: fails policy validation; the kernel names the attribute's offset
            Message bad = new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST).raw(new byte[16]).string(IFLA_IFNAME, "lo")
                    .u16(IFLA_MTU, 1500).build();
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.ack("set link lo mtu", bad));
            // 6.18 says ERANGE "Attribute failed policy validation" for a short NLA_U32; older kernels EINVAL
            assertTrue(e.errno() == Errno.ERANGE || e.errno() == Errno.EINVAL, e.getMessage());
            assertNotNull(e.kernelMessage(), e.getMessage());
            assertEquals(16 + 16 + 8, e.attributeOffset(), "nlmsghdr + ifinfomsg + IFLA_IFNAME \"lo\"");
            assertEquals("set link lo mtu: " + e.errnoName() + " (" + Errno.describe(e.errno()) + "): "
                    + e.kernelMessage(), e.getMessage());
        }
    }

    @Test
    void aRequestTheKernelNeverAnswersTimesOut() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get())) {
            s.timeout(java.time.Duration.ofMillis(300));
            // NLMSG_NOOP without NLM_F_ACK: the kernel takes it and says nothing, as a hung kernel would.
            s.sendOnly("noop", new MessageBuilder(NLMSG_NOOP, 0).build());
            long t0 = System.nanoTime();
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.receive("wait for an answer"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Errno.ETIMEDOUT, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("no answer from the kernel within 300 ms"), e.getMessage());
            assertTrue(ms >= 250, "waited " + ms + " ms");
            // The socket is still good afterwards.
            assertEquals(1, s.request("get lo", getLo()).size());
            assertThrows(IllegalArgumentException.class, () -> s.timeout(java.time.Duration.ZERO));
        }
    }

    @Test
    void dumpsInterruptedByConcurrentChangesAreRunAgain() throws Exception {
        io.jnetkit.netns.NetNs n = ns.get();
        try (io.jnetkit.rtnl.Rtnl rtnl = io.jnetkit.rtnl.Rtnl.open(n);
             NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, n)) {
            rtnl.links().setUp("lo", true);
            // Enough addresses that one dump takes several datagrams, so a change can land between them.
            for (int i = 0; i < 1500; i++) {
                rtnl.addresses().add("lo", "10.1." + (i / 250) + "." + (i % 250 + 1) + "/32");
            }
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread churn = Thread.ofPlatform().start(() -> {
                try (io.jnetkit.rtnl.Rtnl r = io.jnetkit.rtnl.Rtnl.open(n)) {
                    while (!stop.get()) {
                        r.addresses().add("lo", "10.9.9.9/32");
                        r.addresses().delete("lo", io.jnetkit.net.Cidr.parse("10.9.9.9/32"));
                    }
                }
            });
            Message getAddr = new MessageBuilder(RTM_GETADDR, 0).raw(new byte[8]).build();
            long until = System.nanoTime() + 20_000_000_000L;
            int dumps = 0;
            try {
                while (s.interruptedDumps() == 0 && System.nanoTime() < until) {
                    int n4 = 0;
                    try {
                        for (Message m : s.dump("list addresses", getAddr)) {
                            if (m.type() == RTM_NEWADDR) n4++;
                        }
                    } catch (NetlinkException e) {
                        if (e.errno() != Errno.EINTR) throw e; // interrupted 5 times in a row under this churn: allowed
                        continue;
                    }
                    dumps++;
                    // 127.0.0.1, ::1, 1500 addresses, and maybe the churned one: never a torn list.
                    assertTrue(n4 >= 1501 && n4 <= 1503, "dump " + dumps + " saw " + n4 + " addresses");
                }
            } finally {
                stop.set(true);
                churn.join();
            }
            assertTrue(s.interruptedDumps() > 0, "the kernel flagged no dump as interrupted in " + dumps + " dumps");
        }
    }

    @Test
    void socketIsClosedOnce() {
        NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns.get());
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.request("get lo", getLo()));
    }
}
