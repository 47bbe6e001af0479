package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Builds Ethernet frames for the tests: IPv4 (with options, fragments), IPv6, TCP, UDP, ICMP. */
final class Frames {
    static final int TCP = 6, UDP = 17, ICMP = 1, ICMPV6 = 58;
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private Frames() {
    }

    /** A frame being built: Ethernet, then IP, then transport, then payload. */
    static final class B {
        private boolean v6;
        private int etherType = -1;
        private byte[] src = {10, 0, 0, 1}, dst = {10, 0, 0, 2};
        private int proto = TCP;
        private int ihl = 5;
        private int fragOff;
        private boolean moreFragments;
        private int sport = 40000, dport = 80, flags = ACK;
        private int payload = 0;
        private int cut = -1;
        private int nextHeader = -1;
        private final java.util.List<int[]> ext = new java.util.ArrayList<>();
        private int tcpOffset = 5;
        private byte[] inner;

        B v6() {
            v6 = true;
            src = addr("fd00::1");
            dst = addr("fd00::2");
            return this;
        }

        B etherType(int t) {
            etherType = t;
            return this;
        }

        B src(String a) {
            src = addr(a);
            return this;
        }

        B dst(String a) {
            dst = addr(a);
            return this;
        }

        B proto(int p) {
            proto = p;
            return this;
        }

        /** IPv6: the fixed header's Next Header differs from the transport (an extension header). */
        B nextHeader(int nh) {
            nextHeader = nh;
            return this;
        }

        /**
         * IPv6: appends an extension header of {@code len} bytes (hop-by-hop 0, routing 43,
         * destination options 60: a multiple of 8; AH 51: a multiple of 4), chained by its Next
         * Header.
         */
        B ext(int type, int len) {
            ext.add(new int[]{type, len, 0});
            return this;
        }

        /** IPv6: appends a fragment header (offset in 8-byte units). */
        B frag6(int offset, boolean more) {
            ext.add(new int[]{44, 8, offset << 3 | (more ? 1 : 0)});
            return this;
        }

        /** TCP data offset in 32-bit words (5 normally). */
        B tcpOffset(int words) {
            tcpOffset = words;
            return this;
        }

        /** The transport payload is these bytes (a tunnelled packet, an ICMP error's quote). */
        B inner(byte[] bytes) {
            inner = bytes.clone();
            return this;
        }

        B ihl(int words) {
            ihl = words;
            return this;
        }

        /** Fragment offset in 8-byte units. */
        B frag(int offset, boolean more) {
            fragOff = offset;
            moreFragments = more;
            return this;
        }

        B ports(int s, int d) {
            sport = s;
            dport = d;
            return this;
        }

        B dport(int d) {
            dport = d;
            return this;
        }

        B flags(int f) {
            flags = f;
            return this;
        }

        B payload(int n) {
            payload = n;
            return this;
        }

        /** Keeps only the first {@code n} bytes of the frame. */
        B cut(int n) {
            cut = n;
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream l4 = new ByteArrayOutputStream();
            if (proto == TCP) {
                byte[] t = new byte[20];
                put16(t, 0, sport);
                put16(t, 2, dport);
                t[12] = (byte) (tcpOffset << 4);
                t[13] = (byte) flags;
                put16(t, 14, 65535);
                l4.writeBytes(t);
            } else if (proto == UDP) {
                byte[] u = new byte[8];
                put16(u, 0, sport);
                put16(u, 2, dport);
                put16(u, 4, 8 + payload);
                l4.writeBytes(u);
            } else if (proto == ICMP || proto == ICMPV6) {
                boolean error = inner != null;
                l4.writeBytes(new byte[]{(byte) (proto == ICMP ? (error ? 3 : 8) : (error ? 1 : 128)), 0, 0, 0, 0, 1, 0, 1});
            }
            if (inner != null) {
                l4.writeBytes(inner);
            }
            l4.writeBytes(new byte[payload]);
            byte[] body = l4.toByteArray();
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.writeBytes(new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
            int type = etherType >= 0 ? etherType : v6 ? 0x86dd : 0x0800;
            f.write(type >> 8);
            f.write(type);
            if (v6) {
                ByteArrayOutputStream chain = new ByteArrayOutputStream();
                for (int i = 0; i < ext.size(); i++) {
                    int[] e = ext.get(i);
                    byte[] x = new byte[e[1]];
                    x[0] = (byte) (i + 1 < ext.size() ? ext.get(i + 1)[0] : proto);
                    x[1] = (byte) (e[0] == 44 ? 0 : e[0] == 51 ? e[1] / 4 - 2 : e[1] / 8 - 1);
                    if (e[0] == 44) {
                        put16(x, 2, e[2]);
                    }
                    chain.writeBytes(x);
                }
                chain.writeBytes(body);
                body = chain.toByteArray();
                byte[] h = new byte[40];
                h[0] = 0x60;
                put16(h, 4, body.length);
                h[6] = (byte) (nextHeader >= 0 ? nextHeader : ext.isEmpty() ? proto : ext.getFirst()[0]);
                h[7] = 64;
                System.arraycopy(src, 0, h, 8, 16);
                System.arraycopy(dst, 0, h, 24, 16);
                f.writeBytes(h);
            } else {
                int hl = Math.max(ihl, 5) * 4;
                byte[] h = new byte[hl];
                h[0] = (byte) (0x40 | ihl);
                put16(h, 2, hl + body.length);
                put16(h, 6, (moreFragments ? 0x2000 : 0) | fragOff);
                h[8] = 64;
                h[9] = (byte) proto;
                System.arraycopy(src, 0, h, 12, 4);
                System.arraycopy(dst, 0, h, 16, 4);
                for (int i = 20; i < hl; i++) {
                    h[i] = 1; // NOP options
                }
                f.writeBytes(h);
            }
            f.writeBytes(body);
            byte[] out = f.toByteArray();
            return cut >= 0 ? Arrays.copyOf(out, cut) : out;
        }
    }

    static B ip4() {
        return new B();
    }

    static B ip6() {
        return new B().v6();
    }

    static byte[] tcp4(int dport) {
        return ip4().dport(dport).build();
    }

    static byte[] addr(String a) {
        return Cidr.parse(a).bytes();
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }
}
