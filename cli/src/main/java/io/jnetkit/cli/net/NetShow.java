package io.jnetkit.cli.net;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jnetkit net show [dev DEV]}: every tcx and netkit hook, in run order, with revisions. */
@Command(name = "show", header = "Show the programs on every tcx and netkit hook, in run order (bpftool net show).", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Show every tcx hook (ingress, egress) of every device in the namespace and both netkit "
                + "lists (primary, peer) of every netkit pair, queried through its primary: programs in run "
                + "order with id, name, tag and link id, and each hook's revision (for --expected-revision).",
                "Without dev, hooks with nothing attached are left out of the text (not of --json).",
                "Examples:",
                "  jnetkit net show",
                "  jnetkit -n task_netns net show dev task_nk --json",
        })
public final class NetShow extends io.jnetkit.cli.ShowCommand {
    /** This command as picocli would run it with these positional words (null: none), printing to {@code out}. */
    public static int run(PrintWriter out, List<String> words) {
        NetShow c = new NetShow();
        c.words = words;
        return c.runWithoutPicocli(out);
    }

    @Parameters(paramLabel = "[dev] DEV", arity = "0..2", description = "Only this device.")
    List<String> words;

    /** One attached program. */
    public record Prog(int progId, String name, String tag, Integer linkId) {}

    /**
     * One hook's list. For netkit both lists are addressed through the primary ({@code ifname});
     * {@code peer} names the peer, on which the peer list runs; {@code via}/{@code viaNetns} are
     * set when the device shown is a peer whose primary lives in another namespace.
     */
    public record HookView(String ifname, int ifindex, String kind, long revision, List<Prog> progs, String peer,
                           String via, String viaNetns) {}

    @Override
    public Integer call() {
        String only = null;
        if (words != null && !words.isEmpty()) {
            only = words.size() == 2 && words.get(0).equals("dev") ? words.get(1) : words.getFirst();
            if (words.size() == 2 && !words.get(0).equals("dev")) {
                throw new UsageException("net show: unexpected \"" + words.get(1) + "\"");
            }
        }
        List<HookView> tc = new ArrayList<>();
        List<HookView> netkit = new ArrayList<>();
        List<Integer> flow = List.of();
        List<Map<String, Object>> xdp = new ArrayList<>();
        try (Kernel k = Kernel.open()) {
            List<Link> all = k.rtnl().links().list();
            Map<Integer, String> names = new LinkedHashMap<>();
            all.forEach(l -> names.put(l.index(), l.name()));
            List<Link> shown = all;
            if (only != null) {
                shown = List.of(k.rtnl().links().get(only));
            }
            NetNs ns = k.netns();
            if (Global.json()) flow = flowDissector(ns);
            for (Link l : shown) {
                xdp.addAll(xdpEntries(l));
                for (Hook.Point p : new Hook.Point[] {Hook.Point.TCX_INGRESS, Hook.Point.TCX_EGRESS}) {
                    HookQuery q = query(ns, new Hook(p, l.index()));
                    if (q != null) tc.add(view(l.name(), l.index(), HookName.of(p), q, null, null, null));
                }
                NetkitInfo nk = l.netkit();
                if (nk == null) continue;
                boolean primary = !Boolean.FALSE.equals(nk.primary());
                boolean peerHere = l.linkNetnsId() == null && l.link() != null && names.containsKey(l.link());
                if (primary) {
                    String peer = peerHere ? names.get(l.link()) : null;
                    for (HookName w : new HookName[] {HookName.PRIMARY, HookName.PEER}) {
                        HookQuery q = query(ns, new Hook(w.point(), l.index()));
                        if (q != null) netkit.add(view(l.name(), l.index(), w, q, w == HookName.PEER ? peer : null, null, null));
                    }
                } else if (!peerHere || only != null) {
                    // A peer: its lists belong to the primary, perhaps in another namespace.
                    try (HookTarget t = HookTarget.resolve(ns, l.name(), HookName.PEER)) {
                        for (HookName w : new HookName[] {HookName.PRIMARY, HookName.PEER}) {
                            HookQuery q = query(t.netns(), new Hook(w.point(), t.ifindex()));
                            if (q != null) netkit.add(view(l.name(), l.index(), w, q, null, t.device() + "(" + t.ifindex() + ")",
                                    t.netnsLabel()));
                        }
                    } catch (RuntimeException e) {
                        if (only != null) throw e;
                        // The primary is somewhere we cannot name: leave it out of the full listing.
                    }
                }
            }
        }
        PrintWriter out = out();
        if (Global.json()) {
            out.println(Json.write(List.of(bpftoolShape(xdp, tc, netkit, flow))));
        } else {
            out.print(text("tc", tc, only != null));
            out.print(text("netkit", netkit, only != null));
        }
        out.flush();
        return 0;
    }

