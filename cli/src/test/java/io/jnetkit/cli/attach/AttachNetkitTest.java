package io.jnetkit.cli.attach;

import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.probe.TcpProbe;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * attach/net show/detach on netkit hooks, the seed's layout: primary task_nk in the pod
 * namespace, peer nk0 on the "host" (itself a fresh namespace). Naming the peer or the primary
 * puts programs on the primary's lists; port_filter on the peer list drops TCP to 12345.
 */
@NetkitTest
class AttachNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path tmp;

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    /**
     * Sends a TCP message from the host to the pod's port; true when it arrived. 5 s covers a lost
     * SYN's 1 s retransmission in a slow emulated guest; a dropped SYN never arrives however long.
     */
    private static boolean tcp(NetNs host, NetNs pod, int port) throws Exception {
        InetAddress podIp = InetAddress.getByName("10.0.0.2");
        try (TcpProbe.Listener listener = TcpProbe.Listener.open(pod, podIp, port)) {
            return TcpProbe.send(host, podIp, listener, "hello netkit", Duration.ofSeconds(5)).delivered();
        }
    }

    @Test
    void eitherEndNamesThePrimarysListsAndPortFilterDropsOnThePeerHook() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        String task = pod.name();
        Fixtures.seedPair(host, task, "10.0.0.2");
        int primary;
        try (Rtnl rtnl = Rtnl.open(pod)) {
            primary = rtnl.links().get("task_nk").index();
        }
        Path obj = Fixtures.portFilter(tmp);

        try (NetNs hostNs = NetNs.open(host); Program next = TestProgs.returning("jnk_next", -1)) {
            assertTrue(tcp(hostNs, pod, 12345), "12345 passes before the filter");

            // Naming the PEER (nk0, in the host namespace): the primary is found in the pod.
            String a = ok("-n", host, "attach", "nk0", "peer", obj.toString()).out();
            assertTrue(a.startsWith("attached port_filter (prog id "), a);
            assertTrue(a.contains("to netkit peer of task_nk (ifindex " + primary + ", netns " + task + ") as link "), a);
            assertTrue(a.contains("(nk0 in netns " + host + " is the netkit peer of task_nk in netns " + task
                    + "; its hooks are attached through the primary)"), a);
            Path pinDir = bpffs.root().resolve("jnetkit").resolve(task).resolve("task_nk").resolve("peer").resolve("programs");
            assertTrue(a.contains("pinned at " + pinDir.resolve("port_filter")), a);
            // Naming the PRIMARY, from its own namespace.
            ok("-n", task, "attach", "task_nk", "peer", "id", String.valueOf(next.id()));
            HookQuery q = Attachments.query(pod, Hook.netkitPeer(primary));
            assertEquals(2, q.count(), q::toString);
            assertEquals(next.id(), q.programIds().get(1));
            assertEquals(0, Attachments.query(pod, Hook.netkitPrimary(primary)).count());
            assertEquals(List.of(pinDir.resolve("jnk_next"), pinDir.resolve("port_filter")),
                    bpffs.pins().stream().filter(p -> p.startsWith(pinDir)).sorted().toList());

            // net show from both sides: both netkit lists, with the programs in order.
            String podShow = ok("-n", task, "net", "show").out();
            assertTrue(podShow.contains("netkit:\ntask_nk(" + primary + ") netkit/peer revision 3\n    prog_id "
                    + q.programIds().get(0) + " name port_filter tag "), podShow);
            String hostShow = ok("-n", host, "net", "show").out();
            assertTrue(hostShow.contains(") netkit/peer via primary task_nk(" + primary + ") in netns " + task
                    + " revision 3\n"), hostShow);
            String json = ok("-n", task, "net", "show", "dev", "task_nk", "--json").out();
            assertTrue(json.contains("\"kind\":\"netkit/primary\",\"revision\":1,\"progs\":[]"), json);
            assertTrue(json.contains("\"kind\":\"netkit/peer\",\"revision\":3,\"progs\":[{\"prog_id\":"), json);

            // The filter on the peer hook: TCP to 12345 is dropped, 12346 passes.
            assertFalse(tcp(hostNs, pod, 12345), "12345 is dropped");
            assertTrue(tcp(hostNs, pod, 12346), "12346 passes");

            // Detach everything from the peer's side; 12345 passes again.
            String d = ok("-n", host, "detach", "nk0", "peer", "all").out();
            assertEquals(2, d.lines().count(), d);
            assertEquals(0, Attachments.query(pod, Hook.netkitPeer(primary)).count());
            assertEquals(List.of(), bpffs.pins());
            assertTrue(tcp(hostNs, pod, 12345), "12345 passes after detach");

            // Legacy attach on the primary hook, through the peer's name, then detach by id.
            ok("-n", host, "attach", "nk0", "primary", "id", String.valueOf(next.id()), "--legacy");
            assertEquals(List.of(next.id()), Attachments.query(pod, Hook.netkitPrimary(primary)).programIds());
            ok("-n", task, "detach", "task_nk", "primary", "id", String.valueOf(next.id()));
            assertEquals(0, Attachments.query(pod, Hook.netkitPrimary(primary)).count());
            assertEquals(List.of(), bpffs.pins());

            // tcx still works on a netkit device; netkit words on a non-netkit device do not.
            CliRun lo = CliRun.of("-n", host, "attach", "lo", "peer", "id", String.valueOf(next.id()));
            assertEquals(Exit.USAGE.code, lo.exit(), lo::toString);
        }
    }
}
