package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random valid policies and random frames near their rules' values, for the property tests. */
final class RandomPolicies {
    private final Random rnd;

    RandomPolicies(long seed) {
        rnd = new Random(seed);
    }

    private static final String[] V4 = {"10.0.0.0/8", "10.1.2.3", "192.168.0.0/16", "192.168.1.0/24", "0.0.0.0/0",
            "172.16.0.0/12", "10.0.0.1", "128.0.0.0/1"};
    private static final String[] V6 = {"fd00::/64", "fd00::1", "2001:db8::/32", "::1", "::/0", "fd00::/8",
            "fd00:0:0:10::/60", "8000::/1"};
    private static final int[] PORTS = {1, 22, 53, 80, 443, 1000, 2000, 12345, 65535};

    Rule rule() {
        Protocol p = Protocol.values()[rnd.nextInt(Protocol.values().length)];
        Family f = p.impliedFamily();
        if (f == Family.ANY && rnd.nextInt(3) == 0) {
            f = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
        }
        Rule r = new Rule(rnd.nextBoolean() ? Action.ALLOW : Action.DENY, rnd.nextInt(3) == 0,
                rnd.nextInt(2) == 0 ? f : Family.ANY, p, null, null, null, null, null);
        Family eff = f;
        if (rnd.nextInt(3) == 0) {
            if (eff == Family.ANY) eff = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
            r = r.withSrc(cidr(eff));
        }
        if (rnd.nextInt(3) == 0) {
            if (eff == Family.ANY) eff = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
            r = r.withDst(cidr(eff));
        }
        if (p.hasPorts()) {
            if (rnd.nextInt(3) == 0) r = r.withSport(ports());
            if (rnd.nextInt(2) == 0) r = r.withDport(ports());
        }
        if (p == Protocol.TCP && rnd.nextInt(3) == 0) {
            Set<TcpFlag> set = EnumSet.noneOf(TcpFlag.class), clear = EnumSet.noneOf(TcpFlag.class);
            for (TcpFlag fl : new TcpFlag[]{TcpFlag.SYN, TcpFlag.ACK, TcpFlag.RST, TcpFlag.FIN}) {
                int k = rnd.nextInt(4);
                if (k == 0) set.add(fl);
                else if (k == 1) clear.add(fl);
            }
            if (set.isEmpty() && clear.isEmpty()) set.add(TcpFlag.SYN);
            r = r.withFlags(new TcpFlags(set, clear));
        }
        return r;
    }

    private Cidr cidr(Family f) {
        return Cidr.parse(f == Family.IP4 ? V4[rnd.nextInt(V4.length)] : V6[rnd.nextInt(V6.length)]);
    }

    private PortRange ports() {
        int a = PORTS[rnd.nextInt(PORTS.length)];
        if (rnd.nextBoolean()) return PortRange.of(a);
        int b = PORTS[rnd.nextInt(PORTS.length)];
        return new PortRange(Math.min(a, b), Math.max(a, b));
    }

    Policy policy(int maxRules) {
        int n = rnd.nextInt(maxRules + 1);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rules.add(rnd.nextInt(12) == 0 ? (rnd.nextBoolean() ? Rule.allow() : Rule.deny()) : rule());
        }
        return new Policy(rules, rnd.nextBoolean() ? Action.ALLOW : Action.DENY, rnd.nextInt(3) == 0);
    }

    byte[] frame() {
        Frames.B b = rnd.nextInt(2) == 0 ? Frames.ip4() : Frames.ip6();
        boolean v6 = b.build()[12] == (byte) 0x86;
        int[] protos = {Frames.TCP, Frames.UDP, Frames.ICMP, Frames.ICMPV6, 47};
        b.proto(protos[rnd.nextInt(protos.length)]);
        String[] v4 = {"10.1.2.3", "10.0.0.1", "10.200.0.9", "192.168.1.5", "192.169.1.5", "172.20.0.1", "8.8.8.8",
                "200.1.1.1"};
        String[] v6a = {"fd00::1", "fd00::ffff", "fd00:0:0:1::1", "fd00:0:0:f::1", "fd00:0:0:10::1", "2001:db8::7",
                "2001:db9::1", "::1", "::2", "fe80::1", "9000::1"};
        String[] pool = v6 ? v6a : v4;
        b.src(pool[rnd.nextInt(pool.length)]).dst(pool[rnd.nextInt(pool.length)]);
        int[] ports = {1, 2, 21, 22, 23, 53, 80, 443, 999, 1000, 1001, 1999, 2000, 2001, 12345, 65534, 65535};
        b.ports(ports[rnd.nextInt(ports.length)], ports[rnd.nextInt(ports.length)]);
        b.flags(rnd.nextInt(256));
        if (!v6 && rnd.nextInt(4) == 0) b.ihl(5 + rnd.nextInt(11));
        if (!v6 && rnd.nextInt(6) == 0) b.frag(rnd.nextInt(3), rnd.nextBoolean());
        if (!v6 && rnd.nextInt(20) == 0) b.ihl(rnd.nextInt(5));
        if (v6 && rnd.nextInt(20) == 0) b.nextHeader(new int[]{0, 43, 44, 60}[rnd.nextInt(4)]);
        if (v6 && rnd.nextInt(4) == 0) {
            // A chain of extension headers, sometimes longer than the walk's bound.
            int n = 1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 10 : 3);
            for (int i = 0; i < n; i++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> b.ext(0, 8 * (1 + rnd.nextInt(3)));
                    case 1 -> b.ext(43, 8 * (1 + rnd.nextInt(3)));
                    case 2 -> b.ext(60, 8 * (1 + rnd.nextInt(3)));
                    case 3 -> b.ext(51, 4 * (2 + rnd.nextInt(4)));
                    default -> b.frag6(rnd.nextInt(4) == 0 ? rnd.nextInt(100) : 0, rnd.nextBoolean());
                }
            }
        }
        if (rnd.nextInt(20) == 0) b.etherType(new int[]{0x0806, 0x8100, 0x88a8, 0x88cc}[rnd.nextInt(4)]);
        byte[] full = b.build();
        if (rnd.nextInt(5) == 0) {
            return java.util.Arrays.copyOf(full, 14 + rnd.nextInt(full.length - 13));
        }
        return full;
    }
}
