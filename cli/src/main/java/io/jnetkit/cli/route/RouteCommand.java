package io.jnetkit.cli.route;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.RouteSpec;
import io.jnetkit.rtnl.RouteTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit route …}: equivalent to {@code ip route add|del|show}. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Add, delete and show routes (ip route).")
public final class RouteCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: show, as {@code ip route} alone is {@code ip route show}. */
    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        // its object, not execute(): a second parse would reset the global options (-j, -n) already set
        return ((java.util.concurrent.Callable<Integer>) spec.commandLine().getSubcommands().get("show").getCommand()).call();
    }

    /** {@code (default | PREFIX) [via GW] [dev NAME] [metric N] [table N]}. */
    static RouteSpec parse(List<String> words, String command) {
        RouteSpec.Builder b = RouteSpec.builder();
        boolean haveDst = false, haveVia = false, haveDev = false, isDefault = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            try {
                switch (w) {
                    case "via" -> { need(words, i, w, command, haveVia); haveVia = true; b.gateway(words.get(++i)); }
                    case "dev" -> { need(words, i, w, command, haveDev); haveDev = true; b.device(words.get(++i)); }
                    case "metric", "priority" -> { need(words, i, w, command, false); b.metric(Integer.parseInt(words.get(++i))); }
                    case "table" -> { need(words, i, w, command, false); b.table(table(words.get(++i), command)); }
                    default -> {
                        if (haveDst) throw new UsageException(command + ": unexpected \"" + w + "\"");
                        haveDst = true;
                        isDefault = w.equals("default");
                        b.dst(isDefault ? null : Cidr.parse(w));
                    }
                }
            } catch (NumberFormatException e) {
                String v = words.get(i);
                throw new UsageException(command + ": " + (v.matches("[+-]?\\d+")
                        ? words.get(i - 1) + " " + v + " is out of range 0.." + Integer.MAX_VALUE
                        : "\"" + v + "\" is not a number"));
            } catch (IllegalArgumentException e) {
                if (e instanceof UsageException) throw e;
                throw new UsageException(command + ": " + e.getMessage());
            }
        }
        if (!haveDst) {
            throw new UsageException(command + ": expected a destination: default or PREFIX, e.g. default via 10.0.0.1");
        }
        if (!haveVia && !haveDev) {
            throw new UsageException(command + ": expected \"via GATEWAY\" and/or \"dev NAME\"");
        }
        if (isDefault && !haveVia) {
            b.dst(Cidr.parse("0.0.0.0/0"));  // "default dev X": the family cannot come from a gateway
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    private static void need(List<String> words, int i, String w, String command, boolean seen) {
        if (seen) throw new UsageException(command + ": duplicate \"" + w + "\"");
        if (i + 1 >= words.size()) throw new UsageException(command + ": \"" + w + "\" needs a value");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a route: route add (default|PREFIX) [via GW] [dev NAME] [metric N] [table N].",
                    "Example: jnetkit -n task_netns route add default via 10.0.0.1"})
    public static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
        List<String> words;

        @Override
        public Integer call() {
            RouteSpec r = parse(words, "route add");
            try (Kernel k = Kernel.open()) {
                k.rtnl().routes().add(r);
            }
            return 0;
        }
    }

    @Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a route, named as for add.", "Example: jnetkit route del 10.1.0.0/16 dev nk0"})
    public static final class Del implements Callable<Integer> {
        @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
        List<String> words;

        @Override
        public Integer call() {
            RouteSpec r = parse(words, "route del");
            try (Kernel k = Kernel.open()) {
                k.rtnl().routes().delete(r);
            }
            return 0;
        }
    }

    /** A table name or number for add/del ({@code main}, {@code 100}, a name from rt_tables). */
    static int table(String word, String command) {
        long id;
        try {
            id = RouteTables.system().id(word);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
        if (id == 0 || id > Integer.MAX_VALUE) {
            throw new UsageException(command + ": table " + word + " is out of range 1.." + Integer.MAX_VALUE);
        }
        return (int) id;
    }

    @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
            description = {"Show the main table's IPv4 routes (jnetkit -6 route show: IPv6), like ip route show.",
                    "Example: jnetkit -n task_netns route show --json"})
    public static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        // -4/-6 are global options (Main), as in ip; "route show -6" still works (inherited).
        @Parameters(paramLabel = "[table T] [dev NAME]", arity = "0..*", description = "Only the routes of table T (main, local, all, a number or a name from rt_tables) and device NAME.")
        List<String> words;

        /**
         * Equivalent to {@code ip [-4|-6] [-j] route show [table main|local|all|N|NAME] [dev NAME]}:
         * the main table by default; with {@code table all} both families unless -4/-6 is given,
         * else IPv4 unless -6.
         */
        @Override
        public Integer call() {
            RouteTables tables = RouteTables.system();
            Long table = null;
            String dev = null;
            List<String> w = words == null ? List.of() : words;
            for (int i = 0; i < w.size(); i++) {
                String word = w.get(i);
                switch (word) {
                    case "table", "dev" -> {
                        if (i + 1 >= w.size()) throw new UsageException("route show: \"" + word + "\" needs a value");
                        String v = w.get(++i);
                        if (word.equals("dev")) {
                            if (dev != null) throw new UsageException("route show: duplicate \"dev\"");
                            dev = v;
                        } else {
                            if (table != null) throw new UsageException("route show: duplicate \"table\"");
                            try {
                                table = v.equals("all") ? 0L : tables.id(v);
                            } catch (IllegalArgumentException e) {
                                throw new UsageException("route show: " + e.getMessage());
                            }
                        }
                    }
                    default -> throw new UsageException("route show: " + (word.startsWith("-") ? "unknown option \""
                            + word + "\" (the family goes first: jnetkit -6 route show)" : "unexpected \"" + word + "\""));
                }
            }
            long tb = table == null ? 254 : table;
            boolean all = tb == 0;
            IpFamily family = Global.family() != null ? Global.family() : all ? null : IpFamily.V4;
            try (Kernel k = Kernel.open()) {
                Map<Integer, String> names = new HashMap<>();
                for (Link l : k.rtnl().links().list()) names.put(l.index(), l.name());
                // The kernel selects the table and device (table 0: all of them).
                List<Route> routes = k.rtnl().routes().list(family, (int) tb, dev);
                PrintWriter out = spec.commandLine().getOut();
                List<Map<String, Object>> json = new ArrayList<>();
                for (Route r : routes) {
                    // ip prints neither the device nor the table the routes were selected by
                    String devName = dev != null || r.oif() == null ? null : names.getOrDefault(r.oif(), "if" + r.oif());
                    String tableName = !all || r.table() == 254 ? null : tables.name(Integer.toUnsignedLong(r.table()));
                    if (Global.json()) {
                        json.add(json(r, devName, tableName, i -> names.getOrDefault(i, "if" + i)));
                    } else {
                        out.println(text(r, devName, tableName, i -> names.getOrDefault(i, "if" + i)));
                    }
                }
                if (Global.json()) out.println(Json.write(json));
                out.flush();
            }
            return 0;
        }
    }

    /** ip's names of the RTAX_* metrics, by index (2 mtu … 17 fastopen_no_cookie). */
    private static final String[] METRIC_NAMES = {null, "lock", "mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd",
            "advmss", "reordering", "hoplimit", "initcwnd", "features", "rto_min", "initrwnd", "quickack", "congctl",
            "fastopen_no_cookie"};

    /** rtt and rttvar in ms from the kernel's 1/8 and 1/4 ms; the others as they are. */
    private static long metricValue(int rtax, long v) {
        return rtax == RTAX_RTT ? v / 8 : rtax == RTAX_RTTVAR ? v / 4 : v;
    }

    private static final int RTAX_RTT = 4, RTAX_RTTVAR = 5, RTAX_FEATURES = 12, RTAX_RTO_MIN = 13, RTAX_CC_ALGO = 16;

    /** {@code mtu [lock] 1400 … rtt 12ms … congctl [lock] cubic}, each followed by a space, in RTAX order. */
    static void metricsText(StringBuilder sb, Route.Metrics mx) {
        for (int i = 2; i < METRIC_NAMES.length; i++) {
            String lock = mx.locked(i) ? "lock " : "";
            if (i == RTAX_CC_ALGO) {
                if (mx.congctl() != null) sb.append("congctl ").append(lock).append(mx.congctl()).append(' ');
                continue;
            }
            Long raw = mx.values().get(i);
            if (raw == null) continue;
            long v = metricValue(i, raw);
            sb.append(METRIC_NAMES[i]).append(' ').append(lock);
            if (i == RTAX_FEATURES) {
                // ip names ECN and prints any other bits in hex
                long rest = v & ~1L;
                if ((v & 1) != 0) sb.append("ecn ");
                if (rest != 0) sb.append("0x").append(Long.toHexString(rest)).append(' ');
            } else if (i == RTAX_RTT || i == RTAX_RTTVAR || i == RTAX_RTO_MIN) {
                // ip's "%gs" from 1 s on, else whole ms
                sb.append(v >= 1000 ? new java.math.BigDecimal(v).movePointLeft(3).stripTrailingZeros().toPlainString() + "s"
                        : v + "ms").append(' ');
            } else {
                sb.append(v).append(' ');
            }
        }
    }

    /**
     * ip -j's one metrics object: each value by its name (rtt and rttvar in ms), congctl as
     * {@code congestion}. ip writes the ECN feature as {@code "ecn": null}, which this JSON writer
     * cannot (it leaves nulls out): features are not written.
     */
    static Map<String, Object> metricsJson(Route.Metrics mx) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 2; i < METRIC_NAMES.length; i++) {
            if (i == RTAX_CC_ALGO) {
                if (mx.congctl() != null) m.put("congestion", mx.congctl());
                continue;
            }
            Long raw = mx.values().get(i);
            if (raw == null || i == RTAX_FEATURES) continue;
            m.put(METRIC_NAMES[i], metricValue(i, raw));
        }
        return m;
    }

    /** ip's destination: {@code default}, a bare address for a host route, else the prefix. */
    static String dst(Route r) {
        if (r.isDefault()) return "default";
        return r.dst().prefixLength() == r.family().bits() ? Cidr.format(r.dst().address()) : r.dst().toString();
    }

    /** {@code ip -j route show}'s object: protocol without boot, scope without global, type without unicast. */
    static Map<String, Object> json(Route r, String dev, String table, java.util.function.IntFunction<String> devName) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!r.typeWord().equals("unicast")) m.put("type", r.typeWord());
        m.put("dst", dst(r));
        m.put("gateway", r.gateway() == null ? null : Cidr.format(r.gateway()));
        m.put("dev", dev);
        m.put("table", table);
        if (!r.protocolWord().equals("boot")) m.put("protocol", r.protocolWord());
        if (r.scope() != 0) m.put("scope", r.scopeWord());
        m.put("prefsrc", r.prefSrc() == null ? null : Cidr.format(r.prefSrc()));
        m.put("metric", r.priority());
        m.put("flags", r.flagWords());
        if (r.metrics() != null) m.put("metrics", List.of(metricsJson(r.metrics())));
        m.put("expires", r.expires());
        m.put("pref", r.prefWord());
        if (!r.nexthops().isEmpty()) {
            List<Map<String, Object>> hops = new ArrayList<>();
            for (Route.Nexthop h : r.nexthops()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("gateway", h.gateway() == null ? null : Cidr.format(h.gateway()));
                n.put("dev", devName.apply(h.ifindex()));
                n.put("weight", h.weight());
                n.put("flags", h.flagWords());
                hops.add(n);
            }
            m.put("nexthops", hops);
        }
        return m;
    }

    /** {@code ip route show}'s line: each word followed by a space, as ip prints it; {@code pref} last. */
    static String text(Route r, String dev, String table, java.util.function.IntFunction<String> devName) {
        StringBuilder sb = new StringBuilder();
        if (!r.typeWord().equals("unicast")) sb.append(r.typeWord()).append(' ');
        sb.append(dst(r)).append(' ');
        if (r.gateway() != null) sb.append("via ").append(Cidr.format(r.gateway())).append(' ');
        if (dev != null) sb.append("dev ").append(dev).append(' ');
        if (table != null) sb.append("table ").append(table).append(' ');
        if (!r.protocolWord().equals("boot")) sb.append("proto ").append(r.protocolWord()).append(' ');
        if (r.scope() != 0) sb.append("scope ").append(r.scopeWord()).append(' ');
        if (r.prefSrc() != null) sb.append("src ").append(Cidr.format(r.prefSrc())).append(' ');
        if (r.priority() != null) sb.append("metric ").append(Integer.toUnsignedString(r.priority())).append(' ');
        for (String f : r.flagWords()) sb.append(f).append(' ');
        if (r.metrics() != null) metricsText(sb, r.metrics());
        if (r.expires() != null) sb.append("expires ").append(r.expires()).append("sec ");
        if (r.pref() != null) sb.append("pref ").append(r.prefWord());
        // a multipath route: each path on a line of its own, tab-indented
        for (Route.Nexthop h : r.nexthops()) {
            sb.append("\n\tnexthop ");
            if (h.gateway() != null) sb.append("via ").append(Cidr.format(h.gateway())).append(' ');
            sb.append("dev ").append(devName.apply(h.ifindex())).append(' ');
            sb.append("weight ").append(h.weight()).append(' ');
            for (String f : h.flagWords()) sb.append(f).append(' ');
        }
        return sb.toString();
    }
}
