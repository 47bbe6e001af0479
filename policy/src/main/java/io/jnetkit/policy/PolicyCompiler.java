package io.jnetkit.policy;

import io.jnetkit.net.Cidr;
import static io.jnetkit.asm.Reg.*;

import io.jnetkit.asm.Asm;
import io.jnetkit.asm.Cond;
import io.jnetkit.asm.Helper;
import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.Reg;
import io.jnetkit.asm.Size;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compiles a {@link Policy} to a SCHED_CLS program for netkit and tcx hooks, without the
 * kernel. See {@link CompiledPolicy} for what comes out and {@code package-info} for the design.
 *
 * <h2>Shape of the code</h2>
 * The program classifies the frame once — not IP, IPv4 or IPv6 (one bounds check of 34 bytes,
 * one EtherType load) — and then runs, per class, only the rules that can match that class, with
 * every condition that the class already decides removed. Header fields are loaded once into
 * registers (protocol r5, IPv4 addresses r6/r7, ports r8/r9, TCP flags r0; network order, or
 * host order when a rule needs a range), IPv6 address words straight from the packet. Rules up
 * to the first one that needs ports or flags are shared; from there the code forks into one copy
 * per transport protocol with a whole transport header (no protocol checks left) and one for
 * packets without (non-first fragments, truncated, other protocols), where port and flag rules
 * are left out. Each rule is a chain of "if the condition fails, go to the next rule" ending in
 * a jump to its outcome; a rule that always matches in its class ends that class's code. The
 * context pointer stays in r1 for the counter code.
 *
 * <p>A long run of rules that differ only in one address ({@link #MIN_LPM_RUN} or more, see
 * {@link #lpmRuns}) is, in every class where it appears, one {@code bpf_map_lookup_elem} in an
 * LPM trie instead of a chain: the key is built on the stack from the address registers (IPv4)
 * or the packet (IPv6), and the registers the rest of the code reads (context, packet
 * pointers, protocol, TCP flags) are spilled around the call. A hit leads to the run's outcome,
 * counted under the rule index the trie returns.
 *
 * <p>IPv6 walks its extension headers first (a bounded loop, see {@code walk}; a packet without
 * them pays one move), so the protocol in r5 and the transport header at r6 + 54 are those after
 * the chain. Packets whose transport header cannot be read get code of their own: one copy of
 * the rules per transport protocol for a header cut short, one for an unparseable IPv6 chain,
 * and a constant outcome for a VLAN tag in the bytes, each keeping only the deny rules that might
 * match ({@link Rule#matches}).
 *
 * <h2>Verifier cost</h2>
 * The verifier walks every path and prunes a path when its state is one it has checked. What a
 * compare teaches it about a register every rule reads (ports, IPv4 addresses, flags) makes the
 * states at the next rule differ by path, and their number grow with every rule: 64 range rules
 * used to hit the million-instruction limit. So such compares are made on a fresh, unlinked
 * value in r4 ({@code range32}, {@code exact}), and the work stays linear in the program (256
 * rules: a few instructions processed per instruction).
 */
public final class PolicyCompiler {
    /** The program's object name. */
    public static final String PROGRAM_NAME = "jnk_policy";
    /** The counters map's name. */
    public static final String COUNTERS_MAP = "jnk_counters";
    /** The LPM tries' names: this and the run's number, {@code jnk_lpm_0} first. */
    public static final String LPM_MAP_PREFIX = "jnk_lpm_";

    // __sk_buff offsets.
    static final int SKB_LEN = 0;
    static final int SKB_DATA = 76;
    static final int SKB_DATA_END = 80;
    static final int SKB_CB0 = 48;
    static final int SKB_PROTOCOL = 16;
    static final int ETH = 14;

    private PolicyCompiler() {
    }

    /**
     * The fewest consecutive CIDR rules that become one LPM trie lookup ({@link #lpmRuns}). From
     * PolicyBench on 6.18: the compare chain costs ~0.19 ns a rule (256 rules ≈ 49 ns a packet),
     * one BPF_MAP_TYPE_LPM_TRIE lookup ~11–15 ns when nothing matches (it stops at the root) up
     * to ~38 ns for a hit deep in a 256-prefix trie; the two meet at 110–130 rules on the mean
     * of the packets (60–70 for packets that match nothing, 170–190 for the deepest hit). Below
     * 128 the chain is never much slower, and it needs no map.
     */
    public static final int MIN_LPM_RUN = 128;

    /** Compiles the policy. Never touches the kernel. */
    public static CompiledPolicy compile(Policy policy) {
        return compile(policy, MIN_LPM_RUN);
    }

    /**
     * Compiles the policy into compare chains only: no map but the counters. For an ELF object,
     * whose maps a loader ({@code bpftool prog load}, libbpf) creates empty, so an LPM trie in it
     * would match nothing.
     */
    public static CompiledPolicy compileChains(Policy policy) {
        return compile(policy, Integer.MAX_VALUE);
    }

    static CompiledPolicy compile(Policy policy, int minRun) {
        List<CompiledPolicy.LpmTrie> tries = lpmRuns(policy, minRun);
        Instructions p = new Codegen(policy, tries).generate();
        return new CompiledPolicy(policy, p, tries);
    }

    /**
     * The runs of at least {@code minRun} consecutive rules that one LPM trie lookup can decide:
     * each rule's only condition is one address — all on the same side (src or dst), of one
     * family — with the same action and the same {@code count}. Their prefixes must not overlap:
     * then at most one matches a packet, so the longest-prefix match the trie finds is the first
     * match the rules define. Overlapping prefixes (10.0.0.0/8 before 10.1.0.0/16) would make
     * the trie pick the longer one where the rules pick the earlier, so a prefix that overlaps
     * one already in the run ends the run, and the rules left out stay compare chains. The trie's
     * value is the rule's index, for its counter.
     */
    static List<CompiledPolicy.LpmTrie> lpmRuns(Policy policy, int minRun) {
        List<Rule> rules = policy.rules();
        List<CompiledPolicy.LpmTrie> out = new ArrayList<>();
        int i = 0;
        while (i < rules.size()) {
            Cidr first = lpmPrefix(rules.get(i));
            if (first == null) {
                i++;
                continue;
            }
            List<Cidr> prefixes = new ArrayList<>(List.of(first));
            int j = i + 1;
            for (; j < rules.size(); j++) {
                Rule a = rules.get(i), b = rules.get(j);
                Cidr c = lpmPrefix(b);
                if (c == null || b.action() != a.action() || b.count() != a.count() || (b.src() != null) != (a.src() != null)
                        || c.family() != first.family() || overlaps(c, prefixes)) {
                    break;
                }
                prefixes.add(c);
            }
            if (prefixes.size() >= minRun) {
                out.add(new CompiledPolicy.LpmTrie(LPM_MAP_PREFIX + out.size(), i, rules.get(i).src() != null, prefixes));
            }
            i = j;
        }
        return List.copyOf(out);
    }

    /** The rule's one address condition if an LPM trie can hold it (no other condition), else null. */
    private static Cidr lpmPrefix(Rule r) {
        if (r.protocol() != Protocol.ANY || r.sport() != null || r.dport() != null || r.flags() != null
                || (r.src() == null) == (r.dst() == null)) {
            return null;
        }
        Cidr c = r.src() != null ? r.src() : r.dst();
        // A /0 is no condition at all (the rule matches the whole family): the chain ends there.
        return c.prefixLength() == 0 ? null : c;
    }

    private static boolean overlaps(Cidr c, List<Cidr> prefixes) {
        for (Cidr p : prefixes) {
            if (p.contains(c) || c.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Parses and compiles. */
    public static CompiledPolicy compile(String text) {
        return compile(Policy.parse(text));
    }

    // ------------------------------------------------------------------------------------------

    /** What a matching rule (or the default) leads to: an action, and a counter index or -1. */
    record Outcome(Action action, int counter) {
        String label() {
            return counter < 0 ? action.word() : "count_" + counter;
        }
    }

    /** A condition left to test at run time. */
    sealed interface Check {
        record Proto(int number) implements Check {}
        record Addr(boolean src, Cidr cidr) implements Check {}
        record Port(boolean src, PortRange range) implements Check {}
        record Flags(TcpFlags flags) implements Check {}
    }

    /**
     * What the code at some point already knows about the packet: its family, its protocol
     * (-1: checked at run time), whether the transport header is there, and whether the protocol
     * ({@code unkProto}: an unparseable IPv6 chain) or the transport header ({@code unkL4}: a
     * TCP/UDP header not whole in the frame) cannot be known.
     */
    record Ctx(Family family, int proto, boolean l4, boolean unkProto, boolean unkL4) {
        Ctx(Family family, int proto, boolean l4) {
            this(family, proto, l4, false, false);
        }
    }

    /** Per-family layout and register decisions. */
    static final class Fam {
        final Family family;
        final int protoOff, srcOff, dstOff, l4Off;
        /** The transport header is at l4Reg + l4Off (IPv4: r2 moved on by IHL×4; IPv6: r6, moved on by the extension headers). */
        final Reg l4Reg;
        boolean hostSrc, hostDst, hostSport, hostDport;
        /** Whether r5 holds the protocol (loaded at the family's start). */
        boolean protoLoaded;

        Fam(Family f) {
            family = f;
            if (f == Family.IP4) {
                protoOff = ETH + 9;
                srcOff = ETH + 12;
                dstOff = ETH + 16;
                l4Off = ETH; // from r2 after r2 += IHL*4
                l4Reg = R2;
            } else {
                l4Reg = R6;
                protoOff = ETH + 6;
                srcOff = ETH + 8;
                dstOff = ETH + 24;
                l4Off = ETH + 40;
            }
        }
    }

    private static final class Codegen {
        private final Policy policy;
        private final List<Rule> rules;
        private final List<Item> items = new ArrayList<>();
        private final Set<Outcome> used = new LinkedHashSet<>();
        /** The LPM runs by their first rule. */
        private final Map<Integer, CompiledPolicy.LpmTrie> tries = new HashMap<>();
        /** Actions whose counting tail an LPM lookup jumps to (with the rule index it found at r10 - 4). */
        private final Set<Action> trieTails = new LinkedHashSet<>();
        private int seq;

        Codegen(Policy policy, List<CompiledPolicy.LpmTrie> tries) {
            this.policy = policy;
            this.rules = policy.rules();
            for (CompiledPolicy.LpmTrie t : tries) {
                this.tries.put(t.firstRule(), t);
            }
        }

        // ---------------------------------------------------------------- outcomes

        Outcome outcome(int rule) {
            if (rule < 0) {
                return new Outcome(policy.defaultAction(), policy.countDefault() ? rules.size() : -1);
            }
            Rule r = rules.get(rule);
            return new Outcome(r.action(), r.count() ? rule : -1);
        }

        String to(Outcome o) {
            used.add(o);
            return o.label();
        }

        Outcome nonIpOutcome() {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).matchesEverything()) {
                    return outcome(i);
                }
            }
            return outcome(-1);
        }

        /**
         * The conditions rule {@code r} still needs in context {@code c}, or null if it cannot
         * match there.
         */
        static List<Check> residual(Rule r, Ctx c) {
            if (!r.effectiveFamily().admits(c.family())) {
                return null;
            }
            List<Check> out = new ArrayList<>();
            // A condition on what the packet hides: a deny rule matches, an allow rule does not
            // (Rule#matches).
            boolean unknown = false;
            if (r.protocol() != Protocol.ANY) {
                if (c.unkProto()) {
                    unknown = true;
                } else if (c.proto() >= 0) {
                    if (c.proto() != r.protocol().number()) {
                        return null;
                    }
                } else {
                    out.add(new Check.Proto(r.protocol().number()));
                }
            }
            if (r.needsL4()) {
                if (c.unkL4()) {
                    unknown = true;
                } else if (!c.l4()) {
                    return null;
                }
            }
            if (unknown && r.action() != Action.DENY) {
                return null;
            }
            if (r.src() != null && r.src().prefixLength() > 0) {
                out.add(new Check.Addr(true, r.src()));
            }
            if (r.dst() != null && r.dst().prefixLength() > 0) {
                out.add(new Check.Addr(false, r.dst()));
            }
            if (!unknown) {
                // 1-65535 is checked too: it leaves out port 0, which a packet can carry.
                if (r.sport() != null) {
                    out.add(new Check.Port(true, r.sport()));
                }
                if (r.dport() != null) {
                    out.add(new Check.Port(false, r.dport()));
                }
                if (r.flags() != null) {
                    out.add(new Check.Flags(r.flags()));
                }
            }
            return out;
        }

        /** Whether the family needs code of its own (it may decide differently from a non-IP frame). */
        boolean familyNeeded(Family f, Outcome nonIp) {
            Ctx any = new Ctx(f, -1, true);
            for (int i = 0; i < rules.size(); i++) {
                List<Check> res = residual(rules.get(i), any);
                if (res == null) {
                    continue;
                }
                return !(res.isEmpty() && outcome(i).equals(nonIp));
            }
            return !outcome(-1).equals(nonIp);
        }

        // ---------------------------------------------------------------- generation

        Instructions generate() {
            Outcome nonIp = nonIpOutcome();
            Outcome tagged = taggedOutcome();
            boolean v4 = familyNeeded(Family.IP4, nonIp);
            boolean v6 = familyNeeded(Family.IP6, nonIp);
            if (!v4 && !v6 && !tagged.equals(nonIp)) {
                // Tagged frames are decided apart from non-IP ones ('allow ip4; deny ip4 tcp'
                // drops them), and that check sits behind the IP paths: keep the IPv4 one
                // (correct, merely not needed). Without it such frames were let through.
                v4 = true;
            }
            if (!v4 && !v6) {
                ja(to(nonIp));
            } else {
                String nonIpLabel = to(nonIp);
                // Frames with a VLAN tag in their bytes, when they are decided apart: the
                // tag's check only off the IP paths.
                String otherLabel = tagged.equals(nonIp) ? nonIpLabel : fresh("other");
                String shortLabel = tagged.equals(nonIp) ? nonIpLabel : fresh("short");
                op(a -> a.loadMem(Size.W, R2, R1, SKB_DATA));
                op(a -> a.loadMem(Size.W, R3, R1, SKB_DATA_END));
                int min = ETH + (v4 ? 20 : 40);
                bounds(R2, min, shortLabel);
                op(a -> a.loadMem(Size.H, R4, R2, 12));
                String mismatchLabel = fresh("mismatch");
                if (!tagged.equals(nonIp)) {
                    // The receiving stack goes by skb->protocol, not by these bytes.
                    op(a -> a.loadMem(Size.W, R5, R1, SKB_PROTOCOL));
                    jmp(Cond.NE, R4, R5, mismatchLabel);
                }
                String v6Label = fresh("ip6");
                if (v4 && v6) {
                    jmp32(Cond.EQ, R4, 0xdd86, v6Label);
                }
                if (v4) {
                    jmp32(Cond.NE, R4, 0x0008, otherLabel);
                    family(new Fam(Family.IP4), null);
                } else {
                    jmp32(Cond.NE, R4, 0xdd86, otherLabel);
                }
                if (v6) {
                    label(v6Label);
                    family(new Fam(Family.IP6), min >= ETH + 40 ? null : nonIp);
                }
                if (!tagged.equals(nonIp)) {
                    String taggedLabel = to(tagged);
                    label(shortLabel);
                    bounds(R2, ETH + 20, nonIpLabel);
                    op(a -> a.loadMem(Size.H, R4, R2, 12));
                    op(a -> a.loadMem(Size.W, R5, R1, SKB_PROTOCOL));
                    jmp(Cond.EQ, R4, R5, otherLabel);
                    // EtherType and skb->protocol differ: hidden if either says IP.
                    label(mismatchLabel);
                    for (Reg r : new Reg[]{R4, R5}) {
                        jmp32(Cond.EQ, r, 0x0008, taggedLabel);
                        jmp32(Cond.EQ, r, 0xdd86, taggedLabel);
                    }
                    label(otherLabel);
                    String check = fresh("tag");
                    jmp32(Cond.EQ, R4, 0x0081, check);
                    jmp32(Cond.NE, R4, 0xa888, nonIpLabel);
                    label(check);
                    bounds(R2, PacketView.TAGGED_MIN, nonIpLabel);
                    ja(taggedLabel);
                }
            }
            tails();
            return Peephole.build(items);
        }

        /**
         * The outcome for a frame with an 802.1Q/802.1ad tag in its bytes: the IP packet behind
         * it is not read, so any deny rule might match it (and only unconditional allow rules
         * surely do).
         */
        Outcome taggedOutcome() {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).action() == Action.DENY || rules.get(i).matchesEverything()) {
                    return outcome(i);
                }
            }
            return outcome(-1);
        }

        /**
         * Code for one IP family: r2 = data, r3 = data_end. The fixed IP header is in bounds, or,
         * if {@code shortOutcome} is not null, still to be checked (and leads there if short).
         */
        void family(Fam f, Outcome shortOutcome) {
            List<Integer> all = new ArrayList<>();
            Ctx any = new Ctx(f.family, -1, true);
            for (int i = 0; i < rules.size(); i++) {
                List<Check> res = residual(rules.get(i), any);
                if (res != null) {
                    all.add(i);
                    if (res.isEmpty()) {
                        // Matches every packet of the family (no protocol, port, flag or address
                        // condition): the rules after it are dead here, and their code (a
                        // transport protocol's block only they need) is left out. Such dead
                        // blocks made the x86 JIT fail on 6.18 (ENOTSUPP, "bpf_jit: fatal error").
                        break;
                    }
                }
            }
            int split = 0;
            while (split < all.size() && !rules.get(all.get(split)).needsL4()) {
                split++;
            }
            List<Integer> prefix = all.subList(0, split);
            List<Integer> suffix = all.subList(split, all.size());
            List<Protocol> l4Protos = new ArrayList<>();
            for (int i : suffix) {
                Rule r = rules.get(i);
                if (r.needsL4() && !l4Protos.contains(r.protocol())) {
                    l4Protos.add(r.protocol());
                }
            }
            l4Protos.sort(null); // TCP before UDP

            // Which fields, in which byte order.
            Ctx noL4 = new Ctx(f.family, -1, false);
            Ctx unkL4 = new Ctx(f.family, -1, false, false, true);
            Ctx unkProto = new Ctx(f.family, -1, false, true, true);
            Set<String> fields = new HashSet<>();
            List<Ctx> ctxs = new ArrayList<>(List.of(noL4, unkL4, unkProto));
            for (Protocol p : l4Protos) {
                ctxs.add(new Ctx(f.family, p.number(), true));
            }
            for (Ctx c : ctxs) {
                for (int i : all) {
                    List<Check> res = residual(rules.get(i), c);
                    if (res == null) {
                        continue;
                    }
                    for (Check k : res) {
                        switch (k) {
                            case Check.Proto p -> fields.add("proto");
                            case Check.Addr ad -> {
                                fields.add(ad.src() ? "src" : "dst");
                                int len = ad.cidr().prefixLength();
                                if (len < 32) {
                                    if (ad.src()) f.hostSrc = true;
                                    else f.hostDst = true;
                                }
                            }
                            case Check.Port pt -> {
                                if (!pt.range().single()) {
                                    if (pt.src()) f.hostSport = true;
                                    else f.hostDport = true;
                                }
                            }
                            case Check.Flags fl -> { }
                        }
                    }
                }
            }
            if (shortOutcome != null) {
                bounds(R2, ETH + 40, to(shortOutcome));
            }
            boolean needProto = fields.contains("proto") || !l4Protos.isEmpty();
            f.protoLoaded = needProto;
            if (needProto) {
                op(a -> a.loadMem(Size.B, R5, R2, f.protoOff));
            }
            if (f.family == Family.IP4) {
                if (fields.contains("src")) {
                    op(a -> a.loadMem(Size.W, R6, R2, f.srcOff));
                    if (f.hostSrc) op(a -> a.be(R6, 32));
                }
                if (fields.contains("dst")) {
                    op(a -> a.loadMem(Size.W, R7, R2, f.dstOff));
                    if (f.hostDst) op(a -> a.be(R7, 32));
                }
            }
            String noL4Label = fresh("nol4");
            String unkL4Label = fresh("unkl4");
            Map<Integer, String> protoLabels = new java.util.LinkedHashMap<>();
            for (Protocol p : l4Protos) {
                protoLabels.put(p.number(), fresh(p.word()));
            }
            String nonFirstLabel = null, unkProtoLabel = null;
            if (f.family == Family.IP6 && needProto) {
                nonFirstLabel = fresh("nonfirst");
                unkProtoLabel = fresh("unparseable");
                walk(prefix.isEmpty() ? protoLabels : Map.of(), nonFirstLabel, unkProtoLabel);
            }
            if (rulesFor(prefix, noL4, f)) {
                // A prefix rule always matches: nothing after it.
            } else if (suffix.isEmpty()) {
                ja(to(outcome(-1)));
            } else {
                if (f.family == Family.IP4) {
                    String prep = fresh("l4");
                    if (l4Protos.size() == 1) {
                        jmp32(Cond.NE, R5, l4Protos.getFirst().number(), noL4Label);
                    } else {
                        jmp32(Cond.EQ, R5, 6, prep);
                        jmp32(Cond.NE, R5, 17, noL4Label);
                    }
                    label(prep);
                    // Non-first fragment: no transport header. frag_off & 0x1fff, read little-endian.
                    op(a -> a.loadMem(Size.H, R4, R2, ETH + 6));
                    jmp32(Cond.SET, R4, 0xff1f, noL4Label);
                    op(a -> a.loadMem(Size.B, R4, R2, ETH));
                    op(a -> a.andImm(R4, 15));
                    op(a -> a.lshImm(R4, 2));
                    // IHL < 5: the transport header cannot be found.
                    jmp(Cond.LT, R4, 20, unkL4Label);
                    op(a -> a.add(R2, R4));
                    if (l4Protos.size() == 2) {
                        jmp32(Cond.EQ, R5, 17, protoLabels.get(17));
                    }
                } else if (l4Protos.size() == 1) {
                    jmp32(Cond.NE, R5, l4Protos.getFirst().number(), noL4Label);
                } else {
                    jmp32(Cond.EQ, R5, 17, protoLabels.get(17));
                    jmp32(Cond.NE, R5, 6, noL4Label);
                }
                for (Protocol p : l4Protos) {
                    label(protoLabels.get(p.number()));
                    Ctx c = new Ctx(f.family, p.number(), true);
                    String unkP = fresh("unkl4_" + p.word());
                    bounds(f.l4Reg, f.l4Off + (p == Protocol.TCP ? 20 : 8), unkP);
                    boolean sport = false, dport = false, flags = false;
                    for (int i : suffix) {
                        List<Check> res = residual(rules.get(i), c);
                        if (res == null) continue;
                        for (Check k : res) {
                            if (k instanceof Check.Port pt) {
                                if (pt.src()) sport = true;
                                else dport = true;
                            } else if (k instanceof Check.Flags) {
                                flags = true;
                            }
                        }
                    }
                    if (sport) {
                        op(a -> a.loadMem(Size.H, R8, f.l4Reg, f.l4Off));
                        if (f.hostSport) op(a -> a.be(R8, 16));
                    }
                    if (dport) {
                        op(a -> a.loadMem(Size.H, R9, f.l4Reg, f.l4Off + 2));
                        if (f.hostDport) op(a -> a.be(R9, 16));
                    }
                    if (flags) {
                        op(a -> a.loadMem(Size.B, R0, f.l4Reg, f.l4Off + 13));
                    }
                    if (!rulesFor(suffix, c, f)) {
                        ja(to(outcome(-1)));
                    }
                    // The header is not whole in the frame: ports and flags unknown.
                    label(unkP);
                    if (!rulesFor(suffix, new Ctx(f.family, p.number(), false, false, true), f)) {
                        ja(to(outcome(-1)));
                    }
                }
                label(noL4Label);
                if (!rulesFor(suffix, noL4, f)) {
                    ja(to(outcome(-1)));
                }
                if (f.family == Family.IP4) {
                    label(unkL4Label);
                    if (!rulesFor(suffix, unkL4, f)) {
                        ja(to(outcome(-1)));
                    }
                }
            }
            if (nonFirstLabel != null) {
                // A non-first IPv6 fragment: the prefix rules again, then those without ports.
                label(nonFirstLabel);
                if (!rulesFor(prefix, noL4, f)) {
                    if (suffix.isEmpty()) {
                        ja(to(outcome(-1)));
                    } else {
                        ja(noL4Label);
                    }
                }
                label(unkProtoLabel);
                if (!rulesFor(all, unkProto, f)) {
                    ja(to(outcome(-1)));
                }
            }
        }

        /** Bit n set for each walked IPv6 extension header number n (all below 64). */
        static final long EXT_MASK = 1L << 0 | 1L << 43 | 1L << 44 | 1L << 51 | 1L << 60;

        /**
         * The IPv6 extension header walk, a loop of at most {@link PacketView#MAX_EXT_HEADERS}
         * rounds: r5 is the fixed header's Next Header. Falls through with r5 = the protocol and
         * r6 + 54 = the transport header; a non-first fragment goes to {@code nonFirst} (r5 = its
         * Next Header), an unparseable chain to {@code unparseable}. {@code direct} maps
         * protocols to where a packet without extension headers goes at once (the common path:
         * one move and a compare).
         *
         * <p>r7 counts the bytes of extension headers, r0 the headers. After each header r7 makes
         * a round trip through {@code skb->cb[0]} (restored at once): the verifier cannot know
         * what it reads back, so every path reaches the loop head in the same state and each
         * round is checked once, instead of once per combination of header kinds and lengths.
         * The extension numbers are tested with a bit mask, not compares, for the same reason (a
         * taken {@code ==} would make r5 a different constant on each path).
         */
        void walk(Map<Integer, String> direct, String nonFirst, String unparseable) {
            String done = fresh("walked"), doneExt = fresh("walked_ext"), first = fresh("ext"),
                    loop = fresh("ext_loop"), frag = fresh("frag"), next = fresh("ext_next"), more = fresh("ext_more");
            op(a -> a.mov(R6, R2));
            for (var e : direct.entrySet()) {
                jmp32(Cond.EQ, R5, e.getKey(), e.getValue());
            }
            isExtension(done, first);
            label(first);
            op(a -> a.movImm(R7, 0));
            op(a -> a.movImm(R0, 0));
            label(loop);
            // r4 = the header; it must be whole (8 bytes at least) in the packet.
            op(a -> a.mov(R4, R2));
            op(a -> a.add(R4, R7));
            op(a -> a.mov(R6, R4));
            op(a -> a.addImm(R6, ETH + 40 + 8));
            jmp(Cond.GT, R6, R3, unparseable);
            jmp32(Cond.EQ, R5, 44, frag);
            // Hop-by-hop, routing, destination options: (len + 1) * 8; AH: (len + 2) * 4.
            op(a -> a.loadMem(Size.B, R6, R4, ETH + 40 + 1));
            op(a -> a.addImm(R6, 1));
            op(a -> a.lshImm(R6, 3));
            jmp32(Cond.NE, R5, 51, next);
            op(a -> a.rshImm(R6, 1));
            op(a -> a.addImm(R6, 4));
            ja(next);
            label(frag);
            // Fragment offset (13 bits) ≠ 0: a non-first fragment; read little-endian.
            op(a -> a.loadMem(Size.B, R5, R4, ETH + 40));
            op(a -> a.loadMem(Size.H, R6, R4, ETH + 40 + 2));
            jmp32(Cond.SET, R6, 0xf8ff, nonFirst);
            op(a -> a.movImm(R6, 8));
            label(next);
            op(a -> a.loadMem(Size.B, R5, R4, ETH + 40));
            op(a -> a.add(R7, R6));
            op(a -> a.loadMem(Size.W, R8, R1, SKB_CB0));
            op(a -> a.storeMem(Size.W, R1, SKB_CB0, R7));
            op(a -> a.loadMem(Size.W, R7, R1, SKB_CB0));
            op(a -> a.storeMem(Size.W, R1, SKB_CB0, R8));
            jmp(Cond.GT, R7, PacketView.MAX_EXT_BYTES, unparseable);
            op(a -> a.addImm(R0, 1));
            isExtension(doneExt, more);
            label(more);
            jmp(Cond.LT, R0, PacketView.MAX_EXT_HEADERS, loop);
            ja(unparseable);
            label(doneExt);
            op(a -> a.mov(R6, R2));
            op(a -> a.add(R6, R7));
            label(done);
        }

        /** if r5 is a walked extension header goto {@code yes} else goto {@code no}; r8 scratch. */
        void isExtension(String no, String yes) {
            jmp32(Cond.GT, R5, 60, no);
            op(a -> a.ldImm64(R8, EXT_MASK));
            op(a -> a.rsh(R8, R5));
            jmp(Cond.SET, R8, 1, yes);
            ja(no);
        }

        /** Emits the rules that can match in {@code c}; true if one always matches (code ends). */
        boolean rulesFor(List<Integer> idx, Ctx c, Fam f) {
            for (int pos = 0; pos < idx.size(); pos++) {
                int i = idx.get(pos);
                List<Check> res = residual(rules.get(i), c);
                if (res == null) {
                    continue;
                }
                CompiledPolicy.LpmTrie trie = tries.get(i);
                int end = pos + (trie == null ? 0 : trie.prefixes().size());
                if (trie != null && end <= idx.size() && idx.get(end - 1) == i + trie.prefixes().size() - 1) {
                    // The run's rules all have this one address condition in every context:
                    // no protocol, port or flag that could be unknown.
                    lookup(trie, f, flagsLive(idx.subList(end, idx.size()), c));
                    pos = end - 1;
                    continue;
                }
                String target = to(outcome(i));
                if (res.isEmpty()) {
                    ja(target);
                    return true;
                }
                String next = fresh("r" + (i + 1) + "_next");
                for (int k = 0; k < res.size(); k++) {
                    check(res.get(k), f, next, k == res.size() - 1 ? target : null);
                }
                label(next);
            }
            return false;
        }

        /** Whether a rule of {@code idx} tests the TCP flags in r0 in context {@code c}. */
        boolean flagsLive(List<Integer> idx, Ctx c) {
            for (int i : idx) {
                List<Check> res = residual(rules.get(i), c);
                if (res != null && res.stream().anyMatch(k -> k instanceof Check.Flags)) {
                    return true;
                }
            }
            return false;
        }

        /** Stack slots: the trie key (up to 20 bytes), then the registers kept across the lookup. */
        static final int KEY = -32, SAVE_R1 = -40, SAVE_R2 = -48, SAVE_R3 = -56, SAVE_R5 = -64, SAVE_R0 = -72;

        /**
         * One LPM trie lookup for a run of rules: key {u32 prefixlen, address} on the stack;
         * a hit goes to the run's outcome (counted under the rule index the trie holds), a miss
         * falls through to the rules after the run. The helper call clobbers r0–r5, so the ones
         * the code after may read (context, packet pointers, protocol, TCP flags) are spilled and
         * filled: the verifier keeps a spilled register's type and bounds.
         */
        void lookup(CompiledPolicy.LpmTrie t, Fam f, boolean saveFlags) {
            op(a -> a.storeMem(Size.DW, R10, SAVE_R1, R1));
            op(a -> a.storeMem(Size.DW, R10, SAVE_R2, R2));
            op(a -> a.storeMem(Size.DW, R10, SAVE_R3, R3));
            if (f.protoLoaded) op(a -> a.storeMem(Size.DW, R10, SAVE_R5, R5));
            if (saveFlags) op(a -> a.storeMem(Size.DW, R10, SAVE_R0, R0));
            if (f.family == Family.IP4) {
                op(a -> a.storeImm(Size.W, R10, KEY, 32));
                // The address registers; r2 may have moved on to the transport header.
                Reg reg = t.src() ? R6 : R7;
                if (t.src() ? f.hostSrc : f.hostDst) {
                    op(a -> a.mov32(R4, reg));
                    op(a -> a.be(R4, 32)); // back to network order, as in the key
                    op(a -> a.storeMem(Size.W, R10, KEY + 4, R4));
                } else {
                    op(a -> a.storeMem(Size.W, R10, KEY + 4, reg));
                }
            } else {
                op(a -> a.storeImm(Size.W, R10, KEY, 128));
                int base = t.src() ? f.srcOff : f.dstOff;
                for (int w = 0; w < 4; w++) {
                    int off = 4 * w;
                    op(a -> a.loadMem(Size.W, R4, R2, base + off));
                    op(a -> a.storeMem(Size.W, R10, KEY + 4 + off, R4));
                }
            }
            op(a -> a.ldMapFd(R1, t.name()));
            op(a -> a.mov(R2, R10));
            op(a -> a.addImm(R2, KEY));
            op(a -> a.call(Helper.MAP_LOOKUP_ELEM));
            String miss = fresh("lpm_miss");
            jmp(Cond.EQ, R0, 0, miss);
            Action act = rules.get(t.firstRule()).action();
            if (rules.get(t.firstRule()).count()) {
                op(a -> a.loadMem(Size.W, R4, R0, 0));
                op(a -> a.storeMem(Size.W, R10, -4, R4));
                op(a -> a.loadMem(Size.DW, R1, R10, SAVE_R1));
                trieTails.add(act);
                ja("count_" + act.word());
            } else {
                ja(to(new Outcome(act, -1)));
            }
            label(miss);
            op(a -> a.loadMem(Size.DW, R1, R10, SAVE_R1));
            op(a -> a.loadMem(Size.DW, R2, R10, SAVE_R2));
            op(a -> a.loadMem(Size.DW, R3, R10, SAVE_R3));
            if (f.protoLoaded) op(a -> a.loadMem(Size.DW, R5, R10, SAVE_R5));
            if (saveFlags) op(a -> a.loadMem(Size.DW, R0, R10, SAVE_R0));
        }

        /**
         * Emits one condition: jumps to {@code next} when it fails; if {@code pass} is not null
         * (the rule's last condition) jumps to {@code pass} when it holds and falls through
         * (to {@code next}) when not.
         */
        void check(Check k, Fam f, String next, String pass) {
            switch (k) {
                case Check.Proto p -> test32(R5, p.number(), next, pass);
                case Check.Addr ad -> {
                    byte[] b = ad.cidr().bytes();
                    byte[] m = ad.cidr().maskBytes();
                    if (f.family == Family.IP4) {
                        Reg reg = ad.src() ? R6 : R7;
                        boolean host = ad.src() ? f.hostSrc : f.hostDst;
                        if (!host) { // only /32 rules use this field
                            exact(reg, le32(b, 0), next, pass);
                        } else {
                            long lo = be32(b, 0) & 0xffffffffL;
                            long hi = lo | (~be32(m, 0) & 0xffffffffL);
                            range32(reg, lo, hi, 0xffffffffL, next, pass);
                        }
                    } else {
                        int base = ad.src() ? f.srcOff : f.dstOff;
                        int len = ad.cidr().prefixLength();
                        int words = (len + 31) / 32;
                        for (int w = 0; w < words; w++) {
                            int off = base + 4 * w;
                            op(a -> a.loadMem(Size.W, R4, R2, off));
                            int mask = le32(m, 4 * w);
                            if (mask != -1) {
                                op(a -> a.andImm32(R4, mask));
                            }
                            test32(R4, le32(b, 4 * w), next, w == words - 1 ? pass : null);
                        }
                    }
                }
                case Check.Port pt -> {
                    Reg reg = pt.src() ? R8 : R9;
                    boolean host = pt.src() ? f.hostSport : f.hostDport;
                    PortRange r = pt.range();
                    if (!host) {
                        exact(reg, Integer.reverseBytes(r.from()) >>> 16, next, pass);
                    } else {
                        range32(reg, r.from(), r.to(), 0xffff, next, pass);
                    }
                }
                case Check.Flags fl -> {
                    // On a copy, unlinked by the and: see range32.
                    TcpFlags t = fl.flags();
                    int mask = t.mask(), value = t.value();
                    op(a -> a.mov32(R4, R0));
                    op(a -> a.andImm32(R4, mask));
                    test32(R4, value, next, pass);
                }
            }
        }

        /**
         * reg == value for a register every rule may read (addresses, ports). As a rule's last
         * condition a plain {@code if reg == value goto pass}; before that on a copy, as in
         * {@link #range32}: else the path where it held would carry "reg is value" to the next
         * rule when a later condition fails, one more state to check per rule.
         */
        void exact(Reg reg, int value, String next, String pass) {
            if (pass != null) {
                test32(reg, value, next, pass);
                return;
            }
            op(a -> a.movImm32(R4, -value));
            op(a -> a.add32(R4, reg));
            jmp32(Cond.NE, R4, 0, next);
        }

        void test32(Reg reg, int value, String next, String pass) {
            if (pass == null) {
                jmp32(Cond.NE, reg, value, next);
            } else {
                jmp32(Cond.EQ, reg, value, pass);
            }
        }

        /**
         * lo ≤ reg ≤ hi (unsigned, reg ≤ max), as one unsigned compare of {@code reg - lo} in
         * r4. The compare is on a copy so that the verifier learns nothing about {@code reg}:
         * what it learns (reg below 1000 on this path, above 2000 on that one) makes the states
         * at the next rule differ and be checked once per combination of earlier outcomes —
         * exponential in the rule count. r4 = -lo + reg, not a copy of reg: the verifier links
         * a copy (and a copy plus a constant) to its source and hands what it learns on to it.
         */
        void range32(Reg reg, long lo, long hi, long max, String next, String pass) {
            if (lo == hi) {
                exact(reg, (int) lo, next, pass);
                return;
            }
            if (lo == 0 && hi == max) {
                if (pass != null) ja(pass);
                return;
            }
            op(a -> a.movImm32(R4, (int) -lo));
            op(a -> a.add32(R4, reg));
            if (pass == null) {
                jmp32(Cond.GT, R4, (int) (hi - lo), next);
            } else {
                jmp32(Cond.LE, R4, (int) (hi - lo), pass);
            }
        }

        static int le32(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
        }

        static int be32(byte[] b, int at) {
            return Integer.reverseBytes(le32(b, at));
        }

        /** if (base + n > data_end) goto fail, with r4 as scratch. */
        void bounds(Reg base, int n, String fail) {
            op(a -> a.mov(R4, base));
            op(a -> a.addImm(R4, n));
            jmp(Cond.GT, R4, R3, fail);
        }

        /** Outcome code: verdict returns, counter stubs and counting tails. */
        void tails() {
            Set<Action> tailsNeeded = new LinkedHashSet<>();
            for (Outcome o : List.copyOf(used)) {
                if (o.counter() >= 0) {
                    label(o.label());
                    int idx = o.counter();
                    op(a -> a.storeImm(Size.W, R10, -4, idx));
                    ja("count_" + o.action().word());
                    tailsNeeded.add(o.action());
                }
            }
            tailsNeeded.addAll(trieTails);
            for (Action act : tailsNeeded) {
                used.add(new Outcome(act, -1));
                label("count_" + act.word());
                // r1 is still the context: nothing above writes it but an LPM lookup, which
                // restores it.
                op(a -> a.loadMem(Size.W, R6, R1, SKB_LEN));
                op(a -> a.mov(R2, R10));
                op(a -> a.addImm(R2, -4));
                op(a -> a.ldMapFd(R1, COUNTERS_MAP));
                op(a -> a.call(Helper.MAP_LOOKUP_ELEM));
                jmp(Cond.EQ, R0, 0, act.word());
                op(a -> a.movImm(R1, 1));
                op(a -> a.atomicAdd(Size.DW, R0, 0, R1));
                op(a -> a.atomicAdd(Size.DW, R0, 8, R6));
                ja(act.word());
            }
            for (Action act : Action.values()) {
                if (used.contains(new Outcome(act, -1))) {
                    label(act.word());
                    items.add(new Item.Ret(act.verdict()));
                }
            }
        }

        // ---------------------------------------------------------------- items

        String fresh(String base) {
            return base + "_" + (seq++);
        }

        void op(Consumer<Asm> c) {
            items.add(new Item.Op(c));
        }

        void label(String name) {
            items.add(new Item.Label(name));
        }

        void ja(String target) {
            items.add(new Item.Jump(null, false, null, 0, null, target));
        }

        void jmp32(Cond c, Reg r, int imm, String target) {
            items.add(new Item.Jump(c, true, r, imm, null, target));
        }

        void jmp(Cond c, Reg r, int imm, String target) {
            items.add(new Item.Jump(c, false, r, imm, null, target));
        }

        void jmp(Cond c, Reg r, Reg src, String target) {
            items.add(new Item.Jump(c, false, r, 0, src, target));
        }
    }

    /** The code before label resolution. */
    sealed interface Item {
        record Label(String name) implements Item {}

        record Op(Consumer<Asm> emit) implements Item {}

        /** {@code r0 = verdict; exit}. */
        record Ret(int verdict) implements Item {}

        /** A jump; {@code cond} null for an unconditional one. */
        record Jump(Cond cond, boolean jmp32, Reg dst, int imm, Reg src, String target) implements Item {
            Jump retarget(String t) {
                return new Jump(cond, jmp32, dst, imm, src, t);
            }

            void emit(Asm a) {
                if (cond == null) {
                    a.ja(target);
                } else if (src != null) {
                    if (jmp32) a.jmp32(cond, dst, src, target);
                    else a.jmp(cond, dst, src, target);
                } else if (jmp32) {
                    a.jmpImm32(cond, dst, imm, target);
                } else {
                    a.jmpImm(cond, dst, imm, target);
                }
            }
        }
    }

    /** Jump threading, removal of jumps to the next instruction and of unreachable code. */
    static final class Peephole {
        static Instructions build(List<Item> in) {
            List<Item> items = new ArrayList<>(in);
            boolean changed = true;
            while (changed) {
                changed = false;
                // Where each label leads: the first item after it that is not a label.
                Map<String, Integer> at = new HashMap<>();
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Item.Label l) {
                        at.put(l.name(), i);
                    }
                }
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Item.Jump j) {
                        String t = j.target();
                        Set<String> seen = new HashSet<>();
                        while (seen.add(t)) {
                            int k = at.get(t);
                            while (k < items.size() && items.get(k) instanceof Item.Label) k++;
                            if (k < items.size() && items.get(k) instanceof Item.Jump n && n.cond() == null) {
                                t = n.target();
                            } else {
                                break;
                            }
                        }
                        if (!t.equals(j.target())) {
                            items.set(i, j.retarget(t));
                            changed = true;
                        }
                    }
                }
                // Jumps to the very next instruction.
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Item.Jump j) {
                        int k = i + 1;
                        boolean next = false;
                        while (k < items.size() && items.get(k) instanceof Item.Label l) {
                            if (l.name().equals(j.target())) next = true;
                            k++;
                        }
                        if (next) {
                            items.remove(i);
                            i--;
                            changed = true;
                        }
                    }
                }
                changed |= moveReturns(items);
                // Unreferenced labels, then code after an unconditional jump or exit up to a label.
                Set<String> refs = new HashSet<>();
                for (Item it : items) {
                    if (it instanceof Item.Jump j) refs.add(j.target());
                }
                changed |= items.removeIf(it -> it instanceof Item.Label l && !refs.contains(l.name()));
                boolean dead = false;
                for (int i = 0; i < items.size(); i++) {
                    Item it = items.get(i);
                    if (it instanceof Item.Label) {
                        dead = false;
                    } else if (dead) {
                        items.remove(i--);
                        changed = true;
                    } else if (ends(it)) {
                        dead = true;
                    }
                }
            }
            Asm a = Asm.program();
            for (Item it : items) {
                switch (it) {
                    case Item.Label l -> a.label(l.name());
                    case Item.Op o -> o.emit().accept(a);
                    case Item.Jump j -> j.emit(a);
                    case Item.Ret r -> a.movImm(R0, r.verdict()).exit();
                }
            }
            return a.build();
        }

        /** Whether control never falls through this item. */
        private static boolean ends(Item it) {
            return it instanceof Item.Ret || it instanceof Item.Jump j && j.cond() == null;
        }

        static Cond invert(Cond c) {
            return switch (c) {
                case EQ -> Cond.NE;
                case NE -> Cond.EQ;
                case GT -> Cond.LE;
                case LE -> Cond.GT;
                case LT -> Cond.GE;
                case GE -> Cond.LT;
                case SGT -> Cond.SLE;
                case SLE -> Cond.SGT;
                case SLT -> Cond.SGE;
                case SGE -> Cond.SLT;
                case SET -> null;
            };
        }

        /**
         * {@code if c goto A; goto B} where A is a return block that nothing falls into: move the
         * block behind an inverted jump, {@code if !c goto B; A: r0 = v; exit}.
         */
        private static boolean moveReturns(List<Item> items) {
            for (int i = 0; i + 1 < items.size(); i++) {
                if (!(items.get(i) instanceof Item.Jump c) || c.cond() == null || invert(c.cond()) == null
                        || !(items.get(i + 1) instanceof Item.Jump b) || b.cond() != null) {
                    continue;
                }
                int at = -1;
                for (int k = 0; k < items.size(); k++) {
                    if (items.get(k) instanceof Item.Label l && l.name().equals(c.target())) {
                        at = k;
                    }
                }
                if (at < 1 || at + 1 >= items.size() || !(items.get(at + 1) instanceof Item.Ret ret)
                        || items.get(at - 1) instanceof Item.Label || !ends(items.get(at - 1))) {
                    continue;
                }
                Item label = items.get(at);
                items.remove(at + 1);
                items.remove(at);
                int j = at < i ? i - 2 : i;
                items.set(j, new Item.Jump(invert(c.cond()), c.jmp32(), c.dst(), c.imm(), c.src(), b.target()));
                items.set(j + 1, label);
                items.add(j + 2, ret);
                return true;
            }
            return false;
        }
    }
}
