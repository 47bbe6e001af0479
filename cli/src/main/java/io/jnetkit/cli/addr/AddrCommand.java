package io.jnetkit.cli.addr;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.Kernel;
import io.jnetkit.rtnl.Address;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Link;
import io.jnetkit.cli.link.LinkShow;
import io.jnetkit.cli.link.LinkView;
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

/** {@code jnetkit addr …}: equivalent to {@code ip [-4|-6] [-br] address add|del|show|flush}. */
@Command(name = "addr", aliases = "address", mixinStandardHelpOptions = true,
        description = "Add, delete and show IPv4/IPv6 addresses (ip address).")
public final class AddrCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: show, as {@code ip address} alone is {@code ip address show}. */
    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        // its object, not execute(): a second parse would reset the global options (-j, -n) already set
        return ((java.util.concurrent.Callable<Integer>) spec.commandLine().getSubcommands().get("show").getCommand()).call();
    }

    /**
     * Parses {@code CIDR dev NAME} (either order of the two parts, as iproute2 allows);
     * {@code bare} when the address was written without a prefix length.
     */
    record Target(Cidr cidr, String dev, boolean bare) {
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
            boolean bare = words.stream().noneMatch(w -> w.contains("/"));
            return new Target(cidr, dev, bare);
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
                if (t.bare()) {
                    k.rtnl().addresses().delete(listed(k, t));
                } else {
                    try {
                        k.rtnl().addresses().delete(t.dev(), t.cidr());
                    } catch (io.jnetkit.sys.KernelException e) {
                        // The kernel's "not found" for addresses: exit 3, as without the prefix.
                        if (e.errno() != io.jnetkit.sys.Errno.EADDRNOTAVAIL) throw e;
                        throw new io.jnetkit.cli.Exit.NotFoundException(e.getMessage() + "; " + t.dev()
                                + " has no address " + t.cidr());
                    }
                }
            }
            return 0;
        }

        /**
         * An address given without its prefix: the one address of the device with that local
         * address (ip deletes it by a wildcard match, with a warning; here it is looked up, and
         * two of them, possible for IPv4, are an error naming both).
         */
        private static Address listed(Kernel k, Target t) {
            List<Address> same = k.rtnl().addresses().list(t.dev()).stream()
                    .filter(a -> a.local().equals(t.cidr().address())).toList();
            if (same.isEmpty()) {
                throw new io.jnetkit.cli.Exit.NotFoundException("delete address " + Cidr.format(t.cidr().address())
                        + " from " + t.dev() + ": the device has no such address");
            }
            if (same.size() > 1) {
                throw new UsageException("addr del: " + Cidr.format(t.cidr().address()) + " is on " + t.dev()
                        + " more than once (" + same.stream().map(a -> a.cidr().toString())
                        .collect(java.util.stream.Collectors.joining(", ")) + "): give the prefix length");
            }
            return same.getFirst();
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = {"Delete every address of a device: addr flush dev NAME; jnetkit -4|-6 addr flush: one family.",
                    "Example: jnetkit -n task_netns addr flush dev nk0"})
    public static final class Flush implements Callable<Integer> {
        @Parameters(paramLabel = "dev NAME", arity = "1..2", description = "The device whose addresses go.")
        List<String> words;

        /** Equivalent to {@code ip [-4|-6] address flush dev NAME}. */
        @Override
        public Integer call() {
            if (words.size() == 2 && !words.getFirst().equals("dev") || words.getLast().startsWith("-")) {
                throw new UsageException("addr flush: expected \"dev NAME\"");
            }
            try (Kernel k = Kernel.open()) {
                k.rtnl().addresses().flush(words.getLast(), Global.family());
            }
            return 0;
        }
    }

    @Command(name = "show", aliases = {"list", "ls"}, mixinStandardHelpOptions = true,
            description = {"Show addresses, grouped by device: addr show [dev NAME]; jnetkit -4|-6 addr show: one family.",
                    "Example: jnetkit -n task_netns addr show dev nk0 --json"})
    public static final class Show extends io.jnetkit.cli.ShowCommand {
        /** This command as picocli would run it with these positional words (null: none), printing to {@code out}. */
        public static int run(PrintWriter out, List<String> words) {
            Show c = new Show();
            c.words = words;
            return c.runWithoutPicocli(out);
        }

        @Parameters(paramLabel = "[dev] NAME | up", arity = "0..3", description = "Only this device, or only devices that are up.")
        List<String> words;

        @Override
        public Integer call() {
            boolean upOnly = words != null && words.remove("up");
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
                List<Link> all = k.rtnl().links().list();
                Map<Integer, String> names = new HashMap<>();
                all.forEach(l -> names.put(l.index(), l.name()));
                java.util.Set<Integer> up = new java.util.HashSet<>();
                all.forEach(l -> { if (l.up()) up.add(l.index()); });
                List<Link> links = only == null ? all : List.of(k.rtnl().links().get(only));
                List<Address> addrs = k.rtnl().addresses().list().stream()
                        .filter(a -> family == null || a.family() == family).toList();
                PrintWriter out = out();
                LinkView.Names n = new LinkView.Names(names::get, LinkShow.netnsNames(k, links), up::contains);
                List<Map<String, Object>> json = new ArrayList<>();
                for (Link l : links) {
                    List<Address> mine = addrs.stream().filter(a -> a.index() == l.index()).toList();
                    if (family != null && mine.isEmpty() || upOnly && !l.up()) {
                        continue;  // ip -4 addr show leaves out devices without an address of the family
                    }
                    if (Global.json()) {
                        json.add(Global.brief() ? briefJson(l, n, mine) : json(l, n, mine, only != null));
                    } else {
                        out.print(Global.brief() ? brief(l, n, mine) : text(l, n, mine, only != null));
                    }
                }
                if (Global.json()) out.println(Json.write(json));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code ip -j address show}'s object: the link's keys (no linkmode), then addr_info. */
    static Map<String, Object> json(Link l, LinkView.Names n, List<Address> mine, boolean oneDevice) {
        Map<String, Object> m = LinkView.head(l, n, false, Global.details());
        if (ipv6LinkDump(oneDevice)) {
            List.of("qdisc", "master", "group").forEach(m::remove);
        }
        if (Global.family() != null && !Global.details()) {
            // ip -4/-6: the link layer's keys are left out, as in its text (-d keeps them)
            List.of("link_type", "address", "broadcast", "link_pointtopoint", "link_netnsid").forEach(m::remove);
        }
        boolean generic = !ipv6LinkDump(oneDevice);
        if (Global.details() && generic) {
            LinkView.detailsJson(m, l, false);
            m.put("ifalias", l.more().alias());
        }
        if (!l.more().altNames().isEmpty() && generic) m.put("altnames", l.more().altNames());
        m.put("addr_info", mine.stream().map(AddrCommand::json).toList());
        if (Global.stats() && generic && l.more().stats() != null) m.put("stats64", LinkView.statsJson(l.more().stats()));
        return m;
    }

    /** One addr_info entry with ip's keys, in ip's order; each flag is a key set to true. */
    static Map<String, Object> json(Address a) {
        Map<String, Object> ai = new LinkedHashMap<>();
        ai.put("family", a.family().word());
        ai.put("local", Cidr.format(a.local()));
        ai.put("address", a.peer() == null ? null : Cidr.format(a.peer()));
        ai.put("prefixlen", a.prefixLength());
        ai.put("broadcast", a.broadcast() == null ? null : Cidr.format(a.broadcast()));
        ai.put("scope", scope(a.scope()));
        for (String f : a.flagWords()) ai.put(f, true);
        ai.put("protocol", a.protocolWord());
        ai.put("label", a.label());
        ai.put("valid_life_time", a.validLifetime());
        ai.put("preferred_life_time", a.preferredLifetime());
        return ai;
    }

    /** {@code ip address show} text: the link's two lines (no mode), then two lines per address. */
    static String text(Link l, LinkView.Names n, List<Address> mine, boolean oneDevice) {
        StringBuilder sb = new StringBuilder();
        boolean generic = !ipv6LinkDump(oneDevice);
        // ip -4/-6 leaves the link layer out, unless -d asks for the details that are on its line
        LinkView.addressHead(sb, l, n, Global.family() == null || Global.details(), generic, Global.details() && generic);
        for (Address a : mine) {
            sb.append("    ").append(a.family().word()).append(' ').append(Cidr.format(a.local()));
            if (a.peer() != null) sb.append(" peer ").append(Cidr.format(a.peer()));
            sb.append('/').append(a.prefixLength()).append(' ');
            if (a.broadcast() != null) sb.append("brd ").append(Cidr.format(a.broadcast())).append(' ');
            sb.append("scope ").append(scope(a.scope())).append(' ');
            for (String f : a.flagWords()) sb.append(f).append(' ');
            if (a.protocol() != null) sb.append("proto ").append(a.protocolWord()).append(' ');
            if (a.label() != null) sb.append(a.label());
            sb.append('\n');
            if (a.validLifetime() != null) {
                sb.append("       valid_lft ").append(lifetime(a.validLifetime()))
                        .append(" preferred_lft ").append(lifetime(a.preferredLifetime())).append('\n');
            }
        }
        if (Global.stats() && generic && l.more().stats() != null) LinkView.statsText(sb, l.more().stats());
        return sb.toString();
    }

    /**
     * {@code ip -6 address show} of all devices reads them with an AF_INET6 link dump, whose
     * messages lack qdisc, master, group and alternative names: ip prints fewer link keys then.
     */
    static boolean ipv6LinkDump(boolean oneDevice) {
        return Global.family() == IpFamily.V6 && !oneDevice;
    }

    static String lifetime(Long seconds) {
        return seconds == null || seconds == Address.FOREVER ? "forever" : seconds + "sec";
    }

    /** {@code ip -br address show}: {@code name@peer  STATE  CIDR CIDR …}. */
    static String brief(Link l, LinkView.Names n, List<Address> mine) {
        StringBuilder sb = new StringBuilder(LinkView.padRight(l.name() + LinkView.peerSuffix(l, n.ifname()), 16))
                .append(' ').append(LinkView.padRight(LinkView.state(l), 14)).append(' ');
        for (Address a : mine) {
            sb.append(Cidr.format(a.local()));
            if (a.peer() != null) sb.append(" peer ").append(Cidr.format(a.peer()));
            sb.append('/').append(a.prefixLength()).append(' ');
        }
        return sb.append('\n').toString();
    }

    /** {@code ip -br -j address show}'s object: link, ifname, operstate, addr_info of local and prefixlen. */
    static Map<String, Object> briefJson(Link l, LinkView.Names n, List<Address> mine) {
        Map<String, Object> m = LinkView.briefJson(l, n);
        m.remove("address");
        m.remove("flags");
        m.put("addr_info", mine.stream().map(a -> {
            Map<String, Object> ai = new LinkedHashMap<>();
            ai.put("local", Cidr.format(a.local()));
            ai.put("address", a.peer() == null ? null : Cidr.format(a.peer()));
            ai.put("prefixlen", a.prefixLength());
            return ai;
        }).toList());
        return m;
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
