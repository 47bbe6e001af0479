package io.jnetkit.cli.attach;

import io.jnetkit.bpf.Hook;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Json;

import java.util.Locale;

/**
 * The CLI's hook words: {@code primary}, {@code peer} (netkit, through the primary), and
 * {@code tcx-ingress}, {@code tcx-egress} (any device). bpftool's spellings
 * ({@code netkit_primary}, {@code tcx_ingress}, …) are accepted too.
 */
public enum HookWord implements Json.Word {
    PRIMARY("primary", Hook.Point.NETKIT_PRIMARY, "netkit/primary"),
    PEER("peer", Hook.Point.NETKIT_PEER, "netkit/peer"),
    TCX_INGRESS("tcx-ingress", Hook.Point.TCX_INGRESS, "tcx/ingress"),
    TCX_EGRESS("tcx-egress", Hook.Point.TCX_EGRESS, "tcx/egress");

    public static final String WORDS = "primary, peer, tcx-ingress or tcx-egress";

    private final String word;
    private final Hook.Point point;
    private final String section;

    HookWord(String word, Hook.Point point, String section) {
        this.word = word;
        this.point = point;
        this.section = section;
    }

    @Override
    public String word() { return word; }

    public Hook.Point point() { return point; }

    /** The ELF section / bpftool-style label: {@code netkit/peer}, {@code tcx/ingress}. */
    public String section() { return section; }

    public boolean netkit() { return point.netkit(); }

    public static HookWord of(Hook.Point p) {
        for (HookWord w : values()) if (w.point == p) return w;
        throw new IllegalArgumentException("no hook word for " + p);
    }

    /** Parses a hook word; an unknown one is a usage error listing the valid words. */
    public static HookWord parse(String s) {
        String n = s == null ? "" : s.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "primary", "netkit-primary", "netkit/primary" -> PRIMARY;
            case "peer", "netkit-peer", "netkit/peer" -> PEER;
            case "tcx-ingress", "tcx/ingress", "ingress" -> TCX_INGRESS;
            case "tcx-egress", "tcx/egress", "egress" -> TCX_EGRESS;
            default -> throw new UsageException("unknown hook \"" + s + "\"; expected " + WORDS);
        };
    }
}
