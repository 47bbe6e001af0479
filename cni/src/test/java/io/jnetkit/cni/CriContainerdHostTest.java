package io.jnetkit.cni;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jnetkit-cni under containerd 1.6's CRI plugin (Debian's containerd and runc), driven over the CRI
 * socket the way kubelet drives it: RunPodSandbox, PodSandboxStatus, StopPodSandbox,
 * RemovePodSandbox. containerd is the test's own ({@link PrivateContainerd}) and runs in a fresh
 * namespace, the "node", so the plugin's host devices land there; its pause image is built here
 * ({@link PauseImage}) and imported with ctr; its CNI config is one jnetkit network with a policy on
 * what every pod receives. Pods are made first one by one, then all at once; they ping each other,
 * the policy holds for real TCP, CHECK (run as a runtime runs it, with the result libcni cached)
 * passes and then reports a pod whose host device was deleted; after StopPodSandbox and
 * RemovePodSandbox nothing of the pods is left. Sizes: {@code -Djnetkit.cri.pods=N} (default 5) in a
 * row, {@code -Djnetkit.cri.parallel=M} (default 5) at once.
 */
@HostTest
class CriContainerdHostTest {
    static final int IN_A_ROW = Integer.getInteger("jnetkit.cri.pods", 5);
    static final int AT_ONCE = Integer.getInteger("jnetkit.cri.parallel", 5);
    /** The sandbox image: containerd's config names it, the archive built here carries the same name. */
    static final String PAUSE = "localhost/jnetkit/pause:test";
    static final Cidr SUBNET = Cidr.parse("10.126.0.0/24");
    /** Where libcni (in containerd) caches each attachment's result: what a runtime passes to CHECK as prevResult. */
    static final Path LIBCNI_CACHE = Path.of("/var/lib/cni/results");
    static final Pattern LOG_LINE = Pattern.compile("\\S+Z (ADD|DEL|CHECK) network=(\\S+) container=(\\S+) .*\\((\\d+) ms\\)");

    @RegisterExtension
    final FreshNetns node = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    Path dir;
    PrivateContainerd containerd;
    CriClient cri;
    String network;
    final List<String> sandboxes = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Pod> pods = Collections.synchronizedMap(new LinkedHashMap<>());

    record Pod(String id, InetAddress ip, String netns, long runMillis) {}

