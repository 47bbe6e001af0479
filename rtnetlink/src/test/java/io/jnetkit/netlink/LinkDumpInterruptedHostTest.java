package io.jnetkit.netlink;

import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.VethSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.Errno;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.jnetkit.abi.RtnlAbi.RTM_GETLINK;
import static io.jnetkit.abi.RtnlAbi.RTM_NEWLINK;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link dump ({@code ip link show}) that devices created and deleted from another thread make
 * the kernel flag as interrupted (NLM_F_DUMP_INTR: the namespace's device list changed between two
 * of the dump's datagrams): the socket runs it again, counted by
 * {@link NetlinkSocket#interruptedDumps()}, and every dump it returns is whole. Tried until the
 * kernel has flagged one, at most 20 s.
 */
@HostTest
class LinkDumpInterruptedHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @Test
    void linkDumpsInterruptedByDevicesComingAndGoingAreRunAgain() throws Exception {
        NetNs n = ns.get();
        int devices = 400;
        try (Rtnl rtnl = Rtnl.open(n); NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, n)) {
            // Enough devices that one dump takes many datagrams, so a change can land between two of them.
            // (veth pairs: the host kernel has no dummy driver)
            for (int i = 0; i < devices / 2; i++) rtnl.links().create(pair("a" + i, "b" + i));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong churned = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread churn = Thread.ofPlatform().start(() -> {
                try (Rtnl r = Rtnl.open(n)) {
                    while (!stop.get()) {
                        r.links().create(pair("churn0", "churn1"));
                        r.links().delete("churn0"); // takes its peer with it
                        churned.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            });
            Message getLinks = new MessageBuilder(RTM_GETLINK, 0).raw(new byte[16]).build();
            long until = System.nanoTime() + 20_000_000_000L;
            int dumps = 0;
            int gaveUp = 0;
            try {
                while (s.interruptedDumps() == 0 && System.nanoTime() < until) {
                    int links = 0;
                    try {
                        for (Message m : s.dump("list links", getLinks)) if (m.type() == RTM_NEWLINK) links++;
                    } catch (NetlinkException e) {
                        if (e.errno() != Errno.EINTR) throw e; // interrupted 5 times in a row: allowed under this churn
                        gaveUp++;
                        continue;
                    }
                    dumps++;
                    // lo, the devices, maybe the churned pair: never a torn list.
                    assertTrue(links == devices + 1 || links == devices + 3, "dump " + dumps + " saw " + links + " links");
                }
            } finally {
                stop.set(true);
                churn.join();
            }
            if (failed.get() != null) throw failed.get();
            assertTrue(s.interruptedDumps() > 0, "the kernel flagged none of " + dumps + " link dumps as interrupted ("
                    + churned.get() + " pairs came and went)");
            System.out.println("LinkDumpInterruptedHostTest: " + s.interruptedDumps() + " interrupted link dumps run again, "
                    + dumps + " whole dumps, " + gaveUp + " given up after 5 tries, " + churned.get() + " pairs churned");
        }
    }

    private static VethSpec pair(String a, String b) {
        return VethSpec.builder().name(a).peer(PeerSpec.builder().name(b).build()).build();
    }
}
