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
        description = "Add, delete and show routes (ip route).",
        subcommands = {RouteCommand.Add.class, RouteCommand.Del.class, RouteCommand.Show.class})
public final class RouteCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
                    case "table" -> { need(words, i, w, command, false); b.table(Integer.parseInt(words.get(++i))); }
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

    @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
            description = {"Show the main table's IPv4 routes (jnetkit -6 route show: IPv6), like ip route show.",
                    "Example: jnetkit -n task_netns route show --json"})
    public static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        // -4/-6 are global options (Main), as in ip; "route show -6" still works (inherited).
        @Parameters(paramLabel = "WORD", arity = "0..*", hidden = true)
        List<String> words;

        @Override
        public Integer call() {
            if (words != null && !words.isEmpty()) {
                String w = words.getFirst();
                throw new UsageException("route show: " + (w.startsWith("-") ? "unknown option \"" + w
                        + "\" (the family goes first: jnetkit -6 route show)" : "unexpected \"" + w + "\""));
            }
            IpFamily family = Global.family() == null ? IpFamily.V4 : Global.family();
            try (Kernel k = Kernel.open()) {
                Map<Integer, String> names = new HashMap<>();
                for (Link l : k.rtnl().links().list()) names.put(l.index(), l.name());
                List<Route> routes = k.rtnl().routes().list(family).stream()
                        .filter(r -> r.table() == 254).toList();
                PrintWriter out = spec.commandLine().getOut();
                List<Map<String, Object>> json = new ArrayList<>();
                for (Route r : routes) {
                    String dev = r.oif() == null ? null : names.getOrDefault(r.oif(), "if" + r.oif());
                    if (Global.json()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("dst", r.isDefault() ? "default" : r.dst().toString());
                        m.put("gateway", r.gateway() == null ? null : Cidr.format(r.gateway()));
                        m.put("dev", dev);
                        m.put("protocol", protocol(r.protocol()));
                        m.put("scope", scope(r.scope()));
                        m.put("prefsrc", r.prefSrc() == null ? null : Cidr.format(r.prefSrc()));
                        m.put("metric", r.priority());
                        json.add(m);
                    } else {
                        StringBuilder sb = new StringBuilder(r.isDefault() ? "default" : r.dst().toString());
                        if (r.gateway() != null) sb.append(" via ").append(Cidr.format(r.gateway()));
                        if (dev != null) sb.append(" dev ").append(dev);
                        sb.append(" proto ").append(protocol(r.protocol()));
                        if (r.scope() != 0) sb.append(" scope ").append(scope(r.scope()));
                        if (r.prefSrc() != null) sb.append(" src ").append(Cidr.format(r.prefSrc()));
                        if (r.priority() != null) sb.append(" metric ").append(r.priority());
                        out.println(sb);
                    }
                }
                if (Global.json()) out.println(Json.write(json));
                out.flush();
            }
            return 0;
        }
    }

    static String protocol(int p) {
        return switch (p) {
            case 2 -> "kernel";
            case 3 -> "boot";
            case 4 -> "static";
            default -> Integer.toString(p);
        };
    }

    static String scope(int s) {
        return switch (s) {
            case 0 -> "global";
            case 253 -> "link";
            case 254 -> "host";
            default -> Integer.toString(s);
        };
    }
}
