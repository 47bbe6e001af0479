package io.jnetkit.cli.link;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.probe.TcpProbe;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed walkthrough's first half, through the CLI, on a kernel with netkit: a pair whose
 * primary task_nk moves into the pod namespace, 10.0.0.1/24 on the host end nk0, 10.0.0.2/24 in
 * the pod, ping and a TCP message across, the pair read back from both sides. The "host" side is
 * itself a fresh namespace so nothing touches the machine's own.
 */
@NetkitTest
class SeedWalkthroughNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    @Test
    void pairAddressesPingTcpAndReadBack() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        String task = pod.name();

        Fixtures.seedPair(host, task, "10.0.0.2");

        CliRun ping = ok("netns", "exec", host, "--", "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.2");
        assertTrue(ping.exit() == 0);

        // A TCP message across the pair: the listener lives in the pod, the client on the host.
        InetAddress podIp = InetAddress.getByName("10.0.0.2");
        try (NetNs hostNs = NetNs.open(host); TcpProbe.Listener listener = TcpProbe.Listener.open(pod, podIp, 12345)) {
            TcpProbe.Outcome o = TcpProbe.send(hostNs, podIp, listener, "hello netkit", Duration.ofSeconds(5));
            assertTrue(o.delivered(), o.detail());
        }

        // Read the pair back from both sides, as ip -d -j link show would.
        String hostSide = ok("-n", host, "link", "show", "-d", "nk0", "--json").out();
        assertTrue(hostSide.contains("\"info_kind\":\"netkit\""), hostSide);
        assertTrue(hostSide.contains("\"type\":\"peer\""), hostSide);
        assertTrue(hostSide.contains("\"mode\":\"l3\""), hostSide);
        assertTrue(hostSide.contains("\"policy\":\"forward\""), hostSide);
        assertTrue(hostSide.contains("\"link_netnsid\""), "the other end is in another namespace: " + hostSide);
        assertTrue(hostSide.contains("\"address\":\"00:00:00:00:00:00\""), "L3 netkit has an all-zero MAC: " + hostSide);
        String podSide = ok("-n", task, "link", "show", "-d", "task_nk").out();
        assertTrue(podSide.contains("task_nk@if"), podSide);
        assertTrue(podSide.contains("netkit mode l3 type primary policy forward peer policy forward"), podSide);
        assertTrue(podSide.contains("NOARP"), podSide);
        String addrs = ok("-n", task, "addr", "show", "dev", "task_nk").out();
        assertTrue(addrs.contains("inet 10.0.0.2/24"), addrs);
    }
}
