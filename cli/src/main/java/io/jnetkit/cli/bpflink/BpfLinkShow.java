package io.jnetkit.cli.bpflink;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.LinkType;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit bpflink show [id N | pinned PATH]}, like {@code bpftool link show}. */
@Command(name = "show", header = "Show BPF links (bpftool link show).", aliases = {"list", "ls"},
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Show every BPF link on the system, or one: id, type, program id, and what the type "
                + "attaches to (for tcx and netkit links the device and the hook; a device that is gone "
                + "shows as (detached)). Device names are looked up in the -n namespace, as bpftool "
                + "looks them up in its own (bpftool link show).",
                "Examples:",
                "  jnetkit bpflink show",
                "  jnetkit bpflink show id 42 --json",
        })
public final class BpfLinkShow implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "[id N | pinned PATH]", arity = "0..2", description = "Only this link.")
    List<String> words;

    @Override
    public Integer call() {
        List<LinkInfo> infos;
        boolean one = words != null && !words.isEmpty();
        if (!one) {
            infos = BpfObjects.links();
        } else {
            Args a = new Args(words, "bpflink show");
            String w = a.next("id N or pinned PATH");
            BpfLink link = switch (w) {
                case "id" -> BpfLink.fromId(a.id("link id"));
                case "pinned" -> BpfLink.fromPinned(Path.of(a.next("pinned PATH")));
                default -> throw a.unknown(w, "id N or pinned PATH");
            };
            try (link) {
                a.end();
                infos = List.of(link.info());
            }
        }
        Map<Integer, String> names = deviceNames(infos);
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            // bpftool: the one link asked for is an object, a listing is an array
            out.println(Json.write(one ? json(infos.getFirst(), names)
                    : infos.stream().map(i -> json(i, names)).toList()));
        } else {
            infos.forEach(i -> out.print(text(i, names)));
        }
        out.flush();
        return 0;
    }

    /** Names of the devices the links are on, in the -n namespace; empty when no link is on a device. */
    private static Map<Integer, String> deviceNames(List<LinkInfo> infos) {
        boolean any = infos.stream().anyMatch(i -> ifindex(i) != 0);
        Map<Integer, String> names = new HashMap<>();
        if (!any) return names;
        try (Kernel k = Kernel.open()) {
            for (Link l : k.rtnl().links().list()) names.put(l.index(), l.name());
        }
        return names;
    }

    private static int ifindex(LinkInfo i) {
        return switch (i.detail()) {
            case LinkInfo.OnDevice d -> d.ifindex();
            case LinkInfo.Xdp x -> x.ifindex();
            default -> 0;
        };
    }

    /** bpftool's devname: the name here, "(detached)" once the device is gone, "(unknown)" when not in this namespace. */
    static String devname(int ifindex, Map<Integer, String> names) {
        if (ifindex == 0) return "(detached)";
        return names.getOrDefault(ifindex, "(unknown)");
    }

    private static Object typeWord(LinkInfo i) {
        return i.type() == LinkType.UNKNOWN ? (Object) i.rawType() : i.type().word();
    }

    private static Object attachWord(AttachType t) {
        return t == AttachType.UNKNOWN ? "unknown" : t.word();
    }

    /**
     * One link in the keys of {@code bpftool -j link show}, in its order: id, type, prog_id, then
     * the type's own keys.
     */
    static Map<String, Object> json(LinkInfo i, Map<Integer, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("type", typeWord(i));
        m.put("prog_id", i.programId());
        switch (i.detail()) {
            case LinkInfo.OnDevice d -> {
                m.put("devname", devname(d.ifindex(), names));
                m.put("ifindex", d.ifindex());
                m.put("attach_type", attachWord(d.attachType()));
            }
            case LinkInfo.Xdp x -> {
                m.put("devname", devname(x.ifindex(), names));
                m.put("ifindex", x.ifindex());
            }
            case LinkInfo.Cgroup c -> {
                m.put("cgroup_id", c.cgroupId());
                m.put("attach_type", attachWord(c.attachType()));
            }
            case LinkInfo.Netns n -> {
                m.put("netns_ino", n.netnsInode());
                m.put("attach_type", attachWord(n.attachType()));
            }
            case LinkInfo.Tracing t -> {
                m.put("attach_type", attachWord(t.attachType()));
                if (t.targetObjectId() != 0) {
                    m.put("target_obj_id", t.targetObjectId());
                    m.put("target_btf_id", t.targetBtfId());
                }
            }
            case LinkInfo.RawTracepoint r -> m.put("tp_name", r.name());
            case LinkInfo.Iter it -> m.put("target_name", it.target());
            case LinkInfo.StructOps s -> m.put("map_id", s.mapId());
            case LinkInfo.Netfilter f -> {
                m.put("pf", f.family());
                m.put("hook", f.hook());
                m.put("prio", f.priority());
                m.put("flags", f.flags());
            }
            case LinkInfo.Sockmap s -> {
                m.put("map_id", s.mapId());
                m.put("attach_type", attachWord(s.attachType()));
            }
            case LinkInfo.Undecoded u -> { }
        }
        return m;
    }

    /**
     * bpftool's text: {@code ID: TYPE  prog P  }, then a tab-indented line with the type's own
     * fields, each followed by two spaces, as bpftool 7.5 prints them.
     */
    static String text(LinkInfo i, Map<Integer, String> names) {
        StringBuilder sb = new StringBuilder();
        sb.append(i.id()).append(": ").append(typeWord(i)).append("  prog ").append(i.programId()).append("  ");
        StringBuilder d = new StringBuilder();
        switch (i.detail()) {
            case LinkInfo.OnDevice o -> d.append("ifindex ").append(device(o.ifindex(), names))
                    .append("  attach_type ").append(attachWord(o.attachType())).append("  ");
            case LinkInfo.Xdp x -> d.append("ifindex ").append(device(x.ifindex(), names)).append("  ");
            case LinkInfo.Cgroup c -> d.append("cgroup_id ").append(c.cgroupId())
                    .append("  attach_type ").append(attachWord(c.attachType())).append("  ");
            case LinkInfo.Netns n -> d.append("netns_ino ").append(n.netnsInode())
                    .append("  attach_type ").append(attachWord(n.attachType())).append("  ");
            case LinkInfo.Tracing t -> {
                d.append("attach_type ").append(attachWord(t.attachType())).append("  ");
                if (t.targetObjectId() != 0) {
                    d.append("target_obj_id ").append(t.targetObjectId())
                            .append(" target_btf_id ").append(t.targetBtfId()).append("  ");
                }
            }
            case LinkInfo.RawTracepoint r -> d.append("tp '").append(r.name()).append("'  ");
            case LinkInfo.Iter it -> d.append("target_name ").append(it.target()).append("  ");
            case LinkInfo.StructOps s -> d.append("map_id ").append(s.mapId()).append("  ");
            case LinkInfo.Netfilter f -> d.append("pf ").append(f.family()).append(" hook ").append(f.hook())
                    .append(" prio ").append(f.priority()).append("  ");
            case LinkInfo.Sockmap s -> d.append("map_id ").append(s.mapId())
                    .append("  attach_type ").append(attachWord(s.attachType())).append("  ");
            case LinkInfo.Undecoded u -> { }
        }
        if (!d.isEmpty()) sb.append("\n\t").append(d);
        sb.append('\n');
        return sb.toString();
    }

    /** bpftool's text for a device: {@code NAME(IFINDEX)}, or {@code (detached)} / {@code (unknown)}. */
    private static String device(int ifindex, Map<Integer, String> names) {
        String n = names.get(ifindex);
        return ifindex == 0 ? "(detached)" : n == null ? "(unknown)" : n + "(" + ifindex + ")";
    }
}
