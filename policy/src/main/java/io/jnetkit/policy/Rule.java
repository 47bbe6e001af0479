package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.util.Objects;

/**
 * One rule: if a packet matches every condition given, {@link #action()} decides it (first
 * match wins) and, with {@link #count()}, the rule's packet and byte counters go up. A
 * {@code null} condition matches everything.
 *
 * <p>Text form: {@code [count] (allow|deny) [ip4|ip6] [tcp|udp|icmp|icmpv6|any] [src CIDR]
 * [dst CIDR] [sport P|P-Q] [dport P|P-Q] [flags F,!F,...]}; {@link #toString()} prints it in that
 * order. Checked on construction ({@link PolicyException}): ports need {@code tcp} or {@code udp},
 * flags need {@code tcp}, addresses, {@code ip4}/{@code ip6} and {@code icmp}/{@code icmpv6}
 * must agree on the IP version.
 *
 * <p>What matches what (the compiled program and {@link #matches} agree): an IPv4 packet has
 * EtherType 0x0800 and a whole 20-byte header; an IPv6 packet 0x86DD and a whole 40-byte header.
 * Ports and flags are seen only when the transport header is whole (TCP 20 bytes, UDP 8, found at
 * IHL×4 for IPv4, after the extension header chain for IPv6) and the packet is not a non-first
 * fragment. A packet without a transport header (other protocols, non-first fragments) never
 * matches a rule with ports or flags, but still matches rules on protocol and addresses. What
 * cannot be read (a TCP/UDP header cut short, an unparseable IPv6 chain) decides for safety:
 * see {@link #matches}.
 *
 * @param action   allow or deny
 * @param count    whether to count matches (packets and bytes)
 * @param family   ip4, ip6 or ANY (either; implied by addresses and icmp/icmpv6)
 * @param protocol the transport protocol, ANY for every protocol and non-IP packets
 * @param src      source network or null
 * @param dst      destination network or null
 * @param sport    source port range or null
 * @param dport    destination port range or null
 * @param flags    TCP flags condition or null
 */
