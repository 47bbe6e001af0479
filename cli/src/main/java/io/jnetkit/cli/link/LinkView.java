package io.jnetkit.cli.link;

import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.LinkExtras;
import io.jnetkit.rtnl.LinkStats;
import io.jnetkit.rtnl.NetkitInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Renders a {@link Link} the way {@code ip [-d] [-s] [-br] link show} does, as text and as
 * iproute2-shaped JSON ({@code ip -j -d -s link show}: the same keys in the same order), so scripts
 * written against iproute2's output read ours. Deliberate differences (see the parity tests): the
 * kind-specific {@code info_data}/{@code info_slave_data} of kinds other than netkit (bridge, bond…)
 * are not printed, and {@code -s} prints the one level of counters of a single {@code ip -s}.
 */
public final class LinkView {
    private LinkView() {}

    /**
     * How to name what a link refers to by number: ifindexes of this namespace and the nsids
     * of other namespaces ({@code link-netns NAME}); either function may return null.
     */
    public record Names(IntFunction<String> ifname, IntFunction<String> netns, java.util.function.IntPredicate up) {
        public static final Names NONE = new Names(i -> null, i -> null);

        /** Without knowing which devices are up: no {@code M-DOWN}. */
        public Names(IntFunction<String> ifname, IntFunction<String> netns) {
            this(ifname, netns, i -> true);
        }
    }

    /**
     * iproute2's flag words, NO-CARRIER first when up without carrier ({@link Link#flagWords()}),
     * and {@code M-DOWN} last when the device it is linked to (a veth's or netkit's peer, a vlan's
     * lower device) is in this namespace and down, or not found in it, as ip prints it.
     */
    public static List<String> flags(Link l, Names names) {
        List<String> words = l.flagWords();
        if (l.link() == null || l.link() == 0 || l.linkNetnsId() != null || names.up().test(l.link())) return words;
        List<String> out = new java.util.ArrayList<>(words);
        out.add("M-DOWN");
        return out;
    }

    /** {@code @peer}: the other end's name when in this namespace, else {@code @ifN} like iproute2. */
    public static String peerSuffix(Link l, IntFunction<String> nameOfIndex) {
        if (l.link() == null || l.link() == 0 || l.link() == l.index()) {
            return "";
        }
        String peer = l.linkNetnsId() == null ? nameOfIndex.apply(l.link()) : null;
        return "@" + (peer != null ? peer : "if" + l.link());
    }

    public static String state(Link l) {
        return l.operState() == null ? "UNKNOWN" : l.operState().name();
    }

    /** {@code ip link show} text: two lines, more with details, statistics, alias or alternative names. */
    public static String text(Link l, boolean details, IntFunction<String> nameOfIndex) {
        return text(l, details, false, new Names(nameOfIndex, i -> null));
    }

    public static String text(Link l, boolean details, boolean stats, Names names) {
        StringBuilder sb = new StringBuilder();
        firstLine(sb, l, names, true);
        sb.append('\n');
        linkLine(sb, l, names);
        LinkExtras x = l.more();
        if (details) detailsText(sb, l, true);
        sb.append('\n');
        if (x.alias() != null) sb.append("    alias ").append(x.alias()).append('\n');
        xdpProgLines(sb, x.xdp(), details);
        if (stats && x.stats() != null) statsText(sb, x.stats());
        for (String alt : x.altNames()) sb.append("    altname ").append(alt).append('\n');
        return sb.toString();
    }

