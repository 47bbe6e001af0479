package io.jnetkit.hooks;

import io.jnetkit.bpf.Hook;

import java.util.Locale;

/**
 * The four hooks of a device in iproute2/bpftool-like words: {@code primary} and {@code peer}
 * (netkit; both addressed through the primary device), {@code tcx-ingress} and
 * {@code tcx-egress} (any device). bpftool's spellings ({@code netkit_peer}, {@code tcx_ingress})
 * and the section names ({@code netkit/peer}, {@code tcx/ingress}) parse too.
 */
public enum HookName {
    PRIMARY("primary", Hook.Point.NETKIT_PRIMARY, "netkit/primary"),
    PEER("peer", Hook.Point.NETKIT_PEER, "netkit/peer"),
    TCX_INGRESS("tcx-ingress", Hook.Point.TCX_INGRESS, "tcx/ingress"),
    TCX_EGRESS("tcx-egress", Hook.Point.TCX_EGRESS, "tcx/egress");

    /** The words {@link #parse} takes, for messages. */
    public static final String WORDS = "primary, peer, tcx-ingress or tcx-egress";

    private final String word;
    private final Hook.Point point;
    private final String section;

    HookName(String word, Hook.Point point, String section) {
        this.word = word;
        this.point = point;
        this.section = section;
    }

    /** "primary", "peer", "tcx-ingress", "tcx-egress": also the hook's directory name under the pin root. */
    public String word() { return word; }

    public Hook.Point point() { return point; }

    /** The ELF section / bpftool-style label: {@code netkit/peer}, {@code tcx/ingress}. */
    public String section() { return section; }

    public boolean netkit() { return point.netkit(); }

    public static HookName of(Hook.Point p) {
        for (HookName w : values()) if (w.point == p) return w;
        throw new IllegalArgumentException("no hook name for " + p);
    }

    /** Parses a hook word; an unknown one is an INVALID {@link HookException} listing the valid words. */
    public static HookName parse(String s) {
        String n = s == null ? "" : s.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "primary", "netkit-primary", "netkit/primary" -> PRIMARY;
            case "peer", "netkit-peer", "netkit/peer" -> PEER;
            case "tcx-ingress", "tcx/ingress", "ingress" -> TCX_INGRESS;
            case "tcx-egress", "tcx/egress", "egress" -> TCX_EGRESS;
            default -> throw new HookException(HookException.Kind.INVALID, "unknown hook \"" + s + "\"; expected " + WORDS);
        };
    }

    @Override
    public String toString() {
        return word;
    }
}
