package io.jnetkit.testkit;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the kernel holds that a test's jnetkit runs may have made, counted from the kernel itself:
 * named network namespaces ({@code ip netns list}), the devices and routes in them
 * ({@code /proc/net/dev}, {@code /proc/net/route}, {@code /proc/net/ipv6_route} read from a thread
 * inside each namespace), the pins under a bpffs (a walk of the mount) and BPF programs, maps and
 * links by id (BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID, BPF_LINK_GET_NEXT_ID, as
 * {@code bpftool prog|map|link show} walks them).
 *
 * <pre>{@code
 * KernelInventory inv = new KernelInventory(bpffs.root(), n -> n.startsWith("tp-" + name + "-"), List.of(base));
 * KernelInventory.Snapshot before = inv.take();
 * ... up, kill, up again ...
 * KernelInventory.Snapshot during = inv.take();   // remembers the BPF objects reachable from the pins
 * ... down ...
 * KernelInventory.Leftovers left = inv.leftovers(before, List.of(during));
 * assertTrue(left.none(), left.report());
 * }</pre>
 *
 * <p>Other processes (other test runs on the same machine) make and drop BPF objects all the time,
 * so a BPF object counts as the test's only when a snapshot saw it reachable from a pin under the
 * test's bpffs: a pinned link, its program and the program's maps, a pinned program and its maps,
 * a pinned map. That is also the only way a jnetkit object outlives the process that made it (an
 * unpinned link or program dies with its last descriptor), so an object that is neither pinned
 * nor attached to a device the inventory counts cannot have been left by jnetkit. Namespaces count
 * when {@code owned} accepts their name; devices and routes in them and in the {@code watched}
 * namespaces (the base namespace node-less pods are wired to) count too.
 *
 * <p>The BPF part is reached by name at run time (like {@link NetkitRequired}): this module sits
 * below jnetkit-bpf in the build, and a module whose tests use the inventory has jnetkit-bpf on
 * its test path.
 */
public final class KernelInventory {
    private final Path bpffs;
    private final Predicate<String> owned;
    private final List<String> watched;

    /**
     * @param bpffs   the bpffs whose pins are the test's (a {@link PrivateBpffs} root), or null for none
     * @param owned   which named namespaces are the test's
     * @param watched namespaces (by name) that exist before and after, whose devices and routes count
     */
    public KernelInventory(Path bpffs, Predicate<String> owned, Collection<String> watched) {
        this.bpffs = bpffs;
        this.owned = owned;
        this.watched = List.copyOf(watched);
    }

    /**
     * One look at the kernel.
     *
     * @param netns    the owned named namespaces
     * @param devices  namespace to the devices in it ("name"), for owned and watched namespaces
     * @param routes   namespace to its routes ("v4 DST/LEN dev DEV", "v6 DST/LEN dev DEV")
     * @param pins     paths of the pins under the bpffs, relative to it
     * @param programs ids of every BPF program on the system
     * @param maps     ids of every BPF map
     * @param links    ids of every BPF link
     * @param pinned   the BPF objects reachable from the pins ("program 12", "map 40", "link 7")
     */
    public record Snapshot(SortedSet<String> netns, SortedMap<String, SortedSet<String>> devices,
                           SortedMap<String, SortedSet<String>> routes, SortedSet<String> pins,
                           Set<Integer> programs, Set<Integer> maps, Set<Integer> links, SortedSet<String> pinned) {
        /** How much there is, in one line: for a test's log. */
        public String summary() {
            int devs = devices.values().stream().mapToInt(Set::size).sum();
            int rts = routes.values().stream().mapToInt(Set::size).sum();
            return netns.size() + " namespaces, " + devs + " devices, " + rts + " routes, " + pins.size() + " pins, "
                    + pinned.size() + " pinned BPF objects (" + programs.size() + " programs, " + maps.size() + " maps, "
                    + links.size() + " links on the system)";
        }
    }

