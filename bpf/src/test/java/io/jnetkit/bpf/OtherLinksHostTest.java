package io.jnetkit.bpf;

import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XDP, cgroup, netns and sockmap links (Attachments.attach*Link): what the kernel reports for
 * each ({@link LinkInfo#detail()}) live and after BPF_LINK_DETACH, and a refusal in its words.
 * The CLI's BpfLinkParityHostTest compares the same kinds with bpftool link show.
 */
@HostTest
class OtherLinksHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    private static Bytecode returning(int verdict) {
        return Bytecode.of(Progs.movR0(verdict), Progs.EXIT);
    }

    private static Path cgroup2() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = l.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) return Path.of(f[1]);
        }
        throw new AssertionError("no cgroup2 mount in /proc/self/mounts");
    }

    @Test
    void eachKindReportsItsTargetUntilDetached() throws Exception {
        NetNs netns = ns.get();
        int ifindex = KernelFixtures.veth(ns, "va", "vb");
        Path cgroup = cgroup2().resolve(FreshNetns.uniqueName("jnk-cg"));
        Files.createDirectory(cgroup);
        try (Program xdp = Program.load(ProgramSpec.of("jnk_xdp", ProgramType.XDP, returning(2)));
             Program skb = Program.load(ProgramSpec.of("jnk_cg_skb", ProgramType.CGROUP_SKB, returning(1)));
             Program flow = Program.load(ProgramSpec.of("jnk_flow", ProgramType.FLOW_DISSECTOR, returning(0)));
             Program verdict = Program.load(ProgramSpec.of("jnk_sk_skb", ProgramType.SK_SKB, returning(1)));
             BpfMap sockmap = BpfMap.create(MapSpec.of("jnk_sockmap", MapType.SOCKMAP, 4, 4, 1));
             BpfLink x = Attachments.attachXdpLink(netns, xdp, ifindex);
             BpfLink c = Attachments.attachCgroupLink(skb, cgroup, AttachType.CGROUP_INET_INGRESS);
             BpfLink n = Attachments.attachNetnsLink(flow, netns, AttachType.FLOW_DISSECTOR);
             BpfLink s = Attachments.attachSockmapLink(verdict, sockmap, AttachType.SK_SKB_STREAM_VERDICT)) {
            assertEquals(new LinkInfo.Xdp(ifindex), x.info().detail());
            assertEquals(LinkType.XDP, x.info().type());
            assertEquals(xdp.id(), x.info().programId());
            long cgroupId = ((Number) Files.getAttribute(cgroup, "unix:ino")).longValue();
            assertEquals(new LinkInfo.Cgroup(cgroupId, AttachType.CGROUP_INET_INGRESS), c.info().detail());
            String nsId = netns.id();
            long netnsIno = Long.parseLong(nsId.substring("net:[".length(), nsId.length() - 1));
            assertEquals(new LinkInfo.Netns(netnsIno, AttachType.FLOW_DISSECTOR), n.info().detail());
            assertEquals(new LinkInfo.Sockmap(sockmap.id(), AttachType.SK_SKB_STREAM_VERDICT), s.info().detail());
            assertEquals(java.util.List.of(flow.id()), Attachments.queryNetns(netns, AttachType.FLOW_DISSECTOR));

            // a second flow dissector link in the namespace: the kernel's E2BIG (one at most), the program named
            KernelException e = assertThrows(KernelException.class,
                    () -> Attachments.attachNetnsLink(flow, netns, AttachType.FLOW_DISSECTOR).close());
            assertEquals(Errno.E2BIG, e.errno());
            assertTrue(e.getMessage().startsWith("attach program jnk_flow to netns " + ns.name() + " flow_dissector: E2BIG"),
                    e.getMessage());

            for (BpfLink l : new BpfLink[] {x, c, n, s}) l.detach();
            assertEquals(new LinkInfo.Xdp(0), x.info().detail());
            assertEquals(new LinkInfo.Cgroup(0, AttachType.CGROUP_INET_INGRESS), c.info().detail());
            assertEquals(new LinkInfo.Netns(0, AttachType.FLOW_DISSECTOR), n.info().detail());
            assertEquals(java.util.List.of(), Attachments.queryNetns(netns, AttachType.FLOW_DISSECTOR));
            assertEquals(new LinkInfo.Sockmap(0, AttachType.SK_SKB_STREAM_VERDICT), s.info().detail());
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }
}
