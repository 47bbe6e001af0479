package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The text form's parser; see {@link Policy#parse}. */
final class PolicyParser {
    private record Token(String text, int line, int column) {
        String word() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    private static final String CONDITIONS = "ip4, ip6, tcp, udp, icmp, icmpv6, any, src, dst, sport, dport or flags";
    private static final String FLAG_WORDS = "fin, syn, rst, psh, ack, urg, ece, cwr";

    static final String EMPTY = "the policy is empty: no rule and no default (blanks and comments do not count); "
            + "write 'default allow' to allow everything";

    private final List<Rule> rules = new ArrayList<>();
    private Action defaultAction;
    private boolean countDefault;
    private int defaultLine;

    private PolicyParser() {
    }

    static Policy parse(String text) {
        if (text == null) {
            throw new PolicyException("no policy text");
        }
        List<List<Token>> statements = statements(text);
        if (statements.isEmpty()) {
            // Comments alone used to mean "allow everything" while an empty text was refused
            // by the CLI; neither says what the author meant.
            throw new PolicyException(EMPTY);
        }
        PolicyParser p = new PolicyParser();
        for (List<Token> stmt : statements) {
            p.statement(stmt);
        }
        return new Policy(p.rules, p.defaultAction == null ? Action.ALLOW : p.defaultAction, p.countDefault);
    }