    /**
     * What is still there that was not there before.
     *
     * @param netns   owned namespaces that were not there before
     * @param devices "NS/DEV" devices that were not there before
     * @param routes  "NS: ROUTE" routes that were not there before
     * @param pins    pins that were not there before
     * @param bpf     BPF objects a snapshot saw pinned that were not there before and still are
     */
    public record Leftovers(List<String> netns, List<String> devices, List<String> routes, List<String> pins,
                            List<String> bpf) {
        public boolean none() {
            return netns.isEmpty() && devices.isEmpty() && routes.isEmpty() && pins.isEmpty() && bpf.isEmpty();
        }

        /** "nothing left", or one line per kind of leftover. */
        public String report() {
            if (none()) return "nothing left";
            StringBuilder b = new StringBuilder("left behind:");
            line(b, "namespaces", netns);
            line(b, "devices", devices);
            line(b, "routes", routes);
            line(b, "pins", pins);
            line(b, "BPF objects", bpf);
            return b.toString();
        }

        private static void line(StringBuilder b, String what, List<String> items) {
            if (!items.isEmpty()) b.append("\n  ").append(items.size()).append(' ').append(what).append(": ").append(items);
        }
    }

    public Snapshot take() {
        SortedSet<String> netns = new TreeSet<>();
        for (String n : NetNamespaces.list()) if (owned.test(n)) netns.add(n);
        SortedMap<String, SortedSet<String>> devices = new TreeMap<>();
        SortedMap<String, SortedSet<String>> routes = new TreeMap<>();
        List<String> look = new ArrayList<>(netns);
        for (String w : watched) if (!look.contains(w)) look.add(w);
        for (String n : look) {
            List<SortedSet<String>> seen = inside(n);
            if (seen == null) {
                netns.remove(n); // deleted between the list and the look
                continue;
            }
            devices.put(n, seen.get(0));
            routes.put(n, seen.get(1));
        }
        SortedSet<String> pins = new TreeSet<>();
        SortedSet<String> pinned = new TreeSet<>();
        if (bpffs != null) {
            for (Path p : pinFiles()) {
                pins.add(bpffs.relativize(p).toString());
                Bpf.reachable(p, pinned);
            }
            Bpf.mapsOfPinnedPrograms(pinned);
        }
        return new Snapshot(netns, devices, routes, pins, Bpf.ids("programIds"), Bpf.ids("mapIds"), Bpf.ids("linkIds"),
                pinned);
    }

