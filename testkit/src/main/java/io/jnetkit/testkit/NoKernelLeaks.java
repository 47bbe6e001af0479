package io.jnetkit.testkit;

import io.jnetkit.netns.NetNamespaces;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Fails a kernel-tier test that leaves a kernel object behind: a named network namespace, a
 * device or route in the test JVM's own namespace, a pin on the host's bpffs, a BPF program, map
 * or link, or a process it started. Registered on every {@link HostTest} and {@link NetkitTest}
 * (beside {@link NoFdLeaks}), so no test has to ask for it. Checked after each test, after its
 * {@code @AfterEach} methods and the extensions on its fields ({@link FreshNetns},
 * {@link PrivateBpffs}) have cleaned up, and after each class, for what {@code @BeforeAll} made.
 *
 * <p><b>Whose objects.</b> Host tests share the machine with other test runs (other checkouts,
 * other JVMs) that make and drop namespaces and BPF objects all the time, so a before/after diff
 * of the whole machine would blame this test for theirs. (Within one JVM, JUnit runs the tests one
 * after another: the build configures no parallel execution.) What counts as the test's:
 * <ul>
 *   <li>namespaces, devices and pins whose names <em>carry</em> a name the test took from
 *       {@link TestNames} ({@link FreshNetns#uniqueName}), the naming every test here uses;</li>
 *   <li>BPF objects reachable at the end of the test body (before any clean-up) from its
 *       descriptors and its child processes' ({@code /proc/PID/fdinfo}), from the pins under its
 *       {@link PrivateBpffs} and from pins carrying its names: a link's program, a program's maps.
 *       An object neither pinned, nor held by a descriptor, nor attached to a device that outlives
 *       the test cannot outlive the test, so these, and the namespaces and devices, are the ways
 *       a jnetkit object can be left behind;</li>
 *   <li>processes the test started (descendants of this JVM) that still run.</li>
 * </ul>
 * Where the test runs alone on its kernel — in the kernel-lab guest ({@code jnetkit.run=} on the
 * kernel command line) or with {@code -Djnetkit.leaks.alone=true} — every namespace, device, route,
 * pin and BPF object that is new since the test began counts (an id diff): nothing else makes them.
 *
 * <p>The kernel frees objects by deferred work (RCU, the namespace clean-up workqueue), so the
 * check looks again for up to {@link #GRACE_MILLIS} while something is left. A failure names
 * every object left, and the check then removes the namespaces, pins and processes it names (a
 * device in the JVM's namespace stays: removing one needs rtnetlink, which sits above this module),
 * so one leak does not fail the tests after it.
 */
public final class NoKernelLeaks implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterTestExecutionCallback, AfterEachCallback {
    /** How long the kernel gets to free what a test dropped. */
    static final long GRACE_MILLIS = 10_000;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoKernelLeaks.class);
    /** The host's bpffs: pins outside a {@link PrivateBpffs} land here. */
    static final Path HOST_BPFFS = Path.of("/sys/fs/bpf");

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("class", Scope.begin());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("test", Scope.begin());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Scope s = context.getStore(NS).get("test", Scope.class);
        if (s != null) s.sample();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Scope s = context.getStore(NS).remove("test", Scope.class);
        if (s == null) return;
        Scope outer = context.getParent().map(p -> p.getStore(NS).get("class", Scope.class)).orElse(null);
        if (outer != null) outer.owned.addAll(s.owned);
        List<String> left = s.end();
        if (outer != null) outer.reported.addAll(left);
        fail(left);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Scope s = context.getStore(NS).remove("class", Scope.class);
        if (s == null) return;
        s.sample();
        fail(s.end());
    }

    private static void fail(List<String> left) {
        if (left.isEmpty()) return;
        throw new AssertionError("kernel objects left by the test (removed now):\n  " + String.join("\n  ", left));
    }

    /**
     * The BPF objects that are visibly another process' ("program 12", "map 3", "link 7"): held
     * by a descriptor of a process that is neither this JVM nor below it, or reachable from a pin
     * on a bpffs other than {@code mine} (null: every bpffs is another's). For a test that diffs
     * ids on a shared machine: what is new and not among these is its own, or held only by an
     * attachment. Empty where the test runs alone.
     */
    public static Set<String> heldByOthers(Path mine) {
        Set<String> out = new HashSet<>();
        if (ALONE || !Bpf.present()) return out;
        Set<Long> ours = processes();
        ours.add(ProcessHandle.current().pid());
        ProcessHandle.allProcesses().filter(p -> !ours.contains(p.pid())).forEach(p -> fdObjects(p.pid(), out));
        Path self = mine == null ? null : mine.toAbsolutePath().normalize();
        for (Path root : bpffsMounts()) {
            if (root.equals(self)) continue;
            for (String pin : pins(root)) {
                try {
                    KernelInventory.Bpf.reachable(root.resolve(pin), out);
                } catch (RuntimeException e) {
                    // not ours to read (another process' private mount going away): skip
                }
            }
        }
        return out;
    }

    /** Mount points of every bpffs this process sees ({@code /proc/self/mountinfo}). */
    private static List<Path> bpffsMounts() {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int dash = line.indexOf(" - ");
                if (dash < 0) continue;
                String[] after = line.substring(dash + 3).split(" ");
                if (after.length == 0 || !after[0].equals("bpf")) continue;
                String[] before = line.substring(0, dash).split(" ");
                if (before.length > 4) out.add(Path.of(before[4].replace("\\040", " ")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether nothing but this JVM makes kernel objects on this kernel (the lab guest). */
    static boolean alone() {
        if (Boolean.getBoolean("jnetkit.leaks.alone")) return true;
        try {
            return Files.readString(Path.of("/proc/cmdline")).contains("jnetkit.run=");
        } catch (IOException e) {
            return false;
        }
    }

    private static final boolean ALONE = alone();

    /**
     * One test's (or class') watch: {@link #begin} before, {@link #sample} at the end of the body,
     * {@link #end} after the clean-up. Public for the extension's own test, which leaks on purpose.
     */
    public static final class Scope {
        private final int names;
        private final boolean alone;
        private final Set<String> netnsBefore;
        private final Set<String> devicesBefore;
        private final Set<String> routesBefore;
        private final Set<String> pinsBefore;
        private final Set<Long> processesBefore;
        private final Ids idsBefore;
        final Set<String> owned = new HashSet<>();
        final Set<String> reported = new HashSet<>();

        private Scope(boolean alone) {
            this.alone = alone;
            names = TestNames.mark();
            netnsBefore = new HashSet<>(NetNamespaces.list());
            devicesBefore = devices();
            routesBefore = alone ? routes() : Set.of();
            pinsBefore = alone ? pins(HOST_BPFFS) : Set.of();
            processesBefore = processes();
            idsBefore = Ids.now();
        }

        /** Starts watching, attributing by name on a shared machine, by id diff where alone. */
        public static Scope begin() {
            return new Scope(ALONE);
        }

        /** Starts watching, attributing by name and ownership only (as on a shared machine). */
        public static Scope beginShared() {
            return new Scope(false);
        }

        /**
         * Notes the BPF objects the test holds now (before any clean-up): through this JVM's and
         * its children's descriptors and the pins under its bpffs and carrying its names.
         */
        public void sample() {
            if (!Bpf.present()) return;
            Set<String> now = new HashSet<>();
            List<Long> pids = new ArrayList<>();
            pids.add(ProcessHandle.current().pid());
            ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
            for (long pid : pids) fdObjects(pid, now);
            String privateRoot = System.getProperty("jnetkit.bpffs");
            List<String> claimed = TestNames.since(names);
            List<Path> pins = new ArrayList<>();
            if (privateRoot != null) for (String p : pins(Path.of(privateRoot))) pins.add(Path.of(privateRoot, p));
            for (String p : pins(HOST_BPFFS)) {
                if (TestNames.carried(p, claimed) != null) pins.add(HOST_BPFFS.resolve(p));
            }
            for (Path p : pins) KernelInventory.Bpf.reachable(p, now);
            for (String o : List.copyOf(now)) {
                if (o.startsWith("program ")) {
                    for (int m : KernelInventory.Bpf.mapsOf(Integer.parseInt(o.substring(8)))) now.add("map " + m);
                }
            }
            for (String o : now) if (!idsBefore.has(o)) owned.add(o);
        }

        /**
         * What is left, one line per object, after waiting for the kernel's deferred frees; then
         * removes the named objects it found (namespaces, pins, processes).
         */
        public List<String> end() {
            return end(java.time.Duration.ofMillis(GRACE_MILLIS));
        }

        /** {@link #end()}, waiting at most {@code grace} for the kernel. */
        public List<String> end(java.time.Duration grace) {
            long until = System.nanoTime() + grace.toNanos();
            Found f = look();
            while (!f.none() && System.nanoTime() < until) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                f = look();
            }
            f.remove();
            List<String> out = new ArrayList<>(f.lines);
            out.removeAll(reported);
            return out;
        }

        private Found look() {
            List<String> claimed = TestNames.since(names);
            Found f = new Found();
            for (String n : NetNamespaces.list()) {
                if (netnsBefore.contains(n)) continue;
                String carried = TestNames.carried(n, claimed);
                if (carried != null || alone) {
                    f.netns.add(n);
                    f.lines.add("netns " + n + (carried != null ? " (carries the test's name " + carried + ")" : ""));
                }
            }
            for (String d : devices()) {
                if (devicesBefore.contains(d)) continue;
                String carried = TestNames.carried(d, claimed);
                if (carried != null || alone) {
                    f.lines.add("device " + d + " in the test JVM's namespace");
                }
            }
            if (alone) {
                for (String r : routes()) if (!routesBefore.contains(r)) f.lines.add("route " + r + " in the test JVM's namespace");
            }
            for (String p : pins(HOST_BPFFS)) {
                if (alone ? pinsBefore.contains(p) : TestNames.carried(p, claimed) == null) continue;
                f.pins.add(HOST_BPFFS.resolve(p));
                f.lines.add("pin " + HOST_BPFFS.resolve(p));
            }
            if (Bpf.present()) {
                Ids now = Ids.now();
                SortedSet<String> bpf = new TreeSet<>(Comparator.comparing((String o) -> o.substring(0, o.indexOf(' ')))
                        .thenComparingInt(o -> Integer.parseInt(o.substring(o.indexOf(' ') + 1))));
                for (String o : owned) if (now.has(o)) bpf.add(o);
                if (alone) bpf.addAll(now.minus(idsBefore));
                for (String o : bpf) {
                    String described = KernelInventory.Bpf.describe(o.substring(0, o.indexOf(' ')),
                            Integer.parseInt(o.substring(o.indexOf(' ') + 1)));
                    if (described != null) f.lines.add(described);
                }
            }
            ProcessHandle.current().descendants().filter(p -> !processesBefore.contains(p.pid()) && p.isAlive())
                    .forEach(p -> {
                        f.processes.add(p);
                        f.lines.add("process " + p.pid() + " " + p.info().commandLine().orElse("?"));
                    });
            return f;
        }
    }

    /** What one look found, and how to remove it. */
    private static final class Found {
        final List<String> lines = new ArrayList<>();
        final List<String> netns = new ArrayList<>();
        final List<Path> pins = new ArrayList<>();
        final List<ProcessHandle> processes = new ArrayList<>();

        boolean none() {
            return lines.isEmpty();
        }

        /** Best effort: a failure here must not hide the report. */
        void remove() {
            for (ProcessHandle p : processes) p.destroyForcibly();
            for (String n : netns) {
                try {
                    NetNamespaces.delete(n);
                } catch (RuntimeException ignored) {
                    // reported already
                }
            }
            for (Path p : pins) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // reported already
                }
            }
        }
    }

    /** Names of the devices in the calling thread's namespace ({@code /proc/thread-self/net/dev}). */
    private static Set<String> devices() {
        Set<String> out = new HashSet<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net/dev"));
            for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
                out.add(line.substring(0, line.indexOf(':')).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/thread-self/net/dev: " + e.getMessage(), e);
        }
        return out;
    }

    /** The routes of the calling thread's namespace, as {@link KernelInventory} words them. */
    private static Set<String> routes() {
        Set<String> out = new HashSet<>();
        try {
            List<String> v4 = Files.readAllLines(Path.of("/proc/thread-self/net/route"));
            for (String line : v4.subList(Math.min(1, v4.size()), v4.size())) {
                String[] f = line.strip().split("\\s+");
                out.add("v4 " + f[1] + "/" + f[7] + " via " + f[2] + " dev " + f[0]);
            }
            Path v6 = Path.of("/proc/thread-self/net/ipv6_route");
            if (Files.exists(v6)) {
                for (String line : Files.readAllLines(v6)) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length < 10 || f[9].equals("lo")) continue;
                    out.add("v6 " + f[0] + "/" + f[1] + " via " + f[4] + " dev " + f[9]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/thread-self/net routes: " + e.getMessage(), e);
        }
        return out;
    }

    /** The pins (regular files) under {@code root} relative to it; empty when it is no directory. */
    static Set<String> pins(Path root) {
        Set<String> out = new HashSet<>();
        if (!Files.isDirectory(root)) return out;
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> !(p.getParent().equals(root) && p.getFileName().toString().endsWith(".debug")))
                        .forEach(p -> out.add(root.relativize(p).toString()));
                return out;
            } catch (IOException | UncheckedIOException e) {
                // A directory removed during the walk (another process unpinning): look again.
                if (attempt == 3) throw new AssertionError("walk " + root + ": " + e.getMessage(), e);
                out.clear();
            }
        }
    }

    /** The processes below this JVM. */
    private static Set<Long> processes() {
        Set<Long> out = new HashSet<>();
        ProcessHandle.current().descendants().forEach(p -> out.add(p.pid()));
        return out;
    }

    /** Adds the BPF objects process {@code pid}'s descriptors hold ("program 12", "map 3", "link 7"). */
    private static void fdObjects(long pid, Set<String> out) {
        Path dir = Path.of("/proc/" + pid + "/fd");
        try (Stream<Path> fds = Files.list(dir)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (!target.startsWith("anon_inode:bpf")) continue;
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd.getFileName()))) {
                        String[] kv = line.split(":\\s*", 2);
                        if (kv.length < 2) continue;
                        switch (kv[0]) {
                            case "prog_id" -> out.add("program " + kv[1].strip());
                            case "map_id" -> out.add("map " + kv[1].strip());
                            case "link_id" -> out.add("link " + kv[1].strip());
                            default -> { }
                        }
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the process ended meanwhile
        }
    }

    /**
     * Whether io.jnetkit.bpf is on the test path and usable (a module below it in the build, such
     * as rtnetlink, may see its classes only as an unnamed module that cannot reach the system
     * call layer); without it, the test cannot have loaded BPF objects itself.
     */
    private static final class Bpf {
        private static final boolean PRESENT = probe();

        private static boolean probe() {
            try {
                Class.forName("io.jnetkit.bpf.BpfObjects", false, NoKernelLeaks.class.getClassLoader());
                KernelInventory.Bpf.ids("programIds");
                return true;
            } catch (ClassNotFoundException | LinkageError | AssertionError e) {
                return false;
            }
        }

        static boolean present() {
            return PRESENT;
        }
    }

    /** Every BPF program, map and link id on the system. */
    private record Ids(Set<Integer> programs, Set<Integer> maps, Set<Integer> links) {
        static Ids now() {
            if (!Bpf.present()) return new Ids(Set.of(), Set.of(), Set.of());
            return new Ids(KernelInventory.Bpf.ids("programIds"), KernelInventory.Bpf.ids("mapIds"),
                    KernelInventory.Bpf.ids("linkIds"));
        }

        boolean has(String o) {
            int id = Integer.parseInt(o.substring(o.indexOf(' ') + 1));
            return o.startsWith("program ") ? programs.contains(id) : o.startsWith("map ") ? maps.contains(id) : links.contains(id);
        }

        /** What is in this and not in {@code before}, as "program 12". */
        List<String> minus(Ids before) {
            List<String> out = new ArrayList<>();
            for (int id : programs) if (!before.programs.contains(id)) out.add("program " + id);
            for (int id : maps) if (!before.maps.contains(id)) out.add("map " + id);
            for (int id : links) if (!before.links.contains(id)) out.add("link " + id);
            return out;
        }
    }
}