    /** Splits into statements (';' and newlines) of whitespace-separated tokens; '#' starts a comment. */
    private static List<List<Token>> statements(String text) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int line = 1, col = 1;
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '\n' || c == ';') {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                i++;
                if (c == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                col++;
                continue;
            }
            int start = i, startCol = col;
            while (i < n) {
                char d = text.charAt(i);
                if (d == '#' || d == ';' || Character.isWhitespace(d)) {
                    break;
                }
                i++;
                col++;
            }
            cur.add(new Token(text.substring(start, i), line, startCol));
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private PolicyException error(Token at, int rule, String detail) {
        return new PolicyException(at.line(), at.column(), rule, detail);
    }

    private static String got(List<Token> t, int i) {
        return i < t.size() ? "'" + t.get(i).text() + "'" : "the end of the rule";
    }

    private void statement(List<Token> t) {
        int i = 0;
        boolean count = false;
        String w = t.get(0).word();
        int ruleNo = rules.size() + 1;
        if (w.equals("count")) {
            count = true;
            i++;
        }
        w = i < t.size() ? t.get(i).word() : "";
        if (w.equals("default")) {
            defaultStatement(t, i, count);
            return;
        }
        Action action = switch (w) {
            case "allow" -> Action.ALLOW;
            case "deny" -> Action.DENY;
            default -> null;
        };
        if (action == null) {
            Token at = i < t.size() ? t.get(i) : t.get(i - 1);
            throw error(at, ruleNo, (count ? "'count' must be followed by 'allow', 'deny' or 'default'"
                    : "expected 'allow', 'deny', 'count' or 'default'") + ", got " + got(t, i));
        }
        i++;
        Token first = t.get(0);
        Map<String, Token> seen = new HashMap<>();
        Family family = Family.ANY;
        Protocol protocol = Protocol.ANY;
        Cidr src = null, dst = null;
        PortRange sport = null, dport = null;
        TcpFlags flags = null;
        while (i < t.size()) {
            Token tok = t.get(i);
            String k = tok.word();
            String slot = switch (k) {
                case "ip4", "ipv4", "ip6", "ipv6" -> "family";
                case "tcp", "udp", "icmp", "icmpv6", "any" -> "protocol";
                case "src", "dst", "sport", "dport", "flags" -> k;
                default -> null;
            };
            if (slot == null) {
                throw error(tok, ruleNo, "expected " + CONDITIONS + ", got '" + tok.text() + "'");
            }
            Token prev = seen.putIfAbsent(slot, tok);
            if (prev != null) {
                String what = slot.equals("family") ? "an IP version (ip4/ip6)"
                        : slot.equals("protocol") ? "a protocol" : "'" + slot + "'";
                throw error(tok, ruleNo, what + " given twice ('" + prev.text() + "' at column " + prev.column()
                        + ", then '" + tok.text() + "')");
            }
            i++;
            switch (slot) {
                case "family" -> family = k.endsWith("4") ? Family.IP4 : Family.IP6;
                case "protocol" -> protocol = switch (k) {
                    case "tcp" -> Protocol.TCP;
                    case "udp" -> Protocol.UDP;
                    case "icmp" -> Protocol.ICMP;
                    case "icmpv6" -> Protocol.ICMPV6;
                    default -> Protocol.ANY;
                };
                case "src", "dst" -> {
                    if (i >= t.size()) {
                        throw error(tok, ruleNo, "'" + k + "' needs an address or network (a.b.c.d[/len] or an IPv6 "
                                + "address[/len]), got the end of the rule");
                    }
                    Token v = t.get(i++);
                    Cidr c;
                    try {
                        c = Cidr.parse(v.text());
                    } catch (IllegalArgumentException e) {
                        throw error(v, ruleNo, "'" + k + "' needs an address or network: " + e.getMessage());
                    }
                    if (!c.isNetwork()) {
                        throw error(v, ruleNo, "'" + k + "' needs an address or network: " + Rule.hostBits(c));
                    }
                    if (k.equals("src")) {
                        src = c;
                    } else {
                        dst = c;
                    }
                }
                case "sport", "dport" -> {
                    PortRange r = ports(t, i, tok, ruleNo);
                    i++;
                    if (k.equals("sport")) {
                        sport = r;
                    } else {
                        dport = r;
                    }
                }
                default -> { // flags
                    if (i >= t.size()) {
                        throw error(tok, ruleNo, "'flags' needs a comma-separated list of " + FLAG_WORDS
                                + " (! before a flag: must be clear), got the end of the rule");
                    }
                    Token v = t.get(i++);
                    StringBuilder list = new StringBuilder(v.text());
                    while (list.charAt(list.length() - 1) == ',' && i < t.size()) {
                        list.append(t.get(i++).text());
                    }
                    flags = flags(list.toString(), v, ruleNo);
                }
            }
        }
        try {
            rules.add(new Rule(action, count, family, protocol, src, dst, sport, dport, flags));
        } catch (PolicyException e) {
            // Point at the condition the check is about, if it names one.
            Token at = first;
            for (String k : new String[]{"sport", "dport", "flags", "src", "dst"}) {
                if (e.detail().startsWith("'" + k) && seen.containsKey(k)) {
                    at = seen.get(k);
                    break;
                }
            }
            if (at == first && seen.containsKey("protocol")) {
                at = seen.get("protocol");
            }
            throw error(at, ruleNo, e.detail());
        }
    }

    private PortRange ports(List<Token> t, int i, Token key, int ruleNo) {
        String need = "'" + key.word() + "' needs a port or range 1-65535";
        if (i >= t.size()) {
            throw error(key, ruleNo, need + ", got the end of the rule");
        }
        Token v = t.get(i);
        String s = v.text();
        int dash = s.indexOf('-');
        int from = port(dash < 0 ? s : s.substring(0, dash));
        int to = dash < 0 ? from : port(s.substring(dash + 1));
        if (from < 0 || to < 0) {
            throw error(v, ruleNo, need + ", got '" + s + "'");
        }
        if (from > to) {
            throw error(v, ruleNo, "'" + key.word() + " " + s + "' is an empty range (" + from + " > " + to + ")");
        }
        return new PortRange(from, to);
    }

    /** 1..65535, or -1. */
    private static int port(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int v = Integer.parseInt(s);
        return v >= 1 && v <= 65535 ? v : -1;
    }

    private TcpFlags flags(String list, Token at, int ruleNo) {
        Set<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
        Set<TcpFlag> clear = EnumSet.noneOf(TcpFlag.class);
        for (String part : list.split(",", -1)) {
            String p = part.toLowerCase(Locale.ROOT);
            boolean neg = p.startsWith("!");
            String name = neg ? p.substring(1) : p;
            TcpFlag f = null;
            for (TcpFlag c : TcpFlag.values()) {
                if (c.word().equals(name)) {
                    f = c;
                }
            }
            if (f == null) {
                throw error(at, ruleNo, "'flags' needs a comma-separated list of " + FLAG_WORDS
                        + " (! before a flag: must be clear), got '" + (part.isEmpty() ? list : part) + "'");
            }
            if ((neg ? clear : set).contains(f) || (neg ? set : clear).contains(f)) {
                throw error(at, ruleNo, "flag '" + f.word() + "' given twice in '" + list + "'");
            }
            (neg ? clear : set).add(f);
        }
        return new TcpFlags(set, clear);
    }

    private void defaultStatement(List<Token> t, int i, boolean count) {
        Token kw = t.get(i);
        i++;
        if (i < t.size() && t.get(i).word().equals("count")) {
            if (count) {
                throw error(t.get(i), 0, "'count' given twice");
            }
            count = true;
            i++;
        }
        String w = i < t.size() ? t.get(i).word() : "";
        Action a = w.equals("allow") ? Action.ALLOW : w.equals("deny") ? Action.DENY : null;
        if (a == null) {
            throw error(i < t.size() ? t.get(i) : kw, 0, "'default' needs 'allow' or 'deny', got " + got(t, i));
        }
        if (i + 1 < t.size()) {
            throw error(t.get(i + 1), 0, "unexpected '" + t.get(i + 1).text() + "' after 'default " + w
                    + "' (the default takes no conditions)");
        }
        if (defaultAction != null) {
            throw error(kw, 0, "a second 'default' (the first is on line " + defaultLine + ")");
        }
        defaultAction = a;
        countDefault = count;
        defaultLine = kw.line();
    }
}
