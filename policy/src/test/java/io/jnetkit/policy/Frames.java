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
                t[12] = 0x50;
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
                l4.writeBytes(new byte[]{(byte) (proto == ICMP ? 8 : 128), 0, 0, 0, 0, 1, 0, 1});
            }
            l4.writeBytes(new byte[payload]);
            byte[] body = l4.toByteArray();
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.writeBytes(new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
            int type = etherType >= 0 ? etherType : v6 ? 0x86dd : 0x0800;
            f.write(type >> 8);
            f.write(type);
            if (v6) {
                byte[] h = new byte[40];
                h[0] = 0x60;
                put16(h, 4, body.length);
                h[6] = (byte) (nextHeader >= 0 ? nextHeader : proto);
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
