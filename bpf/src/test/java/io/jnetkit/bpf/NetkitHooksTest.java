package io.jnetkit.bpf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netkit hooks (kernel selftest tc_netkit.c, "basic", "multi_links", "device"): a pair made with
 * {@code ip link add nkp type netkit} (works with iproute2 builds that predate netkit too: the
 * kind is sent as is, default L3 pair, peer named nk0) in a fresh namespace.
 */
@NetkitTest
class NetkitHooksTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    /** {primary ifindex, peer ifindex}. */
    int[] pair() {
        KernelFixtures.run("ip", "-n", ns.name(), "link", "add", "nkp", "type", "netkit");
        int primary = KernelFixtures.ifindex(ns, "nkp");
        for (String[] l : KernelFixtures.links(ns)) {
            if ("nkp".equals(l[2])) {
                return new int[] {primary, Integer.parseInt(l[1])};
            }
        }
        throw new AssertionError("no peer of nkp in " + KernelFixtures.links(ns).stream().map(a -> a[0]).toList());
    }

    static HookQuery.Entry entry(Program p, BpfLink l) {
        return new HookQuery.Entry(p.id(), l.id());
    }

    @Test
    void linksOnPrimaryAndPeer() {
        assertTrue(Features.netkit().supported(), Features.netkit().message());
        NetNs netns = ns.get();
        int[] pair = pair();
        Hook primary = Hook.netkitPrimary(pair[0]);
        Hook peer = Hook.netkitPeer(pair[0]);
        try (Program p1 = Program.load(ProgramSpec.schedCls("jnk_nk_pri", AttachType.NETKIT_PRIMARY, Progs.PASS));
             Program p2 = Program.load(ProgramSpec.schedCls("jnk_nk_pri2", AttachType.NETKIT_PRIMARY, Progs.NEXT));
             Program p3 = Program.load(ProgramSpec.schedCls("jnk_nk_peer", AttachType.NETKIT_PEER, Progs.PASS))) {
            assertEquals(0, Attachments.query(netns, primary).count());
            assertEquals(1, Attachments.query(netns, primary).revision());
            assertEquals(0, Attachments.query(netns, peer).count());
            assertEquals(1, Attachments.query(netns, peer).revision());

            try (BpfLink l1 = Attachments.attachLink(netns, p1, primary, null, 0)) {
                HookQuery q = Attachments.query(netns, primary);
                assertEquals(List.of(entry(p1, l1)), q.entries());
                assertEquals(2, q.revision());
                assertEquals(0, Attachments.query(netns, peer).count(), "the peer's list is separate");
                LinkInfo info = l1.info();
                assertEquals(LinkType.NETKIT, info.type());
                assertEquals(AttachType.NETKIT_PRIMARY, info.attachType());
                assertEquals(pair[0], info.ifindex());

                try (BpfLink l2 = Attachments.attachLink(netns, p2, primary, Anchor.head(), 2);
                     BpfLink l3 = Attachments.attachLink(netns, p3, peer, null, 1)) {
                    HookQuery both = Attachments.query(netns, primary);
                    assertEquals(List.of(entry(p2, l2), entry(p1, l1)), both.entries());
                    assertEquals(3, both.revision());
                    HookQuery pq = Attachments.query(netns, peer);
                    assertEquals(List.of(entry(p3, l3)), pq.entries());
                    assertEquals(2, pq.revision());
                    LinkInfo peerInfo = l3.info();
                    assertEquals(AttachType.NETKIT_PEER, peerInfo.attachType());
                    assertEquals(pair[1], peerInfo.ifindex(), "a PEER link reports the peer's ifindex");
                }
                assertEquals(List.of(entry(p1, l1)), Attachments.query(netns, primary).entries());
            }
            assertEquals(new HookQuery(primary, 1, List.of()), Attachments.query(netns, primary));
            assertEquals(new HookQuery(peer, 1, List.of()), Attachments.query(netns, peer));
        }
    }

    @Test
    void peerIfindexIsEaccesAndLegacyAttachWorks() {
        NetNs netns = ns.get();
        int[] pair = pair();
        try (Program p = Program.load(ProgramSpec.schedCls("jnk_nk_leg", AttachType.NETKIT_PEER, Progs.PASS))) {
            for (Hook wrong : List.of(Hook.netkitPrimary(pair[1]), Hook.netkitPeer(pair[1]))) {
                KernelException q = assertThrows(KernelException.class, () -> Attachments.query(netns, wrong));
                assertEquals(Errno.EACCES, q.errno(), wrong.toString());
                assertTrue(q.getMessage().contains("primary"), q.getMessage());
                KernelException a = assertThrows(KernelException.class,
                        () -> Attachments.attachLink(netns, p, wrong, null, 0).close());
                assertEquals(Errno.EACCES, a.errno(), wrong.toString());
            }
            Hook peer = Hook.netkitPeer(pair[0]);
            Attachments.attachProg(netns, p, peer, null, 1);
            assertEquals(List.of(new HookQuery.Entry(p.id(), 0)), Attachments.query(netns, peer).entries());
            Attachments.detachProg(netns, p, peer, 2);
            HookQuery after = Attachments.query(netns, peer);
            assertEquals(0, after.count());
            // Measured on 6.12: the last detach frees the hook's mprog entry, so an emptied hook reads
            // revision 1 again (not 3), exactly like a never-used one; tcx does the same.
            assertEquals(1, after.revision());
        }
    }
}
