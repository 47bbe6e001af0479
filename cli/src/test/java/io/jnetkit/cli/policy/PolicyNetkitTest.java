package io.jnetkit.cli.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.netns.NetNs;
import io.jnetkit.policy.Policy;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's port-12345 rule as a policy on the netkit PEER hook of a pair whose primary lives in
 * a pod namespace (the seed walkthrough's layout): the peer nk0 is the host's end, so the peer
 * hook sees what the host sends into the pod. Real TCP to 12345 is blocked and to 12346 passes;
 * the counters equal the packets sent (exactly: each connect attempt gives up long before TCP's
 * first SYN retransmission at 1 s, and UDP datagrams are counted one by one); a hot swap while a
 * flood of denied datagrams flows keeps the link, changes the program, and lets none through —
 * the old and new programs' counters add up to exactly what was sent.
 */
@NetkitTest
class PolicyNetkitTest {
    static final String POD_IP = "10.0.0.2";
    static final int PAYLOAD = 32;
    /** Ethernet (present in netkit's L3 mode too) + IPv4 + UDP + payload, as skb->len counts it at the hook. */
    static final long UDP_FRAME = 14 + 20 + 8 + PAYLOAD;

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    @Test
    void seedRuleOnThePeerHookBlocksCountsAndHotSwaps() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        Fixtures.seedPair(host, pod.name(), POD_IP);

        String policyA = "count deny tcp dport 12345; count deny udp dport 12347; allow any";
        String applied = ok("-n", host, "policy", "apply", "nk0", "peer", policyA, "--json").out();
        int linkId = PolicyHostTest.intField(applied, "link_id");
        int progA = PolicyHostTest.intField(applied, "prog_id");

        try (NetNs hostNs = NetNs.open(host);
             ServerSocket s12345 = pod.call(() -> new ServerSocket(12345, 8, InetAddress.getByName(POD_IP)));
             ServerSocket s12346 = pod.call(() -> new ServerSocket(12346, 8, InetAddress.getByName(POD_IP)));
             DatagramSocket u12347 = pod.call(() -> new DatagramSocket(new InetSocketAddress(POD_IP, 12347)));
             DatagramSocket u12348 = pod.call(() -> new DatagramSocket(new InetSocketAddress(POD_IP, 12348)));
             DatagramSocket sender = hostNs.call(DatagramSocket::new)) {
            // TCP: 12346 passes (several times), 12345 never connects; each attempt sends exactly one SYN.
            for (int i = 0; i < 3; i++) assertTrue(connects(hostNs, 12346, 5000), "tcp 12346 passes");
            int attempts = 3;
            for (int i = 0; i < attempts; i++) assertTrue(!connects(hostNs, 12345, 300), "tcp 12345 is blocked");

            // UDP: exactly K datagrams to each port; 12348 gets all of them, 12347 none.
            int k = 7;
            for (int i = 0; i < k; i++) {
                send(sender, 12347);
                send(sender, 12348);
            }
            u12348.setSoTimeout(5000);
            for (int i = 0; i < k; i++) u12348.receive(new DatagramPacket(new byte[64], 64));
            assertNothingArrives(u12347);

            Rows a = stats(host);
            assertEquals(attempts, a.packets("count deny tcp dport 12345"), a.json);
            long synBytes = a.bytes("count deny tcp dport 12345");
            assertTrue(synBytes % attempts == 0 && synBytes / attempts >= 14 + 20 + 20, () -> "SYN bytes " + a.json);
            assertEquals(k, a.packets("count deny udp dport 12347"), a.json);
            assertEquals(k * UDP_FRAME, a.bytes("count deny udp dport 12347"), a.json);

            // Hot swap under a flood of denied datagrams: hold the old counters, replace, stop, add up.
            int countersId = PolicyHostTest.intField(ok("-n", host, "policy", "show", "nk0", "peer", "--json").out(), "counters_map_id");
            try (BpfMap oldCounters = BpfMap.fromId(countersId)) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong sent = new AtomicLong();
                CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                    try {
                        while (!stop.get()) {
                            send(sender, 12347);
                            sent.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                awaitSent(sent, 200, flood);
                String policyB = "count deny tcp dport 12345; count deny udp dport 12347; deny tcp dport 12346; allow any";
                String swapped = ok("-n", host, "policy", "apply", "nk0", "peer", policyB, "--json").out();
                long atSwap = sent.get();
                awaitSent(sent, atSwap + 200, flood);
                stop.set(true);
                flood.get(30, TimeUnit.SECONDS);

                assertEquals(linkId, PolicyHostTest.intField(swapped, "link_id"), "the link stays");
                int progB = PolicyHostTest.intField(swapped, "prog_id");
                assertNotEquals(progA, progB, "the program changes");
                String show = ok("-n", host, "policy", "show", "nk0", "peer", "--json").out();
                assertEquals(linkId, PolicyHostTest.intField(show, "link_id"));
                assertEquals(progB, PolicyHostTest.intField(show, "prog_id"));

                assertNothingArrives(u12347);
                long before = io.jnetkit.policy.RuleStats.read(Policy.parse(policyA), oldCounters).get(1).packets();
                Rows b = stats(host);
                long after = b.packets("count deny udp dport 12347");
                assertTrue(after > 0, "the new program counted: " + b.json);
                System.out.printf("hot swap: %d datagrams to a denied port during the flood; old program counted %d"
                        + " (%d before the flood), new program %d; link %d, prog %d -> %d%n", sent.get(), before, k, after,
                        linkId, progA, progB);
                assertEquals(k + sent.get(), before + after,
                        "every datagram went through exactly one of the two programs (old " + before + ", new " + after + ")");
            }
            // Policy B blocks 12346 now.
            assertTrue(!connects(hostNs, 12346, 300), "tcp 12346 is blocked by the new policy");

            ok("-n", host, "policy", "remove", "nk0", "peer");
            assertTrue(connects(hostNs, 12345, 5000), "tcp 12345 passes once the policy is removed");
        }
    }

    private static void send(DatagramSocket s, int port) throws IOException {
        s.send(new DatagramPacket(new byte[PAYLOAD], PAYLOAD, new InetSocketAddress(POD_IP, port)));
    }

    private static void assertNothingArrives(DatagramSocket s) throws IOException {
        s.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> s.receive(new DatagramPacket(new byte[64], 64)),
                "a denied datagram arrived");
    }

    private static boolean connects(NetNs from, int port, int timeoutMs) {
        return from.call(() -> {
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(POD_IP, port), timeoutMs);
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        });
    }

    private record Rows(String json, List<PolicyStats.Row> rows) {
        long packets(String rule) { return row(rule).packets(); }

        long bytes(String rule) { return row(rule).bytes(); }

        PolicyStats.Row row(String rule) {
            return rows.stream().filter(r -> r.text().equals(rule)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + rule + " in " + json));
        }
    }

    /** policy stats --json, read back into rows. */
    private static Rows stats(String host) {
        String json = ok("-n", host, "policy", "stats", "nk0", "peer", "--json").out();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\{(?:\"rule\":(\\d+),)?\"text\":\"([^\"]*)\",\"counted\":(true|false)(?:,\"packets\":(\\d+),\"bytes\":(\\d+))?\\}")
                .matcher(json);
        List<PolicyStats.Row> rows = new java.util.ArrayList<>();
        while (m.find()) {
            rows.add(new PolicyStats.Row(m.group(1) == null ? null : Integer.valueOf(m.group(1)), m.group(2),
                    Boolean.parseBoolean(m.group(3)), m.group(4) == null ? null : Long.valueOf(m.group(4)),
                    m.group(5) == null ? null : Long.valueOf(m.group(5))));
        }
        return new Rows(json, rows);
    }

    private static String jsonString(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), () -> "no " + key + " in " + json);
        return m.group(1);
    }

    /** Waits until the flood has sent {@code n}; fails instead of hanging when the flood died. */
    private static void awaitSent(AtomicLong sent, long n, CompletableFuture<Void> flood) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sent.get() < n) {
            if (flood.isDone()) {
                flood.get();  // rethrows the flood's failure
                throw new AssertionError("the flood stopped after " + sent.get() + " datagrams");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the flood sent only " + sent.get() + " of " + n + " datagrams in 60 s");
            }
            Thread.sleep(5);
        }
    }
}
