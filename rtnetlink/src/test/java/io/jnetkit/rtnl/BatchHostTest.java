package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.netlink.NetlinkException;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Changes sent together ({@link RtnlBatch}, {@code NetlinkSocket.ackAll}); a pair's other end read through the caller's handle and through an nsid. */
@HostTest
class BatchHostTest {
    @RegisterExtension
    final FreshNetns host = new FreshNetns();
    @RegisterExtension
    final FreshNetns pod = new FreshNetns();

    @Test
    void oneBatchWiresBothSidesOfAPairInOrder() {
        try (Rtnl hr = Rtnl.open(host.get()); Rtnl pr = Rtnl.open(pod.get())) {
            CreateResult made = hr.links().create(VethSpec.builder().name("hb0")
                    .peer(PeerSpec.builder().name("eth0").netns(pod.get()).build()).build(), pr);
            assertNotNull(made.peer(), "the peer is read back through the pod's handle");
            assertEquals("eth0", made.peer().name());
            assertEquals(made.link().link(), made.peer().index());
            int eth0 = made.peer().index();
            // The other end, asked through the host's socket by the pod namespace's nsid.
            int nsid = made.link().linkNetnsId();
            assertEquals("eth0", hr.links().getInNetnsId(nsid, eth0).name());
            NetlinkException none = assertThrows(NetlinkException.class, () -> hr.links().getInNetnsId(nsid, eth0 + 1000));
            assertEquals(Errno.ENODEV, none.errno());
            RtnlBatch b = pr.batch().setUp(1, "lo").addAddress(eth0, "eth0", Cidr.parse("10.7.0.2/32")).setUp(eth0, "eth0")
                    .addRoute(RouteSpec.viaDevice(Cidr.parse("169.254.1.1/32"), "eth0"), eth0)
                    .addRoute(new RouteSpec(Cidr.parse("0.0.0.0/0"), Cidr.parseAddress("169.254.1.1"), "eth0", null, null), eth0);
            assertEquals(5, b.size());
            b.run();
            assertEquals(0, b.size(), "a batch is empty after it ran");
            assertTrue(pr.links().get("lo").up());
            assertTrue(pr.links().get("eth0").up());
            assertEquals(List.of("10.7.0.2/32"), pr.addresses().list("eth0").stream().map(a -> a.cidr().toString()).toList());
            List<String> routes = pr.routes().list(null, 254, "eth0").stream()
                    .map(r -> r.dst() + " " + (r.gateway() == null ? "-" : Cidr.format(r.gateway()))).sorted().toList();
            assertEquals(List.of("0.0.0.0/0 169.254.1.1", "169.254.1.1/32 -"), routes);
        }
    }

    @Test
    void theFirstRefusalIsThrownAfterEveryAckAndTheSocketStaysInStep() {
        try (Rtnl r = Rtnl.open(host.get())) {
            r.links().create(VethSpec.of("bd0", "bd1"));
            int idx = r.links().get("bd0").index();
            // The route through a device that is down is refused; the address after it is still added
            // (the kernel runs every message of a datagram); the duplicate address is refused second.
            NetlinkException e = assertThrows(NetlinkException.class, () -> r.batch()
                    .addRoute(RouteSpec.viaDevice(Cidr.parse("10.8.0.0/24"), "bd0"), idx)
                    .addAddress(idx, "bd0", Cidr.parse("10.8.0.1/32"))
                    .addAddress(idx, "bd0", Cidr.parse("10.8.0.1/32"))
                    .run());
            assertTrue(e.getMessage().startsWith("add route 10.8.0.0/24 dev bd0"), e.getMessage());
            assertEquals(Errno.ENETDOWN, e.errno());
            assertEquals(List.of("10.8.0.1/32"), r.addresses().list("bd0").stream().map(a -> a.cidr().toString()).toList());
            // No ack of the batch is left behind to be taken for the next request's.
            r.links().setUp("bd0", true);
            assertTrue(r.links().get("bd0").up());
            NetlinkException missing = assertThrows(NetlinkException.class,
                    () -> r.batch().setUp(idx + 1000, "nothing").setUp(idx, "bd0").run());
            assertEquals(Errno.ENODEV, missing.errno());
        }
    }

    @Test
    void anEmptyBatchSendsNothing() {
        try (Rtnl r = Rtnl.open(host.get())) {
            r.batch().run();
            assertTrue(r.links().get("lo").index() == 1, "lo is ifindex 1 in a namespace");
        }
    }
}
