package io.jnetkit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of rules — the first that matches decides — and the action for packets no
 * rule matches. The same model as the text form:
 *
 * <pre>
 * # one rule per line or separated by ';'
 * count deny tcp dport 12345
 * deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn,!ack
 * allow icmp
 * default deny            # "count default deny" also counts what reaches the default
 * </pre>
 *
 * <p>{@link #parse(String)} reads the text, {@link #toString()} prints the canonical text
 * ({@code parse(p.toString()).equals(p)}). At most {@link #MAX_RULES} rules.
 *
 * @param rules         the rules in order
 * @param defaultAction what happens to packets no rule matches (allow when the text says nothing)
 * @param countDefault  whether those packets are counted (the last counter)
 */
public record Policy(List<Rule> rules, Action defaultAction, boolean countDefault) {
    /** The most rules a policy may have. */
    public static final int MAX_RULES = 256;

    public Policy {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        Objects.requireNonNull(defaultAction, "defaultAction");
        if (rules.size() > MAX_RULES) {
            throw new PolicyException("a policy has at most " + MAX_RULES + " rules, this one has " + rules.size());
        }
    }

    /** A policy whose default is not counted. */
    public Policy(List<Rule> rules, Action defaultAction) {
        this(rules, defaultAction, false);
    }

    /** Rules with the default allow. */
    public static Policy of(Rule... rules) {
        return new Policy(List.of(rules), Action.ALLOW, false);
    }

    /**
     * Parses the text form: statements separated by {@code ;} or newlines, {@code #} to the end
     * of the line is a comment, keywords in any case.
     *
     * <pre>
     * rule    := [count] (allow|deny) [ip4|ip6] [tcp|udp|icmp|icmpv6|any] [src CIDR] [dst CIDR]
     *            [sport PORTS] [dport PORTS] [flags FLAG{,FLAG}]
     * default := [count] default (allow|deny)    (also: default [count] (allow|deny))
     * CIDR    := a.b.c.d[/len] | ipv6[/len]
     * PORTS   := P | P-Q                         (1..65535)
     * FLAG    := [!](fin|syn|rst|psh|ack|urg|ece|cwr)   (! = must be clear)
     * </pre>
     * Conditions may come in any order, each at most once. A text without any statement (empty,
     * blanks, only comments) is refused: write {@code default allow} to allow everything.
     *
     * @throws PolicyException with the line, column and rule number of the first error
     */
    public static Policy parse(String text) {
        return PolicyParser.parse(text);
    }

    public Policy withDefault(Action action, boolean count) {
        return new Policy(rules, action, count);
    }

    /**
     * Things that are legal but probably not meant: a rule that can never match because an
     * earlier rule matches every packet it would, and a default that is never reached.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (rules.get(j).covers(rules.get(i))) {
                    out.add("rule " + (i + 1) + " (" + rules.get(i) + ") can never match: rule " + (j + 1) + " ("
                            + rules.get(j) + ") matches every packet it would");
                    break;
                }
            }
        }
        for (int j = 0; j < rules.size(); j++) {
            if (rules.get(j).matchesEverything()) {
                out.add("the default (" + defaultText() + ") is never used: rule " + (j + 1) + " (" + rules.get(j)
                        + ") matches every packet");
                break;
            }
        }
        return List.copyOf(out);
    }

    /** The decision for one packet: the matching rule's index (or -1 for the default) and action. */
    public record Decision(int rule, Action action) {
        /** The program's return value. */
        public int verdict() {
            return action.verdict();
        }
    }

    /** What the compiled program decides for this Ethernet frame (see {@link PacketView}). */
    public Decision decide(byte[] frame) {
        return decide(PacketView.of(frame));
    }

    /** What the compiled program decides for this decoded packet. */
    public Decision decide(PacketView p) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(p)) {
                return new Decision(i, rules.get(i).action());
            }
        }
        return new Decision(-1, defaultAction);
    }

    /** {@code default deny}, {@code count default allow}. */
    public String defaultText() {
        return (countDefault ? "count " : "") + "default " + defaultAction.word();
    }

    /**
     * The canonical text: rules joined by {@code "; "}, then the default unless it is a plain
     * {@code default allow}. An empty policy prints as {@code default allow}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : rules) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(r);
        }
        if (defaultAction != Action.ALLOW || countDefault || rules.isEmpty()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(defaultText());
        }
        return sb.toString();
    }
}