    /**
     * What {@code -d} adds to the link/ether line: promiscuity … maxmtu, then a line with the
     * kind and its data, queues, limits and parent (no newline at the end). {@code addrGenMode}
     * false for {@code ip -d address show}, which leaves addrgenmode out.
     */
    public static void detailsText(StringBuilder sb, Link l, boolean addrGenMode) {
        LinkExtras x = l.more();
        if (x.promiscuity() != null) sb.append(" promiscuity ").append(x.promiscuity());
        if (x.allmulti() != null) sb.append(" allmulti ").append(x.allmulti());
        if (l.minMtu() != null) sb.append(" minmtu ").append(l.minMtu());
        if (l.maxMtu() != null) sb.append(" maxmtu ").append(l.maxMtu());
        sb.append(' ');
        if (l.kind() != null) {
            sb.append("\n    ").append(l.kind()).append(' ');
            if (l.info() instanceof NetkitInfo n) {
                netkitDetails(sb, n);
            }
        }
        if (x.slaveKind() != null) {
            sb.append("\n    ").append(x.slaveKind()).append("_slave ");
        }
        if (addrGenMode && x.addrGenMode() != null) sb.append("addrgenmode ").append(x.addrGenModeWord()).append(' ');
        if (l.numTxQueues() != null) sb.append("numtxqueues ").append(l.numTxQueues()).append(' ');
        if (l.numRxQueues() != null) sb.append("numrxqueues ").append(l.numRxQueues()).append(' ');
        LinkExtras.Limits m = x.limits();
        limit(sb, "gso_max_size", m.gsoMaxSize());
        limit(sb, "gso_max_segs", m.gsoMaxSegs());
        limit(sb, "tso_max_size", m.tsoMaxSize());
        limit(sb, "tso_max_segs", m.tsoMaxSegs());
        limit(sb, "gro_max_size", m.groMaxSize());
        limit(sb, "gso_ipv4_max_size", m.gsoIpv4MaxSize());
        limit(sb, "gro_ipv4_max_size", m.groIpv4MaxSize());
        if (x.parentBus() != null) sb.append("parentbus ").append(x.parentBus()).append(' ');
        if (x.parentDev() != null) sb.append("parentdev ").append(x.parentDev()).append(' ');
    }

    /**
     * The link's lines in {@code ip address show}: no {@code mode}, then the alternative names;
     * with {@code ip -4}/{@code -6} only the first line (the link layer is no family's).
     */
    public static void addressHead(StringBuilder sb, Link l, Names names, boolean linkLayer) {
        addressHead(sb, l, names, linkLayer, true);
    }

    /**
     * As above; {@code generic} false for what {@code ip -6 address show} prints of every device:
     * it reads them through the kernel's IPv6 link dump, whose messages have no qdisc, master,
     * group or alternative names, so those are left out.
     */
    public static void addressHead(StringBuilder sb, Link l, Names names, boolean linkLayer, boolean generic) {
        addressHead(sb, l, names, linkLayer, generic, false);
    }

    /** As above; {@code details} ({@code ip -d address show}) adds the details and the alias. */
    public static void addressHead(StringBuilder sb, Link l, Names names, boolean linkLayer, boolean generic,
                                   boolean details) {
        if (!generic) {
            sb.append(l.index()).append(": ").append(l.name()).append(peerSuffix(l, names.ifname())).append(": <")
                    .append(String.join(",", flags(l, names))).append('>');
            if (l.mtu() != null) sb.append(" mtu ").append(l.mtu());
            sb.append(" state ").append(state(l));
            if (l.txQueueLen() != null) sb.append(" qlen ").append(l.txQueueLen());
            sb.append('\n');
            return;
        }
        firstLine(sb, l, names, false);
        sb.append('\n');
        if (linkLayer) {
            linkLine(sb, l, names);
            if (details) detailsText(sb, l, false);
            sb.append('\n');
        }
        if (details && l.more().alias() != null) sb.append("    alias ").append(l.more().alias()).append('\n');
        for (String alt : l.more().altNames()) sb.append("    altname ").append(alt).append('\n');
    }

    /** ip's word for an XDP attach mode: {@code xdp} (driver), {@code xdpgeneric}, {@code xdpoffload}, {@code xdpmulti}. */
    static String xdpModeWord(int attached) {
        return switch (attached) {
            case LinkExtras.Xdp.DRV -> "xdp";
            case LinkExtras.Xdp.SKB -> "xdpgeneric";
            case LinkExtras.Xdp.HW -> "xdpoffload";
            default -> "xdpmulti";
        };
    }

