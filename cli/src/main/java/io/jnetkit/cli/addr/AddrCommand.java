package io.jnetkit.cli.addr;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.rtnl.Address;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit addr …}: equivalent to {@code ip address add|del|show}. */
@Command(name = "addr", aliases = "address", mixinStandardHelpOptions = true,
        description = "Add, delete and show IPv4/IPv6 addresses (ip address).",
        subcommands = {AddrCommand.Add.class, AddrCommand.Del.class, AddrCommand.Show.class})
public final class AddrCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses {@code CIDR dev NAME} (either order of the two parts, as iproute2 allows). */
    record Target(Cidr cidr, String dev) {
        static Target parse(List<String> words, String command) {
            Cidr cidr = null;
            String dev = null;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.equals("dev")) {
                    if (dev != null || i + 1 >= words.size()) throw new UsageException(command + ": expected \"dev NAME\" once");
                    dev = words.get(++i);
                } else if (w.equals("local")) {
                    continue;
                } else if (cidr == null) {
                    try {
                        cidr = Cidr.parse(w);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(command + ": " + e.getMessage());
                    }
                } else {
                    throw new UsageException(command + ": unexpected \"" + w + "\"");
                }
            }
            if (cidr == null || dev == null) {
                throw new UsageException(command + ": expected ADDRESS/PREFIX dev NAME, e.g. 10.0.0.1/24 dev nk0");
            }
            return new Target(cidr, dev);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an address: addr add ADDRESS[/PREFIX] dev NAME (no prefix: /32 or /128).",
                    "Example: jnetkit addr add 10.0.0.1/24 dev nk0"})
    public static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
        List<String> words;

        @Override
        public Integer call() {
            Target t = Target.parse(words, "addr add");
            try (Kernel k = Kernel.open()) {
                k.rtnl().addresses().add(t.dev(), t.cidr());
            }
            return 0;
        }
    }

    @Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
            description = {"Delete an address: addr del ADDRESS/PREFIX dev NAME.",
                    "Example: jnetkit addr del 10.0.0.1/24 dev nk0"})
    public static final class Del implements Callable<Integer> {
        @Parameters(paramLabel = "WORD", arity = "1..*", description = "The words above.")
        List<String> words;

        @Override
        public Integer call() {
            Target t = Target.parse(words, "addr del");
            try (Kernel k = Kernel.open()) {
                k.rtnl().addresses().delete(t.dev(), t.cidr());
            }
            return 0;
        }
    }

    @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
            description = {"Show addresses, grouped by device: addr show [dev NAME]; jnetkit -4|-6 addr show: one family.",
                    "Example: jnetkit -n task_netns addr show dev nk0 --json"})
    public static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "[dev] NAME", arity = "0..2", description = "Only this device.")
        List<String> words;

        @Override
        public Integer call() {
            if (words != null) {
                for (String w : words) {
                    if (w.startsWith("-")) {
                        // picocli passes "-4"-like words through as numbers; ip would take them as a device.
                        throw new UsageException("addr show: unknown option \"" + w + "\""
                                + (w.equals("-4") || w.equals("-6") ? " here (the family goes first: jnetkit " + w
                                + " addr show)" : ""));
                    }
                }
                if (words.size() == 2 && !words.get(0).equals("dev")) {
                    throw new UsageException("addr show: unexpected \"" + words.get(1) + "\"");
                }
            }
            String only = words == null || words.isEmpty() ? null
                    : words.size() == 2 ? words.get(1) : words.getFirst();
            IpFamily family = Global.family();
            try (Kernel k = Kernel.open()) {
                List<Link> links = only == null ? k.rtnl().links().list() : List.of(k.rtnl().links().get(only));
                List<Address> addrs = k.rtnl().addresses().list().stream()
                        .filter(a -> family == null || a.family() == family).toList();
                PrintWriter out = spec.commandLine().getOut();
                List<Map<String, Object>> json = new ArrayList<>();
                for (Link l : links) {
                    List<Address> mine = addrs.stream().filter(a -> a.index() == l.index()).toList();
                    if (family != null && mine.isEmpty()) {
                        continue;  // ip -4 addr show leaves out devices without an address of the family
                    }
                    if (Global.json()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("ifindex", l.index());
                        m.put("ifname", l.name());
                        m.put("addr_info", mine.stream().map(a -> {
                            Map<String, Object> ai = new LinkedHashMap<>();
                            ai.put("family", a.family().word());
                            ai.put("local", Cidr.format(a.local()));
                            ai.put("prefixlen", a.prefixLength());
                            ai.put("scope", scope(a.scope()));
                            ai.put("label", a.label());
                            return ai;
                        }).toList());
                        json.add(m);
                    } else {
                        out.println(l.index() + ": " + l.name() + ": state "
                                + (l.operState() == null ? "UNKNOWN" : l.operState().name()));
                        for (Address a : mine) {
                            out.println("    " + a.family().word() + " " + a.cidr() + " scope " + scope(a.scope())
                                    + (a.label() != null ? " " + a.label() : ""));
                        }
                    }
                }
                if (Global.json()) out.println(Json.write(json));
                out.flush();
            }
            return 0;
        }
    }

    static String scope(int s) {
        return switch (s) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(s);
        };
    }
}
