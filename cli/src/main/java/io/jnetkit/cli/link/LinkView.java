package io.jnetkit.cli.link;

import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetkitInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Renders a {@link Link} the way {@code ip [-d] link show} does, as text and as iproute2-shaped
 * JSON ({@code ip -j -d link show}: ifindex, ifname, link, flags, mtu, operstate, link_type,
 * address, linkinfo.info_kind, linkinfo.info_data{mode,type,policy,peer_policy,scrub,peer_scrub}),
 * so scripts written against iproute2's JSON read ours.
 */
public final class LinkView {
    private LinkView() {}

    /** iproute2's flag words, NO-CARRIER first when up without carrier ({@link Link#flagWords()}). */
    public static List<String> flags(Link l) {
        return l.flagWords();
    }

    /** {@code @peer}: the other end's name when in this namespace, else {@code @ifN} like iproute2. */
    static String peerSuffix(Link l, IntFunction<String> nameOfIndex) {
        if (l.link() == null || l.link() == 0 || l.link() == l.index()) {
            return "";
        }
        String peer = l.linkNetnsId() == null ? nameOfIndex.apply(l.link()) : null;
        return "@" + (peer != null ? peer : "if" + l.link());
    }

    public static String text(Link l, boolean details, IntFunction<String> nameOfIndex) {
        StringBuilder sb = new StringBuilder();
        sb.append(l.index()).append(": ").append(l.name()).append(peerSuffix(l, nameOfIndex)).append(": <")
                .append(String.join(",", flags(l))).append('>');
        if (l.mtu() != null) sb.append(" mtu ").append(l.mtu());
        sb.append(" state ").append(l.operState() == null ? "UNKNOWN" : l.operState().name());
        if (l.txQueueLen() != null) sb.append(" qlen ").append(l.txQueueLen());
        sb.append('\n');
        sb.append("    link/").append(linkType(l));
        if (l.address() != null) {
            sb.append(' ').append(l.address()).append(l.ethernet() ? " brd ff:ff:ff:ff:ff:ff" : "");
        }
        if (l.linkNetnsId() != null) sb.append(" link-netnsid ").append(l.linkNetnsId());
        if (details) {
            if (l.minMtu() != null) sb.append(" minmtu ").append(l.minMtu());
            if (l.maxMtu() != null) sb.append(" maxmtu ").append(l.maxMtu());
            sb.append('\n').append("   ");
            if (l.kind() != null) sb.append(' ').append(l.kind());
            if (l.info() instanceof NetkitInfo n) {
                netkitDetails(sb, n);
            }
            if (l.numTxQueues() != null) sb.append(" numtxqueues ").append(l.numTxQueues());
            if (l.numRxQueues() != null) sb.append(" numrxqueues ").append(l.numRxQueues());
        }
        return sb.append('\n').toString();
    }

    private static void netkitDetails(StringBuilder sb, NetkitInfo n) {
        // iproute2's fixed order; each only when the kernel reported it.
        if (n.mode() != null || n.raw().mode() != null) sb.append(" mode ").append(word(n.mode(), n.raw().mode()));
        if (n.primary() != null) sb.append(" type ").append(n.primary() ? "primary" : "peer");
        if (n.policy() != null || n.raw().policy() != null) sb.append(" policy ").append(word(n.policy(), n.raw().policy()));
        if (n.peerPolicy() != null || n.raw().peerPolicy() != null) sb.append(" peer policy ").append(word(n.peerPolicy(), n.raw().peerPolicy()));
        if (n.scrub() != null || n.raw().scrub() != null) sb.append(" scrub ").append(word(n.scrub(), n.raw().scrub()));
        if (n.peerScrub() != null || n.raw().peerScrub() != null) sb.append(" peer scrub ").append(word(n.peerScrub(), n.raw().peerScrub()));
        if (n.headroom() != null) sb.append(" headroom ").append(n.headroom());
        if (n.tailroom() != null) sb.append(" tailroom ").append(n.tailroom());
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

    /** iproute2-shaped JSON object for one link. */
    public static Map<String, Object> json(Link l, boolean details, IntFunction<String> nameOfIndex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifindex", l.index());
        if (l.link() != null && l.link() != 0 && l.link() != l.index()) {
            String peer = l.linkNetnsId() == null ? nameOfIndex.apply(l.link()) : null;
            if (peer != null) m.put("link", peer); else m.put("link_index", l.link());
        }
        m.put("ifname", l.name());
        m.put("flags", flags(l));
        m.put("mtu", l.mtu());
        m.put("operstate", l.operState() == null ? "UNKNOWN" : l.operState().name());
        m.put("txqlen", l.txQueueLen());
        m.put("link_type", linkType(l));
        m.put("address", l.address() == null ? null : l.address().toString());
        m.put("link_netnsid", l.linkNetnsId());
        if (details) {
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
                data.put("headroom", n.headroom());
                data.put("tailroom", n.tailroom());
                info.put("info_data", data);
            }
            if (l.kind() != null) m.put("linkinfo", info);
            m.put("num_tx_queues", l.numTxQueues());
            m.put("num_rx_queues", l.numRxQueues());
        }
        return m;
    }
}