    /** The attached XDP programs by mode (driver, generic, offload): one entry, or several in multi mode. */
    private static List<int[]> xdpPrograms(LinkExtras.Xdp x) {
        List<int[]> out = new java.util.ArrayList<>();
        if (x.attached() != LinkExtras.Xdp.MULTI) {
            out.add(new int[] {x.attached(), x.progId()});
            return out;
        }
        if (x.drvProgId() != 0) out.add(new int[] {LinkExtras.Xdp.DRV, x.drvProgId()});
        if (x.skbProgId() != 0) out.add(new int[] {LinkExtras.Xdp.SKB, x.skbProgId()});
        if (x.hwProgId() != 0) out.add(new int[] {LinkExtras.Xdp.HW, x.hwProgId()});
        return out;
    }

    /** What ip prints of an XDP program after its id, read by id (BPF_PROG_GET_FD_BY_ID); null when it is gone. */
    private static io.jnetkit.bpf.ProgramInfo xdpProgram(int id) {
        try (io.jnetkit.bpf.Program p = io.jnetkit.bpf.Program.fromId(id)) {
            return p.info();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code     prog/xdp id N name P tag T jited } (with {@code details}: {@code load_time L
     * created_by_uid U }), each word followed by a blank as ip prints it; in multi mode one line
     * per mode ({@code prog/xdpdrv}, {@code prog/xdpgeneric}, {@code prog/xdpoffload}).
     */
    static void xdpProgLines(StringBuilder sb, LinkExtras.Xdp x, boolean details) {
        if (x == null) return;
        for (int[] p : xdpPrograms(x)) {
            String word = x.attached() != LinkExtras.Xdp.MULTI ? "xdp"
                    : p[0] == LinkExtras.Xdp.DRV ? "xdpdrv" : p[0] == LinkExtras.Xdp.SKB ? "xdpgeneric" : "xdpoffload";
            sb.append("    prog/").append(word).append(" id ").append(p[1]).append(' ');
            io.jnetkit.bpf.ProgramInfo i = xdpProgram(p[1]);
            if (i != null) {
                if (!i.name().isEmpty()) sb.append("name ").append(i.name()).append(' ');
                sb.append("tag ").append(i.tag()).append(' ');
                if (i.jitedLength() > 0) sb.append("jited ");
                if (details) {
                    sb.append("load_time ").append(i.loadTimeNs()).append(' ');
                    sb.append("created_by_uid ").append(i.createdByUid()).append(' ');
                }
            }
            sb.append('\n');
        }
    }

    /** {@code "xdp": {"mode": M, "prog": {…}, "attached": [{"mode": M, "prog": {…}}]}} as ip -j prints it. */
    static Map<String, Object> xdpJson(LinkExtras.Xdp x, boolean details) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", x.attached());
        List<Map<String, Object>> attached = new java.util.ArrayList<>();
        for (int[] p : xdpPrograms(x)) {
            Map<String, Object> prog = new LinkedHashMap<>();
            prog.put("id", p[1]);
            io.jnetkit.bpf.ProgramInfo i = xdpProgram(p[1]);
            if (i != null) {
                if (!i.name().isEmpty()) prog.put("name", i.name());
                prog.put("tag", i.tag());
                if (i.jitedLength() > 0) prog.put("jited", 1);
                if (details) {
                    prog.put("load_time", i.loadTimeNs());
                    prog.put("created_by_uid", i.createdByUid());
                }
            }
            if (x.attached() != LinkExtras.Xdp.MULTI) m.put("prog", prog);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("mode", p[0]);
            a.put("prog", prog);
            attached.add(a);
        }
        m.put("attached", attached);
        return m;
    }

    /** {@code N: name@peer: <FLAGS> mtu M qdisc Q master B state S [mode DEFAULT] group G qlen T}. */
    static void firstLine(StringBuilder sb, Link l, Names names, boolean withMode) {
        LinkExtras x = l.more();
        sb.append(l.index()).append(": ").append(l.name()).append(peerSuffix(l, names.ifname())).append(": <")
                .append(String.join(",", flags(l, names))).append('>');
        if (l.mtu() != null) sb.append(" mtu ").append(l.mtu());
        if (x.xdp() != null) {
            // link show names the mode here and the program on a line of its own; addr show, only here
            sb.append(' ').append(xdpModeWord(x.xdp().attached()));
            if (!withMode && x.xdp().attached() != LinkExtras.Xdp.MULTI) sb.append("/id:").append(x.xdp().progId());
        }
        if (x.qdisc() != null) sb.append(" qdisc ").append(x.qdisc());
        if (x.master() != null) sb.append(" master ").append(masterName(l, names));
        sb.append(" state ").append(state(l));
        if (withMode && x.linkMode() != null) sb.append(" mode ").append(x.linkModeWord());
        if (x.group() != null) sb.append(" group ").append(x.groupWord());
        if (l.txQueueLen() != null) sb.append(" qlen ").append(l.txQueueLen());
    }