public record Rule(Action action, boolean count, Family family, Protocol protocol, Cidr src, Cidr dst,
                   PortRange sport, PortRange dport, TcpFlags flags) {
    public Rule {
        Objects.requireNonNull(action, "action");
        family = family == null ? Family.ANY : family;
        protocol = protocol == null ? Protocol.ANY : protocol;
        if (!protocol.hasPorts()) {
            String which = sport != null ? "sport" : dport != null ? "dport" : null;
            if (which != null) {
                throw new PolicyException("'" + which + "' needs 'tcp' or 'udp' in the rule (only TCP and UDP have ports)"
                        + (protocol == Protocol.ANY ? "" : ", not '" + protocol.word() + "'"));
            }
        }
        if (flags != null && protocol != Protocol.TCP) {
            throw new PolicyException("'flags' needs 'tcp' in the rule (only TCP has flags)"
                    + (protocol == Protocol.ANY ? "" : ", not '" + protocol.word() + "'"));
        }
        Family implied = protocol.impliedFamily();
        if (family != Family.ANY && implied != Family.ANY && family != implied) {
            throw new PolicyException("'" + protocol.word() + "' is " + (implied == Family.IP4 ? "IPv4" : "IPv6")
                    + " only, the rule says '" + family.word() + "'");
        }
        Family f = family != Family.ANY ? family : implied;
        String fWhy = family != Family.ANY ? "'" + family.word() + "'" : "'" + protocol.word() + "'";
        for (String which : new String[]{"src", "dst"}) {
            Cidr c = which.equals("src") ? src : dst;
            if (c == null) {
                continue;
            }
            if (!c.isNetwork()) {
                throw new PolicyException("'" + which + "' " + hostBits(c));
            }
            Family cf = Family.of(c.family());
            if (f != Family.ANY && cf != f) {
                throw new PolicyException("'" + which + " " + c.toShortString() + "' is an " + (cf == Family.IP4 ? "IPv4" : "IPv6")
                        + " network but the rule is " + (f == Family.IP4 ? "IPv4" : "IPv6") + " (" + fWhy + ")");
            }
            f = cf;
            fWhy = "'" + which + " " + c.toShortString() + "'";
        }
    }

    /**
     * Why {@code c} is no network: a rule's {@code src}/{@code dst} matches a whole network, so
     * host bits after the prefix are a typo, never a meaning ({@code 10.0.0.1/8}).
     */
    static String hostBits(Cidr c) {
        return c.toShortString() + " has host bits set after the /" + c.prefixLength() + " prefix; did you mean "
                + c.network().toShortString() + "?";
    }

    /** {@code allow} matching everything (add conditions with the {@code with…} methods). */
    public static Rule allow() {
        return new Rule(Action.ALLOW, false, Family.ANY, Protocol.ANY, null, null, null, null, null);
    }

    /** {@code deny} matching everything. */
    public static Rule deny() {
        return new Rule(Action.DENY, false, Family.ANY, Protocol.ANY, null, null, null, null, null);
    }

    /** Parses one rule ({@code deny tcp dport 22}); see {@link Policy#parse}. */
    public static Rule parse(String text) {
        Policy p = PolicyParser.parse(text);
        if (p.rules().size() != 1 || p.defaultAction() != Action.ALLOW || p.countDefault()) {
            throw new PolicyException("expected exactly one rule, got '" + text + "'");
        }
        return p.rules().getFirst();
    }

    public Rule withCount(boolean c) {
        return new Rule(action, c, family, protocol, src, dst, sport, dport, flags);
    }

    public Rule withFamily(Family f) {
        return new Rule(action, count, f, protocol, src, dst, sport, dport, flags);
    }

    public Rule withProtocol(Protocol p) {
        return new Rule(action, count, family, p, src, dst, sport, dport, flags);
    }

    public Rule withSrc(Cidr c) {
        return new Rule(action, count, family, protocol, c, dst, sport, dport, flags);
    }

    public Rule withDst(Cidr c) {
        return new Rule(action, count, family, protocol, src, c, sport, dport, flags);
    }

    public Rule withSport(PortRange r) {
        return new Rule(action, count, family, protocol, src, dst, r, dport, flags);
    }

    public Rule withDport(PortRange r) {
        return new Rule(action, count, family, protocol, src, dst, sport, r, flags);
    }

    public Rule withFlags(TcpFlags f) {
        return new Rule(action, count, family, protocol, src, dst, sport, dport, f);
    }

    /**
     * The IP version this rule can match: {@link #family()} if given, else what the protocol or
     * an address implies, else ANY.
     */
    public Family effectiveFamily() {
        if (family != Family.ANY) {
            return family;
        }
        if (protocol.impliedFamily() != Family.ANY) {
            return protocol.impliedFamily();
        }
        if (src != null) {
            return Family.of(src.family());
        }
        return dst != null ? Family.of(dst.family()) : Family.ANY;
    }

    /** Whether the rule matches every packet, IP or not (no conditions at all). */
    public boolean matchesEverything() {
        return effectiveFamily() == Family.ANY && protocol == Protocol.ANY && needsNothingBeyondProtocol();
    }

    /** Whether the rule has no address, port or flag condition. */
    boolean needsNothingBeyondProtocol() {
        return src == null && dst == null && !needsL4();
    }

    /** Whether the rule reads the transport header (ports or flags). */
    public boolean needsL4() {
        return sport != null || dport != null || flags != null;
    }

    /**
     * Whether every packet this rule matches is also matched by {@code this} (so a later
     * {@code other} can never match when {@code this} comes first).
     */
    public boolean covers(Rule other) {
        Family f = effectiveFamily();
        if (f != Family.ANY && other.effectiveFamily() != f) {
            return false;
        }
        if (protocol != Protocol.ANY && other.protocol != protocol) {
            return false;
        }
        return coversCidr(src, other.src) && coversCidr(dst, other.dst)
                && coversPorts(sport, other.sport) && coversPorts(dport, other.dport)
                && (flags == null || other.flags != null && flags.covers(other.flags));
    }

    private static boolean coversCidr(Cidr a, Cidr b) {
        return a == null || b != null && a.contains(b);
    }

    private static boolean coversPorts(PortRange a, PortRange b) {
        return a == null || b != null && a.contains(b);
    }

    /**
     * Whether a decoded packet matches — the reference semantics the compiled program follows.
     * See the class comment for what "has a transport header" means. A condition on what a
     * packet hides ({@link PacketView#unreadable()}: the protocol of an unparseable IPv6 chain,
     * the ports and flags of a TCP/UDP header that is not whole in the frame) is unknown; a
     * deny rule whose other conditions hold then matches (the packet might be what it denies),
     * an allow rule does not (it might not be what it allows).
     */
    public boolean matches(PacketView p) {
        if (!p.isIp()) {
            // Behind a VLAN tag in the bytes everything is unknown.
            return matchesEverything() || p.unreadable() && action == Action.DENY;
        }
        if (!effectiveFamily().admits(p.family())) {
            return false;
        }
        boolean unknown = false;
        if (protocol != Protocol.ANY) {
            if (p.protocol() < 0) {
                unknown = true;
            } else if (protocol.number() != p.protocol()) {
                return false;
            }
        }
        if (src != null && !src.contains(p.src())) {
            return false;
        }
        if (dst != null && !dst.contains(p.dst())) {
            return false;
        }
        if (needsL4()) {
            if (p.unreadable()) {
                unknown = true;
            } else if (!p.hasL4()) {
                return false;
            } else {
                if (sport != null && !sport.contains(p.sport())) {
                    return false;
                }
                if (dport != null && !dport.contains(p.dport())) {
                    return false;
                }
                if (flags != null && !flags.matches(p.tcpFlags())) {
                    return false;
                }
            }
        }
        return !unknown || action == Action.DENY;
    }

    /** The canonical text, e.g. {@code count deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (count) {
            sb.append("count ");
        }
        sb.append(action.word());
        if (family != Family.ANY) {
            sb.append(' ').append(family.word());
        }
        if (protocol != Protocol.ANY) {
            sb.append(' ').append(protocol.word());
        }
        if (src != null) {
            sb.append(" src ").append(src.toShortString());
        }
        if (dst != null) {
            sb.append(" dst ").append(dst.toShortString());
        }
        if (sport != null) {
            sb.append(" sport ").append(sport);
        }
        if (dport != null) {
            sb.append(" dport ").append(dport);
        }
        if (flags != null) {
            sb.append(" flags ").append(flags);
        }
        if (family == Family.ANY && protocol == Protocol.ANY && src == null && dst == null) {
            sb.append(" any");
        }
        return sb.toString();
    }
}
