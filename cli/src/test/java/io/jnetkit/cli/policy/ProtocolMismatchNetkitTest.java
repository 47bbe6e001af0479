package io.jnetkit.cli.policy;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bypass a raw socket could make on netkit (issue 12): since 6.10 netkit does not recompute
 * {@code skb->protocol} from the frame after the program, and the receiving stack goes by
 * {@code skb->protocol}. A frame whose Ethernet header says ARP but whose {@code skb->protocol}
 * says IPv4 (AF_PACKET's {@code sll_protocol}) reaches {@code ip_rcv} as IPv4; a policy reading
 * only the EtherType took it for "not IP" and {@code allow any} let it through. Now the two
 * must agree, else the frame is hidden like a VLAN-tagged one: deny rules match it.
 */
@NetkitTest
class ProtocolMismatchNetkitTest {
    static final String POD_IP = "10.0.0.2";
    static final int ENOBUFS = 105;

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void aFrameWhoseEtherTypeHidesItsIpv4HeaderMeetsTheDenyRules() throws Exception {
        String host = ns.name();
        NetNs pod = ns.another();
        Fixtures.seedPair(host, pod.name(), POD_IP);
        CliRun.ok("-n", host, "policy", "apply", "nk0", "peer", "deny udp dport 12347; allow any");
        try (NetNs hostNs = NetNs.open(host);
             DatagramSocket denied = pod.call(() -> new DatagramSocket(new InetSocketAddress(POD_IP, 12347)));
             DatagramSocket allowed = pod.call(() -> new DatagramSocket(new InetSocketAddress(POD_IP, 12348)))) {
            // The raw path works: a well-formed frame to an allowed port arrives.
            assertEquals(0, hostNs.call(() -> sendRaw(frame(0x0800, 12348), 0x0800)));
            allowed.setSoTimeout(5000);
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            allowed.receive(got);
            assertEquals(8, got.getLength());
            // The same to the denied port is dropped, and so is one whose EtherType says ARP
            // (before, "not IP": allowed, and delivered by skb->protocol), or one whose
            // skb->protocol says ARP over IPv4 bytes (decided by the deny rules either way).
            assertEquals(ENOBUFS, hostNs.call(() -> sendRaw(frame(0x0800, 12347), 0x0800)));
            assertEquals(ENOBUFS, hostNs.call(() -> sendRaw(frame(0x0806, 12347), 0x0800)));
            assertEquals(ENOBUFS, hostNs.call(() -> sendRaw(frame(0x0806, 12348), 0x0800)),
                    "hidden: every deny rule might match");
            assertEquals(ENOBUFS, hostNs.call(() -> sendRaw(frame(0x0800, 12348), 0x0806)));
            denied.setSoTimeout(1000);
            assertThrows(SocketTimeoutException.class, () -> denied.receive(new DatagramPacket(new byte[64], 64)),
                    "a frame whose EtherType is not skb->protocol went past 'deny udp dport 12347'");
        }
    }

    /** Ethernet (all-zero MACs: L3 mode) with {@code etherType}, IPv4 10.0.0.1 > POD_IP, UDP to {@code port}, 8 bytes. */
    static byte[] frame(int etherType, int port) {
        byte[] f = new byte[14 + 20 + 8 + 8];
        f[12] = (byte) (etherType >> 8);
        f[13] = (byte) etherType;
        int ip = 14;
        f[ip] = 0x45;
        put16(f, ip + 2, 20 + 8 + 8);
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        byte[] src = {10, 0, 0, 1}, dst = {10, 0, 0, 2};
        System.arraycopy(src, 0, f, ip + 12, 4);
        System.arraycopy(dst, 0, f, ip + 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += (f[ip + i] & 0xff) << 8 | (f[ip + i + 1] & 0xff);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        put16(f, ip + 10, ~sum & 0xffff);
        put16(f, ip + 20, 40000);
        put16(f, ip + 22, port);
        put16(f, ip + 24, 8 + 8); // UDP checksum 0: none
        return f;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    /**
     * Sends {@code frame} on nk0 from an AF_PACKET socket with {@code sll_protocol} = {@code proto}
     * (which becomes skb->protocol), in the calling thread's namespace; returns 0, or the errno
     * of sendto: netkit reports a frame its program drops as ENOBUFS (105). libc through FFM:
     * the test only; jnetkit itself never sends raw frames.
     */
    static Integer sendRaw(byte[] frame, int proto) throws Exception {
        try {
            return sendRawOrThrow(frame, proto);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Integer sendRawOrThrow(byte[] frame, int proto) throws Throwable {
        Linker l = Linker.nativeLinker();
        var libc = l.defaultLookup();
        MethodHandle socket = l.downcallHandle(libc.find("socket").orElseThrow(), FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MethodHandle sendto = l.downcallHandle(libc.find("sendto").orElseThrow(), FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
        MethodHandle close = l.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle ifindex = l.downcallHandle(libc.find("if_nametoindex").orElseThrow(), FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            int idx = (int) ifindex.invokeExact(a.allocateFrom("nk0"));
            int fd = (int) socket.invokeExact(17 /* AF_PACKET */, 3 /* SOCK_RAW */, 0);
            if (fd < 0 || idx <= 0) {
                throw new IllegalStateException("AF_PACKET socket " + fd + ", nk0 index " + idx);
            }
            try {
                MemorySegment sll = a.allocate(20);
                sll.set(ValueLayout.JAVA_SHORT, 0, (short) 17);
                sll.set(ValueLayout.JAVA_BYTE, 2, (byte) (proto >> 8)); // network order
                sll.set(ValueLayout.JAVA_BYTE, 3, (byte) proto);
                sll.set(ValueLayout.JAVA_INT, 4, idx);
                sll.set(ValueLayout.JAVA_BYTE, 11, (byte) 6); // halen
                MemorySegment buf = a.allocateFrom(ValueLayout.JAVA_BYTE, frame);
                MemorySegment state = a.allocate(Linker.Option.captureStateLayout());
                long n = (long) sendto.invokeExact(state, fd, buf, (long) frame.length, 0, sll, 20);
                int err = state.get(ValueLayout.JAVA_INT,
                        Linker.Option.captureStateLayout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
                if (n < 0) {
                    return err;
                }
                assertEquals(frame.length, n, "sendto");
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        }
        return 0;
    }
}
