package io.jnetkit.elf.selftest;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.LinkType;
import io.jnetkit.bpf.Program;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.CreateResult;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The scenarios of the kernel selftest {@code tools/testing/selftests/bpf/prog_tests/tc_netkit.c}
 * (notes: netkit-kernel-facts §5), driven through jnetkit's rtnetlink, ELF loader and bpf
 * attach API. Like the selftest: a pair {@value #PRIMARY} (10.0.0.1/24, in the test's "host"
 * namespace) / {@value #PEER} (10.0.0.2/24, moved into a second "pod" namespace) with explicit
 * mode and policy pass on both sides. Programs from {@code src/test/c/selftest/tc_netkit.c}
 * return NEXT and count in their {@code .bss} what they saw; traffic is real UDP sent with
 * {@code sendto} from a namespace, so a counter read back from Java proves a program ran.
 *
 * <p>Not duplicated here: {@code bpf}'s {@code NetkitHooksTest} (one namespace, no traffic) and
 * the CLI's {@code AttachNetkitTest}. Not covered: scrub, pkt_type, headroom.
 */
@NetkitTest
class TcNetkitSelftestNetkitTest {
    static final String PRIMARY = "nk1";
    static final String PEER = "nk0";
    static final String PRIMARY_ADDR = "10.0.0.1";
    static final String PEER_ADDR = "10.0.0.2";
    /** In the pair's subnet, but nobody has it: the selftest's "noneigh" address. */
    static final String NO_NEIGH_ADDR = "10.0.0.3";
    static final String FIXTURE = "/io/jnetkit/elf/selftest/tc_netkit.o";

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    // ------------------------------------------------------------ fixture plumbing

    /**
     * The pair as the selftest builds it.
     *
     * @param host    the primary's namespace (where hooks are addressed)
     * @param pod     the peer's namespace (== host when created "same netns")
     * @param primary the primary's ifindex in {@code host}
     * @param peer    the peer's ifindex in {@code pod}
     */
    record Pair(NetNs host, NetNs pod, int primary, int peer) {
        Hook hook(Hook.Point point) {
            return new Hook(point, primary);
        }

        /** Where a packet must be sent from to make {@code point}'s list run, and to whom. */
        void poke(Hook.Point point) {
            if (point == Hook.Point.NETKIT_PRIMARY) send(host, PEER_ADDR); else send(pod, PRIMARY_ADDR);
        }
    }

    Pair pair(NetkitMode mode, boolean sameNetns) {
        NetNs host = ns.get();
        NetNs pod = sameNetns ? host : ns.another();
        NetkitSpec spec = NetkitSpec.builder().name(PRIMARY).mode(mode)
                .policy(NetkitPolicy.FORWARD).peerPolicy(NetkitPolicy.FORWARD).up(true)
                .peer(PeerSpec.builder().name(PEER).netns(sameNetns ? null : pod).up(true).build())
                .build();
        try (Rtnl rtnl = Rtnl.open(host)) {
            CreateResult made = rtnl.links().create(spec);
            assertEquals(List.of(), made.ignored());
            assertEquals(mode, made.link().netkit().mode());
            rtnl.addresses().add(PRIMARY, PRIMARY_ADDR + "/24");
            int peerIndex = made.peer().index();
            if (sameNetns) {
                // Two addresses of one subnet in one namespace: the selftest's "device" case only
                // needs the peer to exist, so the peer gets none.
                return new Pair(host, pod, made.link().index(), peerIndex);
            }
            try (Rtnl inPod = Rtnl.open(pod)) {
                inPod.addresses().add(PEER, PEER_ADDR + "/24");
                assertEquals(peerIndex, inPod.links().get(PEER).index());
            }
            return new Pair(host, pod, made.link().index(), peerIndex);
        }
    }

    static BpfCollection load() {
        return BpfCollection.load(CollectionSpec.readResource(FIXTURE));
    }

    /** One UDP datagram to port 9 of {@code to}, sent from a socket made in {@code from}. */
    static void send(NetNs from, String to) {
        from.run(() -> {
            try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                ch.send(ByteBuffer.wrap("jnetkit selftest".getBytes(StandardCharsets.US_ASCII)),
                        new InetSocketAddress(InetAddress.getByName(to), 9));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Sends with {@code poke} until {@code done} holds (the first datagram may wait for ARP in L2
     * mode, and guests under emulation are slow), failing after 15 s with {@code what}.
     */
    static void trafficUntil(Runnable poke, BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            poke.run();
            for (int i = 0; i < 10; i++) {
                if (done.getAsBoolean()) return;
                sleep(30);
            }
            if (System.nanoTime() > deadline) fail("no traffic seen within 15 s: " + what.get());
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A program's {@code struct seen} from the fixture's .bss. */
    record Seen(int runs, int ip4, int arp, int ethIp4, int lastType) {
        static Seen of(BpfCollection c, String var) {
            ByteBuffer b = ByteBuffer.wrap(c.variable(var)).order(ByteOrder.LITTLE_ENDIAN);
            return new Seen(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
        }

        static void reset(BpfCollection c, String var) {
            c.setVariable(var, new byte[20]);
        }
    }

    static HookQuery.Entry entry(Program p, BpfLink l) {
        return new HookQuery.Entry(p.id(), l == null ? 0 : l.id());
    }

    static int errno(Runnable r) {
        return assertThrows(KernelException.class, r::run).errno();
    }

    static Stream<Arguments> modesAndHooks() {
        return Stream.of(NetkitMode.values()).flatMap(m -> Stream.of(Hook.Point.NETKIT_PRIMARY, Hook.Point.NETKIT_PEER)
                .map(p -> Arguments.of(m, p)));
    }

    // ------------------------------------------------------------ scenarios

    /** {@code tc_netkit_basic}: counts, revision, ids; traffic reaches exactly the attached lists. */
    @ParameterizedTest
    @EnumSource(NetkitMode.class)
    void basic(NetkitMode mode) {
        Pair pair = pair(mode, false);
        Hook primary = pair.hook(Hook.Point.NETKIT_PRIMARY);
        Hook peer = pair.hook(Hook.Point.NETKIT_PEER);
        try (BpfCollection c = load()) {
            Program p1 = c.program("nk_p1");
            Program p2 = c.program("nk_p2");
            assertEquals(new HookQuery(primary, 1, List.of()), Attachments.query(pair.host(), primary));
            assertEquals(new HookQuery(peer, 1, List.of()), Attachments.query(pair.host(), peer));

            try (BpfLink l1 = Attachments.attachLink(pair.host(), p1, primary, null, 1)) {
                HookQuery q = Attachments.query(pair.host(), primary);
                assertEquals(1, q.count());
                assertEquals(2, q.revision());
                assertEquals(List.of(entry(p1, l1)), q.entries(), "prog and link ids");
                assertEquals(0, Attachments.query(pair.host(), peer).count());
                LinkInfo info = l1.info();
                assertEquals(LinkType.NETKIT, info.type());
                assertEquals(AttachType.NETKIT_PRIMARY, info.attachType());
                assertEquals(pair.primary(), info.ifindex());
                assertEquals(p1.id(), info.programId());

                // Host → pod and pod → host: only the PRIMARY list has a program.
                trafficUntil(() -> pair.poke(Hook.Point.NETKIT_PRIMARY), () -> Seen.of(c, "seen_p1").ip4() > 0,
                        () -> "nk_p1 " + Seen.of(c, "seen_p1"));
                pair.poke(Hook.Point.NETKIT_PEER);
                assertEquals(0, Seen.of(c, "seen_p2").runs(), "nk_p2 is not attached");

                try (BpfLink l2 = Attachments.attachLink(pair.host(), p2, peer, null, 1)) {
                    assertEquals(List.of(entry(p2, l2)), Attachments.query(pair.host(), peer).entries());
                    assertEquals(2, Attachments.query(pair.host(), peer).revision());
                    assertEquals(List.of(entry(p1, l1)), Attachments.query(pair.host(), primary).entries());
                    LinkInfo peerInfo = l2.info();
                    assertEquals(AttachType.NETKIT_PEER, peerInfo.attachType());
                    assertEquals(pair.peer(), peerInfo.ifindex(), "a PEER link reports the peer's ifindex, in the pod");

                    Seen.reset(c, "seen_p1");
                    trafficUntil(() -> {
                                pair.poke(Hook.Point.NETKIT_PRIMARY);
                                pair.poke(Hook.Point.NETKIT_PEER);
                            }, () -> Seen.of(c, "seen_p1").ip4() > 0 && Seen.of(c, "seen_p2").ip4() > 0,
                            () -> "nk_p1 " + Seen.of(c, "seen_p1") + ", nk_p2 " + Seen.of(c, "seen_p2"));
                }
                assertEquals(0, Attachments.query(pair.host(), peer).count());
            }
            assertEquals(0, Attachments.query(pair.host(), primary).count());
            assertEquals(0, Attachments.query(pair.host(), peer).count());
        }
    }

    /** {@code tc_netkit_multi_links}: BEFORE a program puts the second link first; both run; Ethernet header seen. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modesAndHooks")
    void multiLinks(NetkitMode mode, Hook.Point point) {
        Pair pair = pair(mode, false);
        Hook hook = pair.hook(point);
        Hook other = pair.hook(point == Hook.Point.NETKIT_PRIMARY ? Hook.Point.NETKIT_PEER : Hook.Point.NETKIT_PRIMARY);
        try (BpfCollection c = load()) {
            Program p1 = c.program("nk_p1");
            Program p2 = c.program("nk_p2");
            try (BpfLink l1 = Attachments.attachLink(pair.host(), p1, hook, null, 1)) {
                assertEquals(2, Attachments.query(pair.host(), hook).revision());
                try (BpfLink l2 = Attachments.attachLink(pair.host(), p2, hook, Anchor.before(p1), 2)) {
                    HookQuery q = Attachments.query(pair.host(), hook);
                    assertEquals(List.of(entry(p2, l2), entry(p1, l1)), q.entries(), "order [p2, p1]");
                    assertEquals(3, q.revision());
                    assertEquals(0, Attachments.query(pair.host(), other).count());
                    assertEquals(Errno.EEXIST, errno(() -> Attachments.attachLink(pair.host(), p1, hook, null, 0).close()));
                    assertEquals(Errno.ESTALE, errno(() -> Attachments.attachLink(pair.host(),
                            c.program("tc_t1"), hook, null, 2).close()));

                    trafficUntil(() -> pair.poke(point),
                            () -> Seen.of(c, "seen_p1").ethIp4() == 1 && Seen.of(c, "seen_p2").ip4() > 0,
                            () -> "nk_p1 " + Seen.of(c, "seen_p1") + ", nk_p2 " + Seen.of(c, "seen_p2"));
                    Seen s1 = Seen.of(c, "seen_p1");
                    assertEquals(1, s1.ethIp4(), "prog 1 sees an Ethernet header of type IPv4 in " + mode);
                    assertTrue(Seen.of(c, "seen_p2").runs() > 0);
                }
                HookQuery one = Attachments.query(pair.host(), hook);
                assertEquals(List.of(entry(p1, l1)), one.entries());
                assertEquals(4, one.revision());
            }
            assertEquals(0, Attachments.query(pair.host(), hook).count());
        }
    }

    /** {@code tc_netkit_multi_opts}: the same with BPF_PROG_ATTACH/DETACH and programs from tc/ingress sections. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modesAndHooks")
    void multiOpts(NetkitMode mode, Hook.Point point) {
        Pair pair = pair(mode, false);
        Hook hook = pair.hook(point);
        try (BpfCollection c = load()) {
            Program t1 = c.program("tc_t1");
            Program t2 = c.program("tc_t2");
            assertEquals(AttachType.TCX_INGRESS, CollectionSpec.readResource(FIXTURE).program("tc_t1").attachType());
            Attachments.attachProg(pair.host(), t1, hook, null, 1);
            assertEquals(List.of(entry(t1, null)), Attachments.query(pair.host(), hook).entries());
            assertEquals(2, Attachments.query(pair.host(), hook).revision());
            Attachments.attachProg(pair.host(), t2, hook, Anchor.before(t1), 2);
            HookQuery q = Attachments.query(pair.host(), hook);
            assertEquals(List.of(entry(t2, null), entry(t1, null)), q.entries(), "order [t2, t1], no links");
            assertEquals(3, q.revision());
            assertEquals(Errno.EEXIST, errno(() -> Attachments.attachProg(pair.host(), t1, hook, null, 0)));

            trafficUntil(() -> pair.poke(point),
                    () -> Seen.of(c, "seen_t1").ethIp4() == 1 && Seen.of(c, "seen_t2").ip4() > 0,
                    () -> "tc_t1 " + Seen.of(c, "seen_t1") + ", tc_t2 " + Seen.of(c, "seen_t2"));

            Attachments.detachProg(pair.host(), t2, hook, 3);
            HookQuery one = Attachments.query(pair.host(), hook);
            assertEquals(List.of(entry(t1, null)), one.entries());
            assertEquals(4, one.revision());
            assertEquals(Errno.ENOENT, errno(() -> Attachments.detachProg(pair.host(), t2, hook, 0)));
            Attachments.detachProg(pair.host(), t1, hook, 4);
            assertEquals(0, Attachments.query(pair.host(), hook).count());
        }
    }

    /** {@code tc_netkit_device}: the peer's ifindex is EACCES for query and link attach on both hooks. */
    @Test
    void device() {
        Pair pair = pair(NetkitMode.L3, true);
        NetNs host = pair.host();
        try (BpfCollection c = load()) {
            Program p1 = c.program("nk_p1");
            Program p2 = c.program("nk_p2");
            try (BpfLink l1 = Attachments.attachLink(host, p1, pair.hook(Hook.Point.NETKIT_PRIMARY), null, 0)) {
                for (Hook.Point point : List.of(Hook.Point.NETKIT_PRIMARY, Hook.Point.NETKIT_PEER)) {
                    Hook wrong = new Hook(point, pair.peer());
                    assertEquals(Errno.EACCES, errno(() -> Attachments.query(host, wrong)), "query " + wrong);
                    for (Program p : List.of(p1, p2)) {
                        assertEquals(Errno.EACCES, errno(() -> Attachments.attachLink(host, p, wrong, null, 0).close()),
                                "link " + p.name() + " to " + wrong);
                    }
                }
                assertEquals(List.of(entry(p1, l1)), Attachments.query(host, pair.hook(Hook.Point.NETKIT_PRIMARY)).entries(),
                        "the existing attachment is unaffected");
                assertEquals(2, Attachments.query(host, pair.hook(Hook.Point.NETKIT_PRIMARY)).revision());
                assertEquals(0, Attachments.query(host, pair.hook(Hook.Point.NETKIT_PEER)).count());
            }
        }
    }

    /** {@code tc_netkit_neigh_links}: to an address without neighbour, L2 sends ARP, L3 sends IPv4 (with an Ethernet header). */
    @ParameterizedTest
    @EnumSource(NetkitMode.class)
    void neighLinks(NetkitMode mode) {
        Pair pair = pair(mode, false);
        try (BpfCollection c = load()) {
            Program p1 = c.program("nk_p1");
            try (BpfLink l1 = Attachments.attachLink(pair.host(), p1, pair.hook(Hook.Point.NETKIT_PRIMARY), null, 0)) {
                Seen.reset(c, "seen_p1");
                Runnable poke = () -> send(pair.host(), NO_NEIGH_ADDR);
                if (mode == NetkitMode.L2) {
                    trafficUntil(poke, () -> Seen.of(c, "seen_p1").arp() > 0, () -> "nk_p1 " + Seen.of(c, "seen_p1"));
                    Seen s = Seen.of(c, "seen_p1");
                    assertEquals(0, s.ip4(), "L2: the IPv4 datagram waits for a neighbour that never answers: " + s);
                    assertEquals(0, s.ethIp4(), s.toString());
                } else {
                    trafficUntil(poke, () -> Seen.of(c, "seen_p1").ip4() > 0, () -> "nk_p1 " + Seen.of(c, "seen_p1"));
                    Seen s = Seen.of(c, "seen_p1");
                    assertEquals(0, s.arp(), "L3 is IFF_NOARP: " + s);
                    assertEquals(1, s.ethIp4(), "L3 still has an Ethernet header of type IPv4: " + s);
                    assertEquals(0x0800, s.lastType(), s.toString());
                }
            }
        }
    }

    /** Cleanup: deleting the primary removes both ends; links become defunct, prog attachments vanish. */
    @ParameterizedTest
    @EnumSource(NetkitMode.class)
    void cleanup(NetkitMode mode) {
        Pair pair = pair(mode, false);
        try (BpfCollection c = load();
             BpfLink l1 = Attachments.attachLink(pair.host(), c.program("nk_p1"), pair.hook(Hook.Point.NETKIT_PRIMARY), null, 0);
             BpfLink l2 = Attachments.attachLink(pair.host(), c.program("nk_p2"), pair.hook(Hook.Point.NETKIT_PEER), null, 0)) {
            Attachments.attachProg(pair.host(), c.program("tc_t1"), pair.hook(Hook.Point.NETKIT_PRIMARY), null, 0);
            assertEquals(2, Attachments.query(pair.host(), pair.hook(Hook.Point.NETKIT_PRIMARY)).count());
            assertEquals(pair.peer(), l2.info().ifindex());

            try (Rtnl host = Rtnl.open(pair.host())) {
                host.links().delete(PRIMARY);
                assertTrue(host.links().find(PRIMARY).isEmpty(), "primary gone");
            }
            try (Rtnl pod = Rtnl.open(pair.pod())) {
                // The peer goes with the primary (unregistered in the same batch).
                assertTrue(pod.links().find(PEER).isEmpty(), "peer gone with the primary");
            }
            for (BpfLink l : List.of(l1, l2)) {
                LinkInfo info = l.info();
                assertEquals(LinkType.NETKIT, info.type(), info.toString());
                assertEquals(0, info.ifindex(), "defunct link " + info);
                assertEquals(Errno.ENOLINK, errno(() -> l.update(c.program("tc_t2"))), "update of defunct " + info);
                l.detach(); // succeeds, does nothing
            }
            assertEquals(Errno.ENODEV, errno(() -> Attachments.query(pair.host(), pair.hook(Hook.Point.NETKIT_PRIMARY))));
        }
    }
}