    /**
     * What is left now of what the test made: compared with {@code before}, and for BPF objects
     * those any of {@code seen} found pinned. Looks again for up to 10 s while something is left:
     * the kernel frees unpinned links, programs and maps and tears down deleted namespaces'
     * devices by deferred work.
     */
    public Leftovers leftovers(Snapshot before, Collection<Snapshot> seen) {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Leftovers l = compare(before, seen, take());
            if (l.none() || System.nanoTime() > until) return l;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return l;
            }
        }
    }

    /** {@link #leftovers} of {@code now}, at once. */
    public static Leftovers compare(Snapshot before, Collection<Snapshot> seen, Snapshot now) {
        List<String> netns = now.netns().stream().filter(n -> !before.netns().contains(n)).toList();
        List<String> devices = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        for (var e : now.devices().entrySet()) {
            Set<String> was = before.devices().getOrDefault(e.getKey(), new TreeSet<>());
            for (String d : e.getValue()) if (!was.contains(d)) devices.add(e.getKey() + "/" + d);
        }
        for (var e : now.routes().entrySet()) {
            Set<String> was = before.routes().getOrDefault(e.getKey(), new TreeSet<>());
            for (String r : e.getValue()) if (!was.contains(r)) routes.add(e.getKey() + ": " + r);
        }
        List<String> pins = now.pins().stream().filter(p -> !before.pins().contains(p)).toList();
        SortedSet<String> bpf = new TreeSet<>();
        for (Snapshot s : seen) {
            for (String o : s.pinned()) {
                int id = Integer.parseInt(o.substring(o.indexOf(' ') + 1));
                boolean was;
                boolean is;
                if (o.startsWith("program ")) {
                    was = before.programs().contains(id);
                    is = now.programs().contains(id);
                } else if (o.startsWith("map ")) {
                    was = before.maps().contains(id);
                    is = now.maps().contains(id);
                } else {
                    was = before.links().contains(id);
                    is = now.links().contains(id);
                }
                if (is && !was) bpf.add(o);
            }
        }
        return new Leftovers(netns, devices, routes, pins, List.copyOf(bpf));
    }

    /** [devices, routes] of namespace {@code name}, or null when it is gone. */
    private static List<SortedSet<String>> inside(String name) {
        NetNs ns;
        try {
            ns = NetNs.open(name);
        } catch (RuntimeException e) {
            if (!NetNamespaces.exists(name)) return null;
            // A name whose namespace was never bound to it (a process killed inside "ip netns add"):
            // still a leftover, shown as what it is.
            SortedSet<String> what = new TreeSet<>(Set.of("(not a namespace: " + e.getMessage() + ")"));
            return List.of(what, new TreeSet<>());
        }
        try (ns) {
            // NetNs.call runs on a thread of its own inside the namespace: thread-self/net is that namespace's.
            return ns.call(() -> List.of(devices(), routes()));
        }
    }

    private static SortedSet<String> devices() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net/dev"));
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            out.add(line.substring(0, line.indexOf(':')).strip());
        }
        return out;
    }

    private static SortedSet<String> routes() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        List<String> v4 = Files.readAllLines(Path.of("/proc/thread-self/net/route"));
        for (String line : v4.subList(Math.min(1, v4.size()), v4.size())) {
            String[] f = line.strip().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask ...: addresses as little-endian hex.
            out.add("v4 " + v4Address(f[1]) + "/" + Integer.bitCount((int) Long.parseLong(f[7], 16)) + " via "
                    + v4Address(f[2]) + " dev " + f[0]);
        }
        Path v6 = Path.of("/proc/thread-self/net/ipv6_route");
        if (Files.exists(v6)) {
            for (String line : Files.readAllLines(v6)) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 10 || f[9].equals("lo")) continue; // lo: the kernel's own local and unreachable routes
                out.add("v6 " + f[0] + "/" + Integer.parseInt(f[1], 16) + " via " + f[4] + " dev " + f[9]);
            }
        }
        return out;
    }

    private static String v4Address(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }

    private List<Path> pinFiles() {
        try (Stream<Path> s = Files.walk(bpffs)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !(p.getParent().equals(bpffs) && p.getFileName().toString().endsWith(".debug")))
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            // A directory removed during the walk (a concurrent unpin): look again.
            try (Stream<Path> s = Files.walk(bpffs)) {
                return s.filter(Files::isRegularFile)
                        .filter(p -> !(p.getParent().equals(bpffs) && p.getFileName().toString().endsWith(".debug")))
                        .toList();
            } catch (IOException e2) {
                throw new AssertionError("walk " + bpffs + ": " + e2.getMessage(), e2);
            }
        }
    }

    /** The BPF side, by name: io.jnetkit.bpf's BpfObjects, Program, BpfLink, BpfMap. */
    static final class Bpf {
        private static final ClassLoader LOADER = KernelInventory.class.getClassLoader();

        private static Class<?> type(String simple) {
            try {
                return Class.forName("io.jnetkit.bpf." + simple, true, LOADER);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("KernelInventory counts BPF objects through io.jnetkit.bpf." + simple
                        + ", which is not on the test path (add jnetkit-bpf as a test dependency)", e);
            }
        }

        private static Object call(Object target, Class<?> type, String method, Object... args) {
            try {
                Class<?>[] types = new Class<?>[args.length];
                for (int i = 0; i < args.length; i++) {
                    types[i] = args[i] instanceof Path ? Path.class : args[i] instanceof Integer ? int.class : args[i].getClass();
                }
                Method m = type.getMethod(method, types);
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new AssertionError(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("call " + type.getName() + "." + method + ": " + e, e);
            }
        }

        private static Object component(Object record, String name) {
            return call(record, record.getClass(), name);
        }

        @SuppressWarnings("unchecked")
        static Set<Integer> ids(String method) {
            return new java.util.HashSet<>((List<Integer>) call(null, type("BpfObjects"), method));
        }

        /** Adds what the pin at {@code p} holds (and a link's program) to {@code out}; nothing if it vanished. */
        static void reachable(Path p, Set<String> out) {
            try {
                String kind = call(null, type("BpfObjects"), "pinnedKind", p).toString();
                switch (kind) {
                    case "LINK" -> {
                        Object info = opened(p, "BpfLink");
                        out.add("link " + component(info, "id"));
                        int prog = (Integer) component(info, "programId");
                        if (prog != 0) out.add("program " + prog);
                    }
                    case "PROGRAM" -> out.add("program " + component(opened(p, "Program"), "id"));
                    case "MAP" -> out.add("map " + component(opened(p, "BpfMap"), "id"));
                    default -> { }
                }
            } catch (RuntimeException e) {
                if (Files.exists(p)) throw e; // else unpinned meanwhile
            }
        }

        /**
         * The object of {@code kind} ("program", "map", "link") with {@code id} in words, with
         * its name and type, or null when it is gone.
         */
        static String describe(String kind, int id) {
            String simple = switch (kind) {
                case "program" -> "Program";
                case "map" -> "BpfMap";
                default -> "BpfLink";
            };
            Class<?> t = type(simple);
            Object o;
            try {
                o = call(null, t, "fromId", id);
            } catch (RuntimeException e) {
                return null;
            }
            try {
                Object info = call(o, t, "info");
                StringBuilder b = new StringBuilder(kind).append(' ').append(id);
                if (!kind.equals("link")) {
                    String name = (String) component(info, "name");
                    if (name != null && !name.isEmpty()) b.append(" name ").append(name);
                } else {
                    b.append(" program ").append(component(info, "programId"));
                    Object ifindex = component(info, "ifindex");
                    if (!Integer.valueOf(0).equals(ifindex)) b.append(" ifindex ").append(ifindex);
                }
                b.append(" (").append(component(info, "type")).append(')');
                return b.toString();
            } finally {
                call(o, t, "close");
            }
        }

        /** The map ids of program {@code id}, empty when it is gone. */
        @SuppressWarnings("unchecked")
        static List<Integer> mapsOf(int id) {
            Class<?> t = type("Program");
            Object o;
            try {
                o = call(null, t, "fromId", id);
            } catch (RuntimeException e) {
                return List.of();
            }
            try {
                return (List<Integer>) component(call(o, t, "info"), "mapIds");
            } finally {
                call(o, t, "close");
            }
        }

        /** The info of the object pinned at {@code p}, opened and closed again. */
        private static Object opened(Path p, String simple) {
            Class<?> t = type(simple);
            Object o = call(null, t, "fromPinned", p);
            try {
                return call(o, t, "info");
            } finally {
                call(o, t, "close");
            }
        }

        /** Adds the maps of the programs in {@code pinned}. */
        static void mapsOfPinnedPrograms(Set<String> pinned) {
            @SuppressWarnings("unchecked")
            List<Object> programs = (List<Object>) call(null, type("BpfObjects"), "programs");
            for (Object info : programs) {
                if (!pinned.contains("program " + component(info, "id"))) continue;
                @SuppressWarnings("unchecked")
                List<Integer> maps = (List<Integer>) component(info, "mapIds");
                for (int m : maps) pinned.add("map " + m);
            }
        }
    }
}
