package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random Ethernet frames from a grammar of headers, biased towards the values one policy names
 * (its networks — inside, at their first and last address, just outside —, its port ranges at
 * their edges, its flags), for the differential fuzzer ({@link DiffFuzz}):
 *
 * <pre>
 * frame   = ethernet [tag [tag]] (ipv4 | ipv6 | other) [cut]
 * ipv4    = header(IHL 0–15, options, version nibble, fragment none/first/non-first) l4
 * ipv6    = header ext{0–10}(hop-by-hop, routing, destination options, AH, fragment first/non-first/atomic,
 *           lengths small or huge) l4
 * l4      = tcp(ports, flags, doff 0–15) | udp | icmp/icmpv6 [quoted packet] | ipip/ipv6/gre tunnel(inner packet)
 *           | esp | no next header | any protocol number
 * cut     = at a layer boundary ± a few bytes, or anywhere
 * </pre>
 * Deterministic for a seed; frames are 14 to {@link #MAX_FRAME} bytes (what an skb test run takes).
 */
final class FrameGrammar {
    /** Under the skb test run's limit (3712 bytes up to at least 6.18). */
    static final int MAX_FRAME = 3500;
    private static final int[] ODD_TYPES = {0x0806, 0x88cc, 0x8847, 0x0842, 0x05dc, 0x0000, 0xffff, 0x86dd ^ 1};
    private static final int[] OTHER_PROTOS = {0, 2, 4, 41, 47, 50, 59, 132, 136, 255, 43, 60, 44, 51};

    private final Random rnd;
    private final List<Cidr> v4 = new ArrayList<>(), v6 = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<int[]> flags = new ArrayList<>();
    private final List<Integer> protos = new ArrayList<>();
    private final boolean wants4, wants6;
    /** Layer boundaries of the outermost L3 packet being built, for cuts. */
    private final List<Integer> marks = new ArrayList<>();

    FrameGrammar(Random rnd, Policy policy) {
        this.rnd = rnd;
        boolean any4 = false, any6 = false;
        for (Rule r : policy.rules()) {
            for (Cidr c : new Cidr[]{r.src(), r.dst()}) {
                if (c != null) (c.family() == io.jnetkit.net.IpFamily.V4 ? v4 : v6).add(c);
            }
            for (PortRange p : new PortRange[]{r.sport(), r.dport()}) {
                if (p != null) {
                    ports.addAll(List.of(p.from(), p.to(), p.from() - 1, p.to() + 1));
                }
            }
            if (r.flags() != null) flags.add(new int[]{r.flags().mask(), r.flags().value()});
            if (r.protocol() != Protocol.ANY) protos.add(r.protocol().number());
            any4 |= r.effectiveFamily() == Family.IP4;
            any6 |= r.effectiveFamily() == Family.IP6;
        }
        ports.removeIf(p -> p < 0 || p > 65535);
        wants4 = any4 || !any6;
        wants6 = any6 || !any4;
    }

    byte[] frame() {
        marks.clear();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        int kind = rnd.nextInt(100);
        byte[] l3;
        int type;
        if (kind < 44) {
            type = wants4 || !wants6 || rnd.nextInt(4) == 0 ? 0x0800 : 0x86dd;
        } else if (kind < 88) {
            type = wants6 || !wants4 || rnd.nextInt(4) == 0 ? 0x86dd : 0x0800;
        } else if (kind < 94) {
            type = -1; // VLAN tags in the bytes
        } else {
            type = ODD_TYPES[rnd.nextInt(ODD_TYPES.length)];
        }
        if (type == -1) {
            int tags = 1 + rnd.nextInt(2);
            for (int i = 0; i < tags; i++) {
                put16(f, tags == 2 && i == 0 ? 0x88a8 : rnd.nextInt(4) == 0 ? 0x88a8 : 0x8100);
                put16(f, rnd.nextInt(4096)); // TCI: priority 0, the VLAN id
            }
            type = rnd.nextBoolean() ? 0x0800 : 0x86dd;
        }
        put16(f, type);
        int base = f.size();
        l3 = type == 0x0800 ? ipv4(0) : type == 0x86dd ? ipv6(0) : random(rnd.nextInt(60));
        // the Ethernet header, the test run's and the program's bounds (IPv4, tagged, IPv6), the layers
        List<Integer> cuts = new ArrayList<>(List.of(12, base, 34, PacketView.TAGGED_MIN, 54));
        for (int m : marks) cuts.add(base + m);
        f.writeBytes(l3);
        byte[] out = f.toByteArray();
        if (rnd.nextInt(5) == 0) {
            int at = rnd.nextInt(3) == 0 ? 14 + rnd.nextInt(Math.max(1, out.length - 13))
                    : cuts.get(rnd.nextInt(cuts.size())) + rnd.nextInt(9) - 4;
            out = Arrays.copyOf(out, Math.max(14, Math.min(at, out.length)));
        }
        return out.length > MAX_FRAME ? Arrays.copyOf(out, MAX_FRAME - rnd.nextInt(64)) : out;
    }

    /** A layer boundary in the outermost L3 packet (relative to its start), where a cut is interesting. */
    private void mark(int depth, int at) {
        if (depth == 0) {
            marks.add(at);
        }
    }

    private byte[] ipv4(int depth) {
        int ihl = switch (rnd.nextInt(20)) {
            case 0 -> rnd.nextInt(5);
            case 1, 2, 3, 4 -> 6 + rnd.nextInt(10);
            default -> 5;
        };
        int proto = protocol(false, depth);
        byte[] src = address(4), dst = address(4);
        int frag = switch (rnd.nextInt(12)) {
            case 0 -> 0x2000;                                      // first fragment
            case 1 -> (rnd.nextBoolean() ? 0x2000 : 0) | fragmentOffset(); // non-first
            case 2 -> 0x4000;                                      // DF
            case 3 -> 0x8000 | (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(0x1fff)); // the reserved bit
            default -> 0;
        };
        byte[] h = new byte[Math.max(ihl, 5) * 4];
        h[0] = (byte) ((rnd.nextInt(15) == 0 ? rnd.nextInt(16) : 4) << 4 | ihl);
        h[6] = (byte) (frag >> 8);
        h[7] = (byte) frag;
        h[8] = 64;
        h[9] = (byte) proto;
        System.arraycopy(src, 0, h, 12, 4);
        System.arraycopy(dst, 0, h, 16, 4);
        for (int i = 20; i < h.length; i++) {
            h[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : 1);
        }
        mark(depth, 20);
        mark(depth, h.length);
        byte[] body = l4(proto, false, depth, h.length);
        int total = h.length + body.length;
        h[2] = (byte) (total >> 8);
        h[3] = (byte) total;
        return concat(h, body);
    }

    private byte[] ipv6(int depth) {
        int proto = protocol(true, depth);
        byte[] h = new byte[40];
        h[0] = (byte) ((rnd.nextInt(15) == 0 ? rnd.nextInt(16) : 6) << 4);
        h[7] = 64;
        System.arraycopy(address(6), 0, h, 8, 16);
        System.arraycopy(address(6), 0, h, 24, 16);
        mark(depth, 40);
        // The chain as (type, length) pairs; a fragment header is 8 bytes.
        List<int[]> plan = new ArrayList<>();
        int kind = rnd.nextInt(30);
        if (kind == 0) {
            // ending just before, at or just past the walk's 4096 bytes, the last header's start
            // well inside the frame
            int target = PacketView.MAX_EXT_BYTES + new int[]{-8, -4, 0, 4, 8, 16}[rnd.nextInt(6)];
            plan.add(new int[]{new int[]{0, 43, 60}[rnd.nextInt(3)], 2048});
            int a = 8 * (1 + rnd.nextInt(16 + rnd.nextInt(2) * 100)), b = target - 2048 - a;
            boolean ah = b % 8 != 0 || rnd.nextInt(3) == 0; // AH: 4-byte steps, at most 1028 bytes
            while (b > (ah ? 1028 : 2048)) {
                a += 8;
                b -= 8;
            }
            plan.add(new int[]{60, a});
            plan.add(new int[]{ah ? 51 : 43, b});
        } else {
            boolean big = kind < 3;
            int n = big ? 1 + rnd.nextInt(4) : switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3 -> 0;
                case 4, 5, 6 -> 1 + rnd.nextInt(3);
                default -> rnd.nextInt(11);
            };
            for (int i = 0; i < n; i++) {
                int t = new int[]{0, 43, 60, 51, 44}[rnd.nextInt(5)];
                int lenByte = big ? 200 + rnd.nextInt(56) : rnd.nextInt(25) == 0 ? 128 + rnd.nextInt(128) : rnd.nextInt(4);
                plan.add(new int[]{t, t == 44 ? 8 : t == 51 ? (lenByte + 2) * 4 : (lenByte + 1) * 8});
            }
        }
        int n = plan.size();
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            int t = plan.get(i)[0], len = plan.get(i)[1];
            int next = i + 1 < n ? plan.get(i + 1)[0] : proto;
            byte[] x;
            if (t == 44) {
                x = new byte[8];
                int off = rnd.nextInt(4) == 0 ? fragmentOffset() : 0;
                int v = off << 3 | (rnd.nextBoolean() ? 1 : 0) | (rnd.nextInt(6) == 0 ? 6 : 0);
                x[2] = (byte) (v >> 8);
                x[3] = (byte) v;
            } else {
                x = random(len);
                x[1] = (byte) (t == 51 ? len / 4 - 2 : len / 8 - 1);
            }
            x[0] = (byte) next;
            mark(depth, 40 + chain.size());
            mark(depth, 40 + chain.size() + 8);
            chain.writeBytes(x);
        }
        h[6] = (byte) (n > 0 ? plan.getFirst()[0] : proto);
        int l4at = 40 + chain.size();
        mark(depth, l4at);
        byte[] body = concat(chain.toByteArray(), l4(proto, true, depth, l4at));
        h[4] = (byte) (body.length >> 8);
        h[5] = (byte) body.length;
        return concat(h, body);
    }

    /** A non-zero 13-bit fragment offset: one bit (each bit alone is checked), the largest, or any. */
    private int fragmentOffset() {
        return switch (rnd.nextInt(3)) {
            case 0 -> 1 << rnd.nextInt(13);
            case 1 -> rnd.nextBoolean() ? 0x1fff : 1;
            default -> 1 + rnd.nextInt(0x1fff);
        };
    }

    private int protocol(boolean six, int depth) {
        int k = rnd.nextInt(20);
        if (k < 6 && !protos.isEmpty()) {
            int p = protos.get(rnd.nextInt(protos.size()));
            if (rnd.nextInt(5) != 0 || p == 6 || p == 17) return p;
        }
        if (k < 11) return 6;
        if (k < 14) return 17;
        if (k < 16) return six ? 58 : 1;
        if (k < 17) return six ? 1 : 58;
        return depth > 1 ? 59 : OTHER_PROTOS[rnd.nextInt(OTHER_PROTOS.length)];
    }

    private byte[] l4(int proto, boolean six, int depth, int at) {
        byte[] h;
        if (proto == 6) {
            int doff = rnd.nextInt(10) == 0 ? rnd.nextInt(16) : rnd.nextInt(4) == 0 ? 5 + rnd.nextInt(11) : 5;
            h = random(Math.max(20, doff * 4));
            put16(h, 0, port());
            put16(h, 2, port());
            h[12] = (byte) (doff << 4);
            h[13] = (byte) tcpFlags();
        } else if (proto == 17) {
            h = new byte[8];
            put16(h, 0, port());
            put16(h, 2, port());
        } else if (proto == 1 || proto == 58) {
            h = new byte[8];
            boolean error = rnd.nextInt(3) == 0;
            h[0] = (byte) (proto == 1 ? (error ? 3 : 8) : (error ? 1 : 128));
            if (error && depth < 2) {
                // an ICMP error quotes a packet (here: whole) of the same family
                h = concat(h, inner(six, depth));
            }
        } else if ((proto == 4 || proto == 41 || proto == 47) && depth < 2) {
            h = proto == 47 ? new byte[]{0, 0, (byte) (six ? 0x86 : 0x08), (byte) (six ? 0xdd : 0x00)} : new byte[0];
            h = concat(h, proto == 4 ? ipv4(depth + 1) : proto == 41 ? ipv6(depth + 1) : inner(six, depth));
        } else {
            h = random(rnd.nextInt(24));
        }
        mark(depth, at + Math.min(h.length, proto == 6 ? 20 : 8));
        return concat(h, random(rnd.nextInt(4) == 0 ? rnd.nextInt(64) : 0));
    }

    /** A packet inside another (a tunnel's, an ICMP error's quote). */
    private byte[] inner(boolean six, int depth) {
        return six ? ipv6(depth + 1) : ipv4(depth + 1);
    }

    private int port() {
        if (!ports.isEmpty() && rnd.nextInt(3) != 0) {
            int p = ports.get(rnd.nextInt(ports.size()));
            return p;
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 65535;
            default -> rnd.nextInt(65536);
        };
    }

    private int tcpFlags() {
        if (!flags.isEmpty() && rnd.nextInt(3) != 0) {
            int[] mv = flags.get(rnd.nextInt(flags.size()));
            int other = rnd.nextInt(256) & ~mv[0];
            // the wanted bits, or one of them flipped
            int v = mv[1] | other;
            int bit;
            do {
                bit = 1 << rnd.nextInt(8);
            } while ((mv[0] & bit) == 0);
            return rnd.nextBoolean() ? v : v ^ bit;
        }
        return rnd.nextInt(4) == 0 ? 0x02 : rnd.nextInt(256);
    }

    /** An address of the family (4 or 6): in a rule's network, at its edges, just outside, or anything. */
    private byte[] address(int fam) {
        List<Cidr> pool = fam == 4 ? v4 : v6;
        int len = fam == 4 ? 4 : 16;
        if (pool.isEmpty() || rnd.nextInt(5) == 0) {
            byte[] b = random(len);
            if (rnd.nextBoolean()) {
                b[0] = (byte) (fam == 4 ? 10 : 0xfd);
            }
            return b;
        }
        Cidr c = pool.get(rnd.nextInt(pool.size()));
        byte[] net = c.network().bytes();
        byte[] mask = c.maskBytes();
        byte[] b = new byte[len];
        switch (rnd.nextInt(5)) {
            case 0 -> b = net; // first address
            case 1 -> {        // last address
                for (int i = 0; i < len; i++) b[i] = (byte) (net[i] | ~mask[i]);
            }
            case 2 -> {        // just before the network
                b = net;
                for (int i = len - 1; i >= 0 && b[i]-- == 0; i--) {
                    // borrow
                }
            }
            case 3 -> {        // just after it
                for (int i = 0; i < len; i++) b[i] = (byte) (net[i] | ~mask[i]);
                for (int i = len - 1; i >= 0 && ++b[i] == 0; i--) {
                    // carry
                }
            }
            default -> {       // anywhere inside
                byte[] r = random(len);
                for (int i = 0; i < len; i++) b[i] = (byte) (net[i] | r[i] & ~mask[i]);
            }
        }
        return b;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void put16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }
}
