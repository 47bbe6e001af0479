package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random policies over the whole language, for the differential fuzzer ({@link DiffFuzz}):
 * every keyword ({@code count}, {@code allow}/{@code deny}, {@code ip4}/{@code ip6}, every
 * protocol, {@code any}, {@code src}/{@code dst} of any prefix length, port ranges up to the
 * edges 1 and 65535, every TCP flag set or clear, {@code [count] default allow|deny}). Addresses
 * are drawn from a small pool of networks so that rules overlap and packets can hit them.
 * Deterministic for a seed.
 */
final class PolicyGrammar {
    private final Random rnd;

    PolicyGrammar(Random rnd) {
        this.rnd = rnd;
    }

    /** Network bases the addresses come from (random prefix lengths are cut from them). */
    private static final String[] V4_BASES = {"10.1.2.3", "10.0.0.0", "192.168.1.7", "172.16.5.4", "0.0.0.0",
            "255.255.255.255", "128.0.0.1", "100.64.0.9"};
    private static final String[] V6_BASES = {"fd00::1", "fd00:0:0:10::2", "2001:db8::7", "::1", "::", "fe80::1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "8000::", "fd00:1234:5678:9abc:def0:1234:5678:9abc"};
    private static final int[] PORTS = {1, 2, 22, 53, 80, 443, 1023, 1024, 2000, 12345, 32768, 65534, 65535};

    Policy policy() {
        if (rnd.nextInt(20) == 0) {
            return cidrRunPolicy();
        }
        int n = switch (rnd.nextInt(100)) {
            case 0, 1, 2, 3, 4 -> 0;
            case 5 -> 1 + rnd.nextInt(Policy.MAX_RULES);
            case 6, 7, 8, 9 -> 1 + rnd.nextInt(64);
            default -> 1 + rnd.nextInt(12);
        };
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rules.add(rnd.nextInt(15) == 0 ? (rnd.nextBoolean() ? Rule.allow() : Rule.deny()).withCount(rnd.nextBoolean())
                    : rule());
        }
        Policy p = new Policy(rules, rnd.nextBoolean() ? Action.ALLOW : Action.DENY, rnd.nextInt(3) == 0);
        // Through the text form, as users write it: the parser is part of what is tested.
        return Policy.parse(p.toString());
    }

    /**
     * A policy with a long run of rules that differ only in one address, which the compiler makes
     * one LPM trie lookup ({@link PolicyCompiler#MIN_LPM_RUN}): a few random rules around it; the
     * prefixes disjoint networks of one length (or of mixed lengths, nested ones among them),
     * sometimes broken by a rule of another action or count, or a prefix overlapping earlier ones.
     */
    Policy cidrRunPolicy() {
        List<Rule> rules = new ArrayList<>();
        int before = rnd.nextInt(4), after = rnd.nextInt(4);
        for (int i = 0; i < before; i++) rules.add(rule());
        int room = Policy.MAX_RULES - before - after;
        int n = Math.min(room, PolicyCompiler.MIN_LPM_RUN - 8 + rnd.nextInt(room - PolicyCompiler.MIN_LPM_RUN + 9));
        Family f = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
        boolean src = rnd.nextBoolean(), count = rnd.nextBoolean(), mixedLengths = rnd.nextInt(4) == 0;
        Action action = rnd.nextBoolean() ? Action.ALLOW : Action.DENY;
        String base = f == Family.IP4 ? V4_BASES[rnd.nextInt(V4_BASES.length)] : V6_BASES[rnd.nextInt(V6_BASES.length)];
        byte[] b = Cidr.parseAddress(base).getAddress();
        int len = f == Family.IP4 ? 24 : 64;
        // At most one rule that ends the run (a third of the policies).
        int breakAt = rnd.nextInt(3) == 0 ? rnd.nextInt(n) : -1;
        for (int k = 0; k < n; k++) {
            int l = mixedLengths ? len - 4 + rnd.nextInt(9) : len;
            byte[] a = b.clone();
            // k in the bytes just before the /len boundary: disjoint /len networks (shorter
            // lengths may nest several of them).
            int at = len / 8 - 1;
            a[at] = (byte) (a[at] + k);
            a[at - 1] = (byte) (a[at - 1] + (k >> 8));
            Cidr c = new Cidr(Cidr.fromBytes(a), l).network();
            Rule r = new Rule(action, count, rnd.nextInt(8) == 0 ? f : Family.ANY, Protocol.ANY,
                    src ? c : null, src ? null : c, null, null, null);
            int breaker = k == breakAt ? rnd.nextInt(3) : -1;
            if (breaker == 0) r = r.withCount(!count);
            else if (breaker == 1) r = new Rule(action == Action.ALLOW ? Action.DENY : Action.ALLOW, count, Family.ANY,
                    Protocol.ANY, r.src(), r.dst(), null, null, null);
            else if (breaker == 2) r = src ? r.withSrc(cidr(f)) : r.withDst(cidr(f));
            rules.add(r);
        }
        for (int i = 0; i < after; i++) rules.add(rule());
        Policy p = new Policy(rules, rnd.nextBoolean() ? Action.ALLOW : Action.DENY, rnd.nextInt(3) == 0);
        return Policy.parse(p.toString());
    }