    /** {@code     link/ether MAC brd MAC link-netns NAME} (no newline). */
    static void linkLine(StringBuilder sb, Link l, Names names) {
        LinkExtras x = l.more();
        sb.append("    link/").append(linkType(l));
        if (l.address() != null) {
            sb.append(' ').append(l.address());
            if (x.broadcast() != null) {
                sb.append(l.pointToPoint() ? " peer " : " brd ")
                        .append(x.broadcast());
            }
        }
        if (l.linkNetnsId() != null) {
            String ns = names.netns().apply(l.linkNetnsId());
            sb.append(ns != null ? " link-netns " + ns : " link-netnsid " + l.linkNetnsId());
        }
        if (Boolean.TRUE.equals(x.protoDown())) sb.append(" protodown on ");
    }

    static String masterName(Link l, Names names) {
        String m = names.ifname().apply(l.more().master());
        return m != null ? m : "if" + l.more().master();
    }

    private static void limit(StringBuilder sb, String word, Long v) {
        if (v != null) sb.append(word).append(' ').append(v).append(' ');
    }

    /** {@code ip -s link show}'s two-row RX/TX table; columns widen for big numbers as ip's do. */
    public static void statsText(StringBuilder sb, LinkStats s) {
        String[] rx = {u(s.rxBytes()), u(s.rxPackets()), u(s.rxErrors()), u(s.rxDropped()), u(s.rxMissedErrors()),
                u(s.multicast())};
        String[] tx = {u(s.txBytes()), u(s.txPackets()), u(s.txErrors()), u(s.txDropped()), u(s.txCarrierErrors()),
                u(s.collisions())};
        int[] w = {10, 7, 6, 7, 7, 7};
        for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], Math.max(rx[i].length(), tx[i].length()));
        header(sb, "RX:", w, "bytes", "packets", "errors", "dropped", "missed", "mcast");
        row(sb, w, rx);
        header(sb, "TX:", w, "bytes", "packets", "errors", "dropped", "carrier", "collsns");
        row(sb, w, tx);
    }

    private static void header(StringBuilder sb, String dir, int[] w, String... words) {
        sb.append("    ").append(dir).append(' ').append(padLeft(words[0], w[0] - 4));
        for (int i = 1; i < words.length; i++) sb.append(' ').append(padLeft(words[i], w[i]));
        // ip leaves room for the columns it adds when they are non-zero (compressed, nohandler)
        sb.append("           \n");
    }

    private static void row(StringBuilder sb, int[] w, String[] v) {
        sb.append("    ");
        for (int i = 0; i < v.length; i++) sb.append(padLeft(v[i], w[i])).append(' ');
        sb.append('\n');
    }

    static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    public static String padRight(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    /** {@code ip -br link show}: {@code name@peer  STATE  MAC <FLAGS>}, columns of 16 and 14. */
    public static String brief(Link l, Names names) {
        StringBuilder sb = new StringBuilder();
        sb.append(padRight(l.name() + peerSuffix(l, names.ifname()), 16)).append(' ')
                .append(padRight(state(l), 14)).append(' ');
        if (l.address() != null) sb.append(l.address()).append(' ');
        sb.append('<').append(String.join(",", flags(l, names))).append("> \n");
        return sb.toString();
    }

    /** {@code ip -br -j link show}'s object: link, ifname, operstate, address, flags. */
    public static Map<String, Object> briefJson(Link l, Names names) {
        Map<String, Object> m = new LinkedHashMap<>();
        peerJson(m, l, names);
        m.put("ifname", l.name());
        m.put("operstate", state(l));
        m.put("address", l.address() == null ? null : l.address().toString());
        m.put("flags", flags(l, names));
        return m;
    }

    private static void netkitDetails(StringBuilder sb, NetkitInfo n) {
        // iproute2's fixed order; each only when the kernel reported it.
        if (n.mode() != null || n.raw().mode() != null) sb.append("mode ").append(word(n.mode(), n.raw().mode())).append(' ');
        if (n.primary() != null) sb.append("type ").append(n.primary() ? "primary" : "peer").append(' ');
        if (n.policy() != null || n.raw().policy() != null) sb.append("policy ").append(word(n.policy(), n.raw().policy())).append(' ');
        if (n.peerPolicy() != null || n.raw().peerPolicy() != null) sb.append("peer policy ").append(word(n.peerPolicy(), n.raw().peerPolicy())).append(' ');
        if (n.scrub() != null || n.raw().scrub() != null) sb.append("scrub ").append(word(n.scrub(), n.raw().scrub())).append(' ');
        if (n.peerScrub() != null || n.raw().peerScrub() != null) sb.append("peer scrub ").append(word(n.peerScrub(), n.raw().peerScrub())).append(' ');
        // iproute2 6.15 prints neither (it cannot set them); jnetkit adds them when not the default 0.
        if (n.headroom() != null && n.headroom() != 0) sb.append("headroom ").append(n.headroom()).append(' ');
        if (n.tailroom() != null && n.tailroom() != 0) sb.append("tailroom ").append(n.tailroom()).append(' ');
    }

    /** The iproute2 word of a known value; UNKNOWN (as iproute2 prints) for a number this version does not know. */
    private static String word(Enum<?> known, Integer raw) {
        return known == null ? "UNKNOWN" : wordOf(known);
    }

    static String wordOf(Enum<?> e) {
        try {
            return (String) e.getClass().getMethod("word").invoke(e);
        } catch (ReflectiveOperationException ex) {
            return e.name().toLowerCase();
        }
    }

    static String linkType(Link l) {
        return l.linkTypeWord();
    }

    /** iproute2-shaped JSON object for one link ({@code ip -j [-d] link show}). */
    public static Map<String, Object> json(Link l, boolean details, IntFunction<String> nameOfIndex) {
        return json(l, details, false, new Names(nameOfIndex, i -> null));
    }

    private static void peerJson(Map<String, Object> m, Link l, Names names) {
        if (l.link() != null && l.link() != 0 && l.link() != l.index()) {
            String peer = l.linkNetnsId() == null ? names.ifname().apply(l.link()) : null;
            if (peer != null) m.put("link", peer); else m.put("link_index", l.link());
        }
    }

    /**
     * The link-level keys {@code ip -j link show} and {@code ip -j address show} share, up to
     * {@code link_netnsid}; {@code linkmode} only for link show, as ip.
     */
    public static Map<String, Object> head(Link l, Names names, boolean withMode) {
        return head(l, names, withMode, false);
    }

    /** As above; {@code details} adds the XDP program's load time and uid, as {@code ip -d -j}. */
    public static Map<String, Object> head(Link l, Names names, boolean withMode, boolean details) {
        LinkExtras x = l.more();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifindex", l.index());
        peerJson(m, l, names);
        m.put("ifname", l.name());
        m.put("flags", flags(l, names));
        m.put("mtu", l.mtu());
        if (x.xdp() != null) m.put("xdp", xdpJson(x.xdp(), details));
        m.put("qdisc", x.qdisc());
        m.put("master", x.master() == null ? null : masterName(l, names));
        m.put("operstate", state(l));
        if (withMode) m.put("linkmode", x.linkModeWord());
        m.put("group", x.groupWord());
        m.put("txqlen", l.txQueueLen());
        m.put("link_type", linkType(l));
        m.put("address", l.address() == null ? null : l.address().toString());
        if (l.address() != null && x.broadcast() != null) {
            m.put(l.pointToPoint() ? "link_pointtopoint" : "broadcast",
                    x.broadcast().toString());
        }
        m.put("link_netnsid", l.linkNetnsId());
        if (Boolean.TRUE.equals(x.protoDown())) m.put("proto_down", true);
        return m;
    }

    public static Map<String, Object> json(Link l, boolean details, boolean stats, Names names) {
        LinkExtras x = l.more();
        Map<String, Object> m = head(l, names, true, details);
        if (details) detailsJson(m, l, true);
        m.put("ifalias", x.alias());
        if (stats && x.stats() != null) m.put("stats64", statsJson(x.stats()));
        if (!x.altNames().isEmpty()) m.put("altnames", x.altNames());
        return m;
    }

    /** The keys {@code -d -j} adds, in ip's order ({@code addrGenMode} false: as {@code ip -d -j address show}). */
    public static void detailsJson(Map<String, Object> m, Link l, boolean addrGenMode) {
        LinkExtras x = l.more();
        m.put("promiscuity", x.promiscuity());
        m.put("allmulti", x.allmulti());
        m.put("min_mtu", l.minMtu());
        m.put("max_mtu", l.maxMtu());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("info_kind", l.kind());
        if (l.info() instanceof NetkitInfo n) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mode", n.mode() == null ? null : wordOf(n.mode()));
            data.put("type", n.primary() == null ? null : n.primary() ? "primary" : "peer");
            data.put("policy", n.policy() == null ? null : wordOf(n.policy()));
            data.put("peer_policy", n.peerPolicy() == null ? null : wordOf(n.peerPolicy()));
            data.put("scrub", n.scrub() == null ? null : wordOf(n.scrub()));
            data.put("peer_scrub", n.peerScrub() == null ? null : wordOf(n.peerScrub()));
            // As in the text: only a headroom/tailroom other than the kernel's default 0 (ip 6.15 prints neither).
            data.put("headroom", n.headroom() == null || n.headroom() == 0 ? null : n.headroom());
            data.put("tailroom", n.tailroom() == null || n.tailroom() == 0 ? null : n.tailroom());
            info.put("info_data", data);
        }
        info.put("info_slave_kind", x.slaveKind());
        if (l.kind() != null || x.slaveKind() != null) m.put("linkinfo", info);
        if (addrGenMode) m.put("inet6_addr_gen_mode", x.addrGenModeWord());
        m.put("num_tx_queues", l.numTxQueues());
        m.put("num_rx_queues", l.numRxQueues());
        LinkExtras.Limits lim = x.limits();
        m.put("gso_max_size", lim.gsoMaxSize());
        m.put("gso_max_segs", lim.gsoMaxSegs());
        m.put("tso_max_size", lim.tsoMaxSize());
        m.put("tso_max_segs", lim.tsoMaxSegs());
        m.put("gro_max_size", lim.groMaxSize());
        m.put("gso_ipv4_max_size", lim.gsoIpv4MaxSize());
        m.put("gro_ipv4_max_size", lim.groIpv4MaxSize());
        m.put("parentbus", x.parentBus());
        m.put("parentdev", x.parentDev());
    }

    /** {@code "stats64": {"rx": {...}, "tx": {...}}} with ip's keys; compressed/nohandler only when non-zero. */
    public static Map<String, Object> statsJson(LinkStats s) {
        Map<String, Object> rx = new LinkedHashMap<>();
        rx.put("bytes", n(s.rxBytes()));
        rx.put("packets", n(s.rxPackets()));
        rx.put("errors", n(s.rxErrors()));
        rx.put("dropped", n(s.rxDropped()));
        rx.put("over_errors", n(s.rxOverErrors()));
        rx.put("multicast", n(s.multicast()));
        if (s.rxCompressed() != 0) rx.put("compressed", n(s.rxCompressed()));
        if (s.rxNoHandler() != 0) rx.put("nohandler", n(s.rxNoHandler()));
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("bytes", n(s.txBytes()));
        tx.put("packets", n(s.txPackets()));
        tx.put("errors", n(s.txErrors()));
        tx.put("dropped", n(s.txDropped()));
        tx.put("carrier_errors", n(s.txCarrierErrors()));
        tx.put("collisions", n(s.collisions()));
        if (s.txCompressed() != 0) tx.put("compressed", n(s.txCompressed()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rx", rx);
        m.put("tx", tx);
        return m;
    }

    /** An unsigned counter as a JSON number (BigInteger above Long.MAX_VALUE). */
    private static Number n(long v) {
        return v >= 0 ? v : new java.math.BigInteger(Long.toUnsignedString(v));
    }
}
