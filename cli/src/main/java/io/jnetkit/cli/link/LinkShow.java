package io.jnetkit.cli.link;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetnsIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Equivalent to {@code ip [-d] [-s] [-br] [-j] link show [[dev] NAME | up | type KIND | master DEV | group G]}. */
@Command(name = "show", header = "Show devices, like ip link show; -d adds the netkit details.", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
        description = {"Show devices, like ip link show; -d adds the netkit details (mode, type primary/peer, "
                + "policy, peer policy, scrub, peer scrub; headroom and tailroom when not 0, which ip does not print).",
                "Examples:", "  jnetkit link show -d task_nk", "  jnetkit -n task_netns link show --json"})
public final class LinkShow extends io.jnetkit.cli.ShowCommand {
    /** This command as picocli would run it with these positional words (null: none), printing to {@code out}. */
    public static int run(PrintWriter out, List<String> words) {
        LinkShow c = new LinkShow();
        c.words = words;
        return c.runWithoutPicocli(out);
    }

    @Parameters(paramLabel = "[dev] NAME | up | type KIND | master DEV | group G", arity = "0..*",
            description = "Only this device, or only those matching (as ip link show).")
    List<String> words;

    /** What {@code ip link show} selects by: a device, or filters that all must hold. */
    record Filter(String dev, boolean up, String type, String master, Long group) {
        static Filter parse(List<String> words) {
            String dev = null, type = null, master = null;
            boolean up = false;
            Long group = null;
            List<String> w = words == null ? List.of() : words;
            for (int i = 0; i < w.size(); i++) {
                String word = w.get(i);
                if (word.startsWith("-")) {
                    // picocli lets number-like words ("-5") through; they are never a device to show.
                    throw new UsageException("link show: unknown option \"" + word + "\"");
                }
                switch (word) {
                    case "up" -> up = true;
                    case "dev", "type", "master", "group" -> {
                        if (i + 1 >= w.size()) throw new UsageException("link show: \"" + word + "\" needs a value");
                        String v = w.get(++i);
                        switch (word) {
                            case "dev" -> dev = once(dev, v, word);
                            case "type" -> type = once(type, v, word);
                            case "master" -> master = once(master, v, word);
                            default -> group = group(v);
                        }
                    }
                    default -> {
                        if (dev != null) throw new UsageException("link show: unexpected \"" + word + "\"");
                        dev = word;
                    }
                }
            }
            return new Filter(dev, up, type, master, group);
        }

        private static String once(String old, String v, String word) {
            if (old != null) throw new UsageException("link show: duplicate \"" + word + "\"");
            return v;
        }

        private static long group(String v) {
            if (v.equals("default")) return 0;
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new UsageException("link show: invalid group \"" + v + "\": expected a number or default");
            }
        }

        /**
         * {@code type K} matches the device's kind, or with a {@code _slave} suffix the kind of
         * its master ({@code type bridge_slave}), as ip.
         */
        boolean matches(Link l, Integer masterIndex) {
            if (up && !l.up()) return false;
            if (type != null) {
                boolean slave = type.endsWith("_slave");
                String k = slave ? type.substring(0, type.length() - "_slave".length()) : type;
                if (!k.equals(slave ? l.more().slaveKind() : l.kind())) return false;
            }
            if (master != null && !java.util.Objects.equals(masterIndex, l.more().master())) return false;
            return group == null || group.equals(l.more().group());
        }
    }

    @Override
    public Integer call() {
        Filter f = Filter.parse(words);
        try (Kernel k = Kernel.open()) {
            List<Link> all = k.rtnl().links().list();
            Map<Integer, String> names = new HashMap<>();
            all.forEach(l -> names.put(l.index(), l.name()));
            java.util.Set<Integer> up = new java.util.HashSet<>();
            all.forEach(l -> { if (l.up()) up.add(l.index()); });
            List<Link> shown = all;
            if (f.dev() != null) {
                // get() gives the kernel's ENODEV error for a missing device.
                shown = List.of(k.rtnl().links().get(f.dev()));
            }
            Integer masterIndex = f.master() == null ? null : k.rtnl().links().get(f.master()).index();
            shown = shown.stream().filter(l -> f.matches(l, masterIndex)).toList();
            PrintWriter out = out();
            LinkView.Names n = new LinkView.Names(names::get, netnsNames(k, shown), up::contains);
            if (Global.json()) {
                out.println(Json.write(shown.stream().map(l -> Global.brief() ? LinkView.briefJson(l, n)
                        : LinkView.json(l, Global.details(), Global.stats(), n)).toList()));
            } else {
                shown.forEach(l -> out.print(Global.brief() ? LinkView.brief(l, n)
                        : LinkView.text(l, Global.details(), Global.stats(), n)));
            }
            out.flush();
        }
        return 0;
    }

    /**
     * The names of the namespaces the shown links' other ends are in ({@code link-netns NAME} in
     * text, as ip); asked only when some link has one, since it opens every name in /run/netns.
     */
    public static IntFunction<String> netnsNames(Kernel k, List<Link> shown) {
        if (Global.json() || shown.stream().noneMatch(l -> l.linkNetnsId() != null)) {
            return i -> null;
        }
        Map<Integer, String> byId = NetnsIds.names(k.netns());
        return byId::get;
    }
}