    /**
     * {@code bpftool -j net show}'s layout: one object with the {@code xdp}, {@code tc},
     * {@code flow_dissector} and {@code netfilter} lists, each program on a tcx or netkit hook one
     * {@code tc} entry (devname, ifindex, kind, name, prog_id, prog_flags, link_id, link_flags), in
     * bpftool's order (per device: tcx ingress, egress, netkit primary, peer). Extended, after
     * bpftool's keys: each entry's {@code tag} and its hook's {@code revision}; and {@code hooks},
     * every hook jnetkit reads with its revision, the empty ones and a peer's lists reached through
     * its primary in another namespace included. {@code flow_dissector} holds the namespace's
     * flow dissector ({@code {"id": N}}), {@code xdp} each device's XDP program (from IFLA_XDP);
     * jnetkit reads no legacy tc (cls_bpf) or netfilter programs: those lists are empty.
     */
    static Map<String, Object> bpftoolShape(List<Map<String, Object>> xdp, List<HookView> tc, List<HookView> netkit,
                                            List<Integer> flowDissector) {
        List<Map<String, Object>> entries = new ArrayList<>();
        List<HookView> all = new ArrayList<>(tc);
        all.addAll(netkit);
        // bpftool walks the devices in ifindex order and lists each one's hooks together
        List<HookView> ordered = new ArrayList<>(all);
        ordered.sort(java.util.Comparator.comparingInt(HookView::ifindex));
        for (HookView h : ordered) {
            if (h.via() != null) continue;  // bpftool shows netkit lists under the primary only
            for (Prog p : h.progs()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("devname", h.ifname());
                e.put("ifindex", h.ifindex());
                e.put("kind", h.kind());
                e.put("name", p.name());
                e.put("prog_id", p.progId());
                e.put("prog_flags", List.of());
                if (p.linkId() != null) {
                    e.put("link_id", p.linkId());
                    e.put("link_flags", List.of());
                }
                e.put("tag", p.tag());
                e.put("revision", h.revision());
                entries.add(e);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("xdp", xdp);
        m.put("tc", entries);
        m.put("flow_dissector", flowDissector.stream().map(id -> Map.of("id", id)).toList());
        m.put("netfilter", List.of());
        m.put("hooks", all);
        return m;
    }

    /**
     * bpftool's {@code xdp} entries of a device: devname, ifindex, mode (driver, generic, offload)
     * and program id, one per attached mode (from IFLA_XDP).
     */
    private static List<Map<String, Object>> xdpEntries(Link l) {
        io.jnetkit.rtnl.LinkExtras.Xdp x = l.more().xdp();
        if (x == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        int[][] modes = x.attached() == io.jnetkit.rtnl.LinkExtras.Xdp.MULTI
                ? new int[][] {{1, x.drvProgId()}, {2, x.skbProgId()}, {3, x.hwProgId()}}
                : new int[][] {{x.attached(), x.progId()}};
        for (int[] mp : modes) {
            if (mp[1] == 0) continue;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("devname", l.name());
            e.put("ifindex", l.index());
            e.put("mode", switch (mp[0]) {
                case 1 -> "driver";
                case 2 -> "generic";
                default -> "offload";
            });
            e.put("id", mp[1]);
            out.add(e);
        }
        return out;
    }

    /** The flow dissector of the -n namespace (bpftool's flow_dissector list): none or one program id. */
    private static List<Integer> flowDissector(NetNs ns) {
        try {
            return Attachments.queryNetns(ns, AttachType.FLOW_DISSECTOR);
        } catch (KernelException e) {
            if (e.errno() == Errno.EINVAL) return List.of();  // before Linux 5.8: no netns query
            throw e;
        }
    }

    /** The hook's list, or null when the kernel has no such hook (tcx before 6.6, ENXIO …). */
    private static HookQuery query(NetNs ns, Hook h) {
        try {
            return Attachments.query(ns, h);
        } catch (KernelException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENXIO || e.errno() == Errno.EOPNOTSUPP
                    || e.errno() == Errno.ENODEV) {
                return null;
            }
            throw e;
        }
    }

    private static HookView view(String name, int index, HookName w, HookQuery q, String peer, String via, String viaNs) {
        List<Prog> progs = new ArrayList<>();
        for (HookQuery.Entry e : q.entries()) {
            String pname = "";
            String tag = null;
            try (Program p = Program.fromId(e.programId())) {
                ProgramInfo info = p.info();
                pname = info.name();
                tag = info.tag();
            } catch (KernelException ex) {
                // detached meanwhile
            }
            progs.add(new Prog(e.programId(), pname, tag, e.viaLink() ? e.linkId() : null));
        }
        return new HookView(name, index, w.section(), q.revision(), progs, peer, via, viaNs);
    }

    static String text(String title, List<HookView> hooks, boolean showEmpty) {
        StringBuilder sb = new StringBuilder(title).append(":\n");
        for (HookView h : hooks) {
            if (h.progs().isEmpty() && !showEmpty) continue;
            sb.append(h.ifname()).append('(').append(h.ifindex()).append(") ").append(h.kind());
            if (h.peer() != null) sb.append(" (runs on ").append(h.peer()).append(')');
            if (h.via() != null) sb.append(" via primary ").append(h.via()).append(" in netns ").append(h.viaNetns());
            sb.append(" revision ").append(h.revision());
            if (h.progs().isEmpty()) sb.append(": nothing attached");
            sb.append('\n');
            for (Prog p : h.progs()) {
                sb.append("    prog_id ").append(p.progId());
                if (!p.name().isEmpty()) sb.append(" name ").append(p.name());
                if (p.tag() != null) sb.append(" tag ").append(p.tag());
                sb.append(p.linkId() == null ? " (prog attach)" : " link_id " + p.linkId()).append('\n');
            }
        }
        return sb.toString();
    }
}
