package io.jnetkit.cli.link;

import io.jnetkit.cli.CliRun;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        ok("-n", host, "link", "add", "task_nk", "type", "netkit");
        ok("-n", host, "link", "set", "task_nk", "netns", task);
        ok("-n", task, "addr", "add", "10.0.0.2/24", "dev", "task_nk");
        ok("-n", task, "link", "set", "task_nk", "up");
        ok("-n", host, "addr", "add", "10.0.0.1/24", "dev", "nk0");
        ok("-n", host, "link", "set", "nk0", "up");

        CliRun ping = ok("netns", "exec", host, "--", "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.2");
        assertTrue(ping.exit() == 0);

        // A TCP message across the pair: the server socket lives in the pod, the client on the host.
        try (NetNs hostNs = NetNs.open(host)) {
            ServerSocket server = pod.call(() -> new ServerSocket(12345, 1, InetAddress.getByName("10.0.0.2")));
            try (server) {
                CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                hostNs.run(() -> {
                    try (Socket c = new Socket()) {
                        c.connect(new InetSocketAddress("10.0.0.2", 12345), 5000);
                        try (OutputStream out = c.getOutputStream()) {
                            out.write("hello netkit".getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                assertEquals("hello netkit", received.get(10, TimeUnit.SECONDS));
            }
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