    Rule rule() {
        Protocol p = switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> Protocol.TCP;
            case 3, 4 -> Protocol.UDP;
            case 5 -> Protocol.ICMP;
            case 6 -> Protocol.ICMPV6;
            default -> Protocol.ANY;
        };
        Family f = p.impliedFamily();
        Family written = Family.ANY;
        if (rnd.nextInt(4) == 0) {
            // ip4/ip6 written, also redundantly next to icmp/icmpv6
            written = f != Family.ANY ? f : rnd.nextBoolean() ? Family.IP4 : Family.IP6;
            f = written;
        }
        Rule r = new Rule(rnd.nextBoolean() ? Action.ALLOW : Action.DENY, rnd.nextInt(3) == 0, written, p, null, null,
                null, null, null);
        if (rnd.nextInt(3) == 0) {
            if (f == Family.ANY) f = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
            r = r.withSrc(cidr(f));
        }
        if (rnd.nextInt(3) == 0) {
            if (f == Family.ANY) f = rnd.nextBoolean() ? Family.IP4 : Family.IP6;
            r = r.withDst(cidr(f));
        }
        if (p.hasPorts()) {
            if (rnd.nextInt(3) == 0) r = r.withSport(ports());
            if (rnd.nextInt(2) == 0) r = r.withDport(ports());
        }
        if (p == Protocol.TCP && rnd.nextInt(3) == 0) {
            Set<TcpFlag> set = EnumSet.noneOf(TcpFlag.class), clear = EnumSet.noneOf(TcpFlag.class);
            for (TcpFlag fl : TcpFlag.values()) {
                int k = rnd.nextInt(fl.bit() <= 0x10 ? 5 : 12);
                if (k == 0) set.add(fl);
                else if (k == 1) clear.add(fl);
            }
            if (set.isEmpty() && clear.isEmpty()) set.add(TcpFlag.values()[rnd.nextInt(8)]);
            r = r.withFlags(new TcpFlags(set, clear));
        }
        return r;
    }

    private Cidr cidr(Family f) {
        String base = f == Family.IP4 ? V4_BASES[rnd.nextInt(V4_BASES.length)] : V6_BASES[rnd.nextInt(V6_BASES.length)];
        int bits = f == Family.IP4 ? 32 : 128;
        int len = switch (rnd.nextInt(6)) {
            case 0 -> bits;
            case 1 -> 0;
            case 2 -> rnd.nextInt(bits + 1);
            default -> f == Family.IP4 ? new int[]{8, 16, 24, 12, 31}[rnd.nextInt(5)]
                    : new int[]{64, 32, 48, 60, 127, 8, 1}[rnd.nextInt(7)];
        };
        return new Cidr(Cidr.parseAddress(base), len).network();
    }

    private PortRange ports() {
        if (rnd.nextInt(12) == 0) {
            return new PortRange(1, 65535); // every nameable port, not port 0
        }
        int a = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(65535) : PORTS[rnd.nextInt(PORTS.length)];
        if (rnd.nextBoolean()) return PortRange.of(a);
        int b = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(65535) : PORTS[rnd.nextInt(PORTS.length)];
        return new PortRange(Math.min(a, b), Math.max(a, b));
    }
}