    @BeforeEach
    void node() throws IOException {
        dir = Files.createTempDirectory("jnk-cri");
        network = FreshNetns.uniqueName("cri");
        // containerd's streaming server listens on the node's 127.0.0.1.
        try (Rtnl r = Rtnl.open(node.get())) {
            r.links().setUp("lo", true);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        if (cri != null) {
            // Every sandbox containerd has, also one whose RunPodSandbox failed half-way (its id never returned).
            Set<String> left = new java.util.LinkedHashSet<>(sandboxes);
            try {
                left.addAll(cri.listPodSandbox());
            } catch (RuntimeException e) {
                failures.add(e);
            }
            for (String id : left) {
                try {
                    cri.stopPodSandbox(id);
                    cri.removePodSandbox(id);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            cri.close();
        }
        if (containerd != null) {
            try {
                containerd.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        // What containerd would have removed had it been able to: the pods' namespaces, libcni's cache.
        for (Pod p : pods.values()) {
            if (p.netns().startsWith("/var/run/netns/") || p.netns().startsWith("/run/netns/")) {
                Path n = Path.of(p.netns());
                if (Files.exists(n)) {
                    PrivateContainerd.run(List.of("umount", n.toString()));
                    Files.deleteIfExists(n);
                }
            }
        }
        for (Path f : cached()) Files.deleteIfExists(f);
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("tear down the private containerd");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** The plugin's installation: this work tree once bin/jnetkit built it, else the test's own module path. */
    Path jnetkitHome() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        String stale = staleInstallation(root);
        if (stale == null && Files.isExecutable(root.resolve("bin/jnetkit-cni"))) {
            System.out.println("cri: plugin " + root.resolve("bin/jnetkit-cni") + " (the built installation, with its AOT cache if fresh)");
            return root;
        }
        // No current build of the CLI (the cni module's tests run before cli is packaged): the same
        // entry point from the module path this JVM runs on, so the code under test is what runs.
        Path home = dir.resolve("home");
        Path launcher = home.resolve("bin/jnetkit-cni");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n" + io.jnetkit.testkit.JvmCommand.execLine(CniMain.class));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("cri: plugin from the test's module path (cli/target/lib: " + stale + ")");
        return home;
    }

    /**
     * Why the built installation is not the code under test (a module's class in cli/target/lib
     * differs from, or misses, one in that module's target/classes), or null when it is. By
     * content: Maven rewrites class files with equal bytes, so times say nothing. (bin/jnetkit-cni
     * takes its AOT cache only while that cache is newer than the jars.)
     */
    static String staleInstallation(Path root) throws IOException {
        Path lib = root.resolve("cli/target/lib");
        if (!Files.isRegularFile(lib.resolve("jnetkit-cni.jar"))) return "not built";
        List<Path> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.filter(j -> j.getFileName().toString().matches("jnetkit-.*\\.jar")).toList();
        }
        for (Path jar : jars) {
            String module = jar.getFileName().toString().replaceAll("^jnetkit-|\\.jar$", "");
            Path classes = root.resolve(module).resolve("target/classes");
            if (module.equals("cli") || !Files.isDirectory(classes)) continue;
            Set<String> inJar = new HashSet<>();
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
                for (var e : java.util.Collections.list(j.entries())) {
                    // module-info.class: the jar tool adds attributes (packages, main class) to it.
                    if (!e.getName().endsWith(".class") || e.getName().equals("module-info.class")) continue;
                    inJar.add(e.getName());
                    Path c = classes.resolve(e.getName());
                    try (var in = j.getInputStream(e)) {
                        if (!Files.isRegularFile(c) || !java.util.Arrays.equals(in.readAllBytes(), Files.readAllBytes(c))) {
                            return jar.getFileName() + " differs from " + root.relativize(c);
                        }
                    }
                }
            }
            try (Stream<Path> s = Files.walk(classes)) {
                var missing = s.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                        .filter(f -> !inJar.contains(classes.relativize(f).toString())).findFirst();
                if (missing.isPresent()) return jar.getFileName() + " lacks " + root.relativize(missing.get());
            }
        }
        return null;
    }

    /** The one network containerd sees: type jnetkit, host-local leases, a policy on what each pod receives. */
    String conflist() {
        return """
                {"cniVersion": "1.0.0", "name": "%s",
                 "plugins": [{"type": "jnetkit", "datapath": "auto",
                              "hooks": {"primary": {"policy": "deny tcp dport 22; allow any"}},
                              "logFile": "%s", "stateDir": "%s",
                              "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}]}
                """.formatted(network, dir.resolve("jnetkit-cni.log"), dir.resolve("cni-state"), SUBNET, dir.resolve("ipam"));
    }

    @Test
    void podsAsKubeletMakesThem() throws Exception {
        Path cd = dir.resolve("containerd");
        Files.createDirectories(cd);
        containerd = PrivateContainerd.start(cd, node.name(), PAUSE, Map.of("JNETKIT_BPFFS", bpffs.root().toString()));
        new CniInstall(containerd.binDir, null, jnetkitHome(), network, SUBNET, false).run();
        for (String p : List.of("host-local", "loopback")) {
            Files.createSymbolicLink(containerd.binDir.resolve(p), Path.of(CniScenarios.CNI_PATH, p));
        }
        Files.writeString(containerd.confDir.resolve("10-" + network + ".conflist"), conflist());
        Path archive = dir.resolve("pause.oci.tar");
        PauseImage.write(PAUSE, archive);
        containerd.importImage(archive);
        cri = new CriClient(containerd.socket);
        System.out.println("cri: " + cri.version() + ", snapshotter " + PrivateContainerd.snapshotter(cd));

        // Kubelet's order: RunPodSandbox, then PodSandboxStatus for the pod's IP.
        for (int i = 0; i < IN_A_ROW; i++) runPod("row-" + i);
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                String name = "burst-" + i;
                runs.add(pool.submit(() -> {
                    runPod(name);
                    return null;
                }));
            }
            for (Future<?> f : runs) f.get();
        } finally {
            pool.shutdown();
        }
        List<Pod> all = List.copyOf(pods.values());
        int n = all.size();
        assertEquals(IN_A_ROW + AT_ONCE, n);
        assertEquals(n, all.stream().map(Pod::ip).distinct().count(), "an address each: " + all);
        for (Pod p : all) assertTrue(SUBNET.contains(p.ip().getAddress()), p + " is in " + SUBNET);
        assertEquals(n, all.stream().map(Pod::netns).distinct().count(), "a namespace each");
        assertEquals(Set.copyOf(sandboxes), Set.copyOf(cri.listPodSandbox()), "ListPodSandbox lists the pods");
        assertEquals(n, hostDevices().size(), "a host device each: " + hostDevices());
        assertEquals(n, podRoutes().size(), "a host route to each pod: " + podRoutes());
        // The pods' own programs and links, by asking their host devices' hooks (other tests on this
        // kernel load programs meanwhile, so a before/after diff of all ids would not be theirs).
        Set<Integer> programs = new HashSet<>();
        Set<Integer> links = new HashSet<>();
        try (Rtnl r = Rtnl.open(node.get())) {
            for (io.jnetkit.rtnl.Link l : r.links().list()) {
                if (!l.name().startsWith("jnk")) continue;
                int attached = 0;
                for (Hook h : List.of(Hook.tcxIngress(l.index()), Hook.tcxEgress(l.index()), Hook.netkitPrimary(l.index()))) {
                    HookQuery q;
                    try {
                        q = Attachments.query(node.get(), h);
                    } catch (KernelException notThisKind) {
                        continue; // the kernel refuses a netkit hook's query on veth, and the other way round
                    }
                    for (HookQuery.Entry e : q.entries()) {
                        programs.add(e.programId());
                        if (e.viaLink()) links.add(e.linkId());
                        attached++;
                    }
                }
                assertTrue(attached > 0, "the policy is attached at " + l.name());
            }
        }

        // Traffic: every pod reaches the next; the policy holds for real TCP.
        for (int i = 0; i < n; i++) {
            Pod from = all.get(i);
            Pod to = all.get((i + 1) % n);
            assertTrue(CniScenarios.ping(from.netns(), to.ip()), from.id() + " pings " + to.ip());
        }
        Pod a = all.getFirst();
        Pod b = all.getLast();
        assertFalse(CniScenarios.connects(b.netns(), a.netns(), a.ip(), 22), "the network's policy: nothing on tcp/22");
        assertTrue(CniScenarios.connects(b.netns(), a.netns(), a.ip(), 8080), "tcp/8080 passes");
        assertFalse(CniScenarios.connects(a.netns(), b.netns(), b.ip(), 22), "every pod has the policy");

        // CHECK as a runtime runs it: the plugin as a process in the node, prevResult from libcni's cache.
        Pod tampered = all.get(n / 2);
        Map<String, Object> cache = CniScenarios.json(Files.readString(cacheFile(tampered.id())));
        @SuppressWarnings("unchecked")
        Map<String, Object> prev = (Map<String, Object>) cache.get("result");
        PrivateContainerd.Run ok = check(tampered, prev);
        assertEquals(0, ok.exit(), "CHECK of an untouched pod: " + ok.output());
        String hostDevice = (String) ((Map<?, ?>) ((List<?>) prev.get("interfaces")).getFirst()).get("name");
        assertTrue(hostDevices().contains(hostDevice), hostDevice + " is the pod's host device: " + prev);
        try (Rtnl r = Rtnl.open(node.get())) {
            r.links().delete(hostDevice);
        }
        PrivateContainerd.Run bad = check(tampered, prev);
        System.out.println("cri: CHECK after deleting " + hostDevice + ": exit " + bad.exit() + " " + bad.output().strip());
        assertNotEquals(0, bad.exit(), "CHECK reports the tampered pod");
        Map<String, Object> err = CniScenarios.json(bad.output().strip());
        assertTrue(err.containsKey("code") && err.containsKey("msg"), "the spec's error object: " + err);
        assertTrue(((String) err.get("msg")).contains(hostDevice), "the message names the device: " + err);

        // Kubelet tears pods down with StopPodSandbox (the CNI DEL) and RemovePodSandbox.
        List<Long> stopMillis = Collections.synchronizedList(new ArrayList<>());
        List<Pod> row = all.subList(0, IN_A_ROW);
        List<Pod> burst = all.subList(IN_A_ROW, n);
        // The first pod step by step: which call runs which DEL (containerd 1.6 runs two).
        Pod first = row.getFirst();
        long t0 = System.nanoTime();
        cri.stopPodSandbox(first.id());
        assertEquals(List.of(true), dels(first), "StopPodSandbox runs DEL with the pod's namespace");
        cri.removePodSandbox(first.id());
        sandboxes.remove(first.id());
        stopMillis.add((System.nanoTime() - t0) / 1_000_000);
        assertEquals(List.of(true, false), dels(first), "RemovePodSandbox runs DEL again, without a namespace (it is gone)");
        for (Pod p : row.subList(1, row.size())) stopMillis.add(stopPod(p));
        pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<Long>> stops = new ArrayList<>();
            for (Pod p : burst) stops.add(pool.submit(() -> stopPod(p)));
            for (Future<Long> f : stops) stopMillis.add(f.get());
        } finally {
            pool.shutdown();
        }

        assertEquals(List.of(), cri.listPodSandbox(), "containerd has no sandbox left");
        // Nothing left: devices, namespaces, leases, pins, programs, libcni's cache; one log line per ADD and DEL.
        assertEquals(List.of(), hostDevices());
        assertEquals(List.of(), podRoutes());
        for (Pod p : all) assertFalse(Files.exists(Path.of(p.netns())), p.netns() + " was removed by containerd");
        assertEquals(List.of(), leases());
        assertEquals(List.of(), bpffs.pins());
        assertEquals(List.of(), cached());
        // Freed once the last reference goes (the kernel frees programs after an RCU grace period).
        for (int i = 0; !programs.isEmpty() && i < 40; i++) {
            if (i > 0) Thread.sleep(50);
            programs.retainAll(BpfObjects.programIds());
            links.retainAll(BpfObjects.linkIds());
        }
        assertEquals(Set.of(), programs, "the pods' programs are gone");
        assertEquals(Set.of(), links, "the pods' links are gone");
        List<String> log = Files.readAllLines(dir.resolve("jnetkit-cni.log"));
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        for (String line : log) {
            Matcher m = LOG_LINE.matcher(line);
            assertTrue(m.matches(), "a log line: " + line);
            assertEquals(network, m.group(2), line);
            millis.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(4)));
        }
        assertEquals(n, millis.get("ADD").size(), "one ADD per pod: " + log);
        assertTrue(log.stream().filter(l -> l.contains(" ADD ")).allMatch(l -> l.contains(" ok ")), String.join("\n", log));
        assertEquals(2, millis.get("CHECK").size(), String.join("\n", log));
        // Two DELs per pod: the teardown with its namespace, then the repeat without, which finds nothing.
        List<Long> teardown = new ArrayList<>();
        List<Long> repeat = new ArrayList<>();
        for (Pod p : all) assertEquals(List.of(true, false), dels(p), "the DELs of " + p);
        for (String line : log) {
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches() || !m.group(1).equals("DEL")) continue;
            assertTrue(line.contains(" ok "), line);
            (line.contains(" netns=") ? teardown : repeat).add(Long.parseLong(m.group(4)));
            if (!line.contains(" netns=")) assertTrue(line.contains("nothing was left"), line);
        }

        System.out.println("cri: the plugin's log, first lines: " + log.getFirst() + " | " + log.getLast());
        System.out.printf("cri: %d pods in a row + %d at once; plugin ADD %s; DEL %s; repeated DEL %s; RunPodSandbox %s;"
                        + " StopPodSandbox+RemovePodSandbox %s%n",
                IN_A_ROW, AT_ONCE, stats(millis.get("ADD")), stats(teardown), stats(repeat),
                stats(all.stream().map(Pod::runMillis).toList()), stats(stopMillis));
        System.out.printf("cri: in a row: ADD %s, RunPodSandbox %s; at once: ADD %s, RunPodSandbox %s%n",
                stats(millis.get("ADD").subList(0, IN_A_ROW)), stats(row.stream().map(Pod::runMillis).toList()),
                stats(millis.get("ADD").subList(IN_A_ROW, n)), stats(burst.stream().map(Pod::runMillis).toList()));
    }

    private void runPod(String name) throws IOException {
        long t0 = System.nanoTime();
        String id = cri.runPodSandbox(name, name + "-uid-" + network, "jnetkit-test", dir.resolve("pod-logs").resolve(name));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        sandboxes.add(id);
        CriClient.SandboxStatus s = cri.podSandboxStatus(id);
        assertTrue(s.ready(), id + " is ready");
        assertFalse(s.ip().isEmpty(), "PodSandboxStatus names the pod's IP: " + s);
        pods.put(name, new Pod(id, InetAddress.getByName(s.ip()), netnsOf(s), ms));
    }

    /** The pod's network namespace, from containerd's verbose status (the runtime spec's network namespace). */
    @SuppressWarnings("unchecked")
    static String netnsOf(CriClient.SandboxStatus s) throws IOException {
        Map<String, Object> info = CniScenarios.json(s.info().get("info"));
        Map<String, Object> spec = (Map<String, Object>) info.get("runtimeSpec");
        for (Object o : (List<Object>) ((Map<String, Object>) spec.get("linux")).get("namespaces")) {
            Map<String, Object> ns = (Map<String, Object>) o;
            if ("network".equals(ns.get("type")) && ns.get("path") != null) return (String) ns.get("path");
        }
        return "/proc/" + info.get("pid") + "/ns/net";
    }

    private long stopPod(Pod p) {
        long t0 = System.nanoTime();
        cri.stopPodSandbox(p.id());
        cri.removePodSandbox(p.id());
        sandboxes.remove(p.id());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The plugin's DEL lines of a pod so far, in order: true where the runtime named a namespace. */
    List<Boolean> dels(Pod p) throws IOException {
        List<Boolean> d = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("jnetkit-cni.log"))) {
            if (line.contains(" DEL ") && line.contains(" container=" + p.id() + " ")) d.add(line.contains(" netns="));
        }
        return d;
    }

    /** jnetkit-cni CHECK, as libcni runs it: the installed plugin, in the node, the conflist's plugin with prevResult. */
    private PrivateContainerd.Run check(Pod p, Map<String, Object> prevResult) throws IOException, InterruptedException {
        Map<String, Object> list = CniScenarios.json(conflist());
        @SuppressWarnings("unchecked")
        Map<String, Object> conf = new LinkedHashMap<>((Map<String, Object>) ((List<?>) list.get("plugins")).getFirst());
        conf.put("cniVersion", list.get("cniVersion"));
        conf.put("name", network);
        conf.put("prevResult", prevResult);
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=/run/netns/" + node.name(), containerd.binDir.resolve("jnetkit").toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", "CHECK");
        env.put("CNI_CONTAINERID", p.id());
        env.put("CNI_NETNS", p.netns());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", containerd.binDir.toString());
        env.put("JNETKIT_BPFFS", bpffs.root().toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process proc = pb.start();
        proc.getOutputStream().write(Json.write(conf).getBytes(StandardCharsets.UTF_8));
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new PrivateContainerd.Run(proc.waitFor(), out);
    }

    Path cacheFile(String sandboxId) {
        return LIBCNI_CACHE.resolve(network + "-" + sandboxId + "-eth0");
    }

    /** libcni's cached results of this test's network. */
    List<Path> cached() throws IOException {
        if (!Files.isDirectory(LIBCNI_CACHE)) return List.of();
        try (Stream<Path> s = Files.list(LIBCNI_CACHE)) {
            return s.filter(p -> p.getFileName().toString().startsWith(network + "-")).toList();
        }
    }

    List<String> leases() throws IOException {
        Path d = dir.resolve("ipam").resolve(network);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.matches("[0-9.]+|[0-9a-f:]+")).sorted().toList();
        }
    }

    /** The node's routes into the pods' subnet. */
    List<String> podRoutes() {
        try (Rtnl r = Rtnl.open(node.get())) {
            return r.routes().list(IpFamily.V4).stream().filter(rt -> SUBNET.contains(rt.dst())).map(rt -> rt.dst().toString()).toList();
        }
    }

    List<String> hostDevices() {
        try (Rtnl r = Rtnl.open(node.get())) {
            return r.links().list().stream().map(l -> l.name()).filter(d -> d.startsWith("jnk")).toList();
        }
    }

    /** "median M ms, p95 P ms, max X ms (n=N)". */
    static String stats(List<Long> values) {
        List<Long> v = values.stream().sorted().toList();
        if (v.isEmpty()) return "(none)";
        return "median " + v.get(v.size() / 2) + " ms, p95 " + v.get(Math.min(v.size() - 1, (int) Math.ceil(v.size() * 0.95) - 1))
                + " ms, max " + v.getLast() + " ms (n=" + v.size() + ")";
    }
}
