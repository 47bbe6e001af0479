package io.jnetkit.cni;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.elf.Examples;
import io.jnetkit.net.Cidr;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Pods;
import io.jnetkit.probe.TcpProbe;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's protocol against the real kernel and Debian's real host-local, in-process: the
 * node is a fresh namespace, containers are fresh named namespaces the test makes (as a runtime
 * would) and passes by path, pins go to a private bpffs, leases, records and the log to a
 * temporary directory. Run on veth by {@link CniPluginHostTest} and on netkit in the lab guest by
 * {@link CniPluginNetkitTest}.
 */
abstract class CniScenarios {
    /** Where Debian's containernetworking-plugins put host-local. */
    static final String CNI_PATH = "/usr/lib/cni";

    /** Whether the datapath is netkit (L3: no MAC in the result) rather than veth. */
    abstract boolean netkit();

    @RegisterExtension
    final FreshNetns node = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path dir;

    CniPlugin plugin;
    final List<String> containers = new ArrayList<>();
    String network;

    @BeforeEach
    void plugin() {
        plugin = CniPlugin.in(node.get(), Pods.open());
        network = FreshNetns.uniqueName("n");
    }

    @AfterEach
    void removeContainers() {
        for (String c : containers) {
            if (NetNamespaces.exists(c)) NetNamespaces.delete(c);
        }
    }

    String config(String version, String extra) {
        return """
                {"cniVersion": "%s", "name": "%s", "type": "jnetkit", %s
                 "logFile": "%s", "stateDir": "%s",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.124.0.0/24"}], [{"subnet": "fd24::/64"}]],
                          "dataDir": "%s"}}
                """.formatted(version, network, extra, dir.resolve("cni.log"), dir.resolve("state"), dir.resolve("ipam"));
    }

    /** A container's namespace, made as a runtime makes it. */
    String container() {
        String name = FreshNetns.uniqueName("c");
        NetNamespaces.add(name).close();
        containers.add(name);
        return name;
    }

    CniPlugin.Response run(String command, String cid, String netns, String ifname, String config) {
        return plugin.handle(new CniRequest(command, cid, netns == null ? null : "/run/netns/" + netns, ifname, null,
                List.of(CNI_PATH), config.getBytes(StandardCharsets.UTF_8)));
    }

    CniPlugin.Response runWithoutContainer(String command, List<String> path, String config) {
        return plugin.handle(new CniRequest(command, null, null, null, null, path, config.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws IOException {
        return (Map<String, Object>) Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static String withPrevResult(String config, String result) throws IOException {
        Map<String, Object> c = json(config);
        c.put("prevResult", json(result));
        return Json.write(c);
    }

    /** The i-th IP of a result, without its prefix length. */
    static InetAddress address(Map<String, Object> result, int i) throws IOException {
        String a = (String) ((Map<?, ?>) ((List<?>) result.get("ips")).get(i)).get("address");
        return InetAddress.getByName(a.substring(0, a.indexOf('/')));
    }

    static boolean ping(String from, InetAddress to) {
        try (NetNs n = NetNs.open(from)) {
            return n.call(() -> {
                for (int i = 0; i < 3; i++) if (to.isReachable(700)) return true;
                return false;
            });
        }
    }

    static boolean connects(String from, String to, InetAddress address, int port) {
        try (NetNs server = NetNs.open(to); TcpProbe.Listener l = TcpProbe.Listener.open(server, address, port);
             NetNs client = NetNs.open(from)) {
            return TcpProbe.connect(client, address, port, Duration.ofMillis(800)).connected();
        }
    }

    /** host-local's lease files of the test's network (one per address, named by it). */
    List<String> leases() throws IOException {
        Path d = dir.resolve("ipam").resolve(network);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9.]+|[0-9a-f:]+") && !n.equals("lock")).sorted().toList();
        }
    }

    List<String> hostDevices() {
        try (Rtnl r = Rtnl.open(node.get())) {
            return r.links().list().stream().map(l -> l.name()).filter(n -> n.startsWith("jnk")).toList();
        }
    }

    /**
     * The programs attached at the hooks of the plugin's host devices: the ones this test made.
     * Other tests and agents on the machine load programs meanwhile, so a before/after diff of
     * every id would not be this test's.
     */
    Set<Integer> attachedPrograms() {
        Set<Integer> programs = new HashSet<>();
        try (Rtnl r = Rtnl.open(node.get())) {
            for (io.jnetkit.rtnl.Link l : r.links().list()) {
                if (!l.name().startsWith("jnk")) continue;
                for (Hook h : List.of(Hook.tcxIngress(l.index()), Hook.tcxEgress(l.index()), Hook.netkitPrimary(l.index()))) {
                    try {
                        for (HookQuery.Entry e : Attachments.query(node.get(), h).entries()) programs.add(e.programId());
                    } catch (KernelException notThisKind) {
                        // the kernel refuses a netkit hook's query on veth, and the other way round
                    }
                }
            }
        }
        return programs;
    }

    /** ADD two containers (the network's policy on what they receive), traffic, CHECK, tampering, DEL twice; nothing left. */
    @Test
    void addCheckDel() throws Exception {
        String conf = config("1.0.0", "\"hooks\": {\"primary\": {\"policy\": \"deny tcp dport 22; allow any\"}},");
        String a = container();
        String b = container();
        CniPlugin.Response ra = run("ADD", "cid-a", a, "eth0", conf);
        assertEquals(0, ra.exit(), ra.toString());
        CniPlugin.Response rb = run("ADD", "cid-b", b, "net1", conf);
        assertEquals(0, rb.exit(), rb.toString());
        Map<String, Object> resA = json(ra.stdout());
        Map<String, Object> resB = json(rb.stdout());
        assertEquals("1.0.0", resA.get("cniVersion"));
        List<?> ifs = (List<?>) resB.get("interfaces");
        assertEquals("net1", ((Map<?, ?>) ifs.get(1)).get("name"), "the device is named as the runtime asked");
        assertEquals("/run/netns/" + b, ((Map<?, ?>) ifs.get(1)).get("sandbox"));
        assertEquals(netkit(), CniPlugin.NO_MAC.equals(((Map<?, ?>) ifs.get(1)).get("mac")),
                "an L3 netkit device has no MAC (all zeros, for podman); veth has one: " + ifs);
        List<?> ips = (List<?>) resA.get("ips");
        assertEquals(2, ips.size(), "an IPv4 and an IPv6 lease: " + resA);
        assertTrue(((String) ((Map<?, ?>) ips.get(0)).get("address")).endsWith("/32"), resA.toString());
        assertFalse(((Map<?, ?>) ips.get(0)).containsKey("version"), "1.0.0 results have no per-IP version");
        assertEquals(4, leases().size(), "two containers, two leases each: " + leases());
        Set<Integer> progs = attachedPrograms();
        assertFalse(progs.isEmpty(), "the policy is attached");

        assertTrue(ping(a, address(resB, 0)), "a pings b");
        assertTrue(ping(b, address(resA, 1)), "b pings a over IPv6");
        assertFalse(connects(b, a, address(resA, 0), 22), "a's policy: nothing on tcp/22");
        assertTrue(connects(b, a, address(resA, 0), 8080));
        assertFalse(connects(a, b, address(resB, 0), 22), "the network's policy is every container's");
        assertTrue(connects(a, b, address(resB, 0), 8080));

        CniPlugin.Response check = run("CHECK", "cid-a", a, "eth0", withPrevResult(conf, ra.stdout()));
        assertEquals(0, check.exit(), check.toString());
        assertEquals("", check.stdout());
        // Tampering: the container's address removed by hand.
        try (NetNs n = NetNs.open(a); Rtnl r = Rtnl.open(n)) {
            r.addresses().delete("eth0", Cidr.host(address(resA, 0)));
        }
        CniPlugin.Response tampered = run("CHECK", "cid-a", a, "eth0", withPrevResult(conf, ra.stdout()));
        assertEquals(1, tampered.exit());
        Map<String, Object> err = json(tampered.stdout());
        assertEquals(101L, err.get("code"), err.toString());
        assertTrue(((String) err.get("msg")).contains("is missing on pod device eth0"), err.toString());

        for (String[] c : new String[][] {{"cid-a", a, "eth0"}, {"cid-b", b, "net1"}}) {
            CniPlugin.Response del = run("DEL", c[0], c[1], c[2], conf);
            assertEquals(0, del.exit(), del.toString());
            assertEquals("", del.stdout());
            assertEquals(0, run("DEL", c[0], c[1], c[2], conf).exit(), "a second DEL succeeds");
        }
        assertTrue(NetNamespaces.exists(a), "the runtime's namespace is the runtime's to delete");
        assertEquals(List.of(), hostDevices());
        assertEquals(List.of(), leases());
        assertEquals(List.of(), bpffs.pins());
        for (int i = 0; !progs.isEmpty() && i < 40; i++) {
            Thread.sleep(50);
            progs.retainAll(BpfObjects.programIds());
        }
        assertEquals(Set.of(), progs, "the policy's program is gone");
        String log = Files.readString(dir.resolve("cni.log"));
        assertEquals(8, log.lines().count(), log);
        assertTrue(log.lines().allMatch(l -> l.matches("\\S+Z (ADD|CHECK|DEL) network=" + network + " container=cid-[ab] .*\\(\\d+ ms\\)")), log);
        String datapath = "datapath " + (netkit() ? "netkit" : "veth") + " (auto): ";
        assertTrue(log.lines().filter(l -> l.contains(" ADD ")).allMatch(l -> l.contains(datapath)), "the log says which datapath and why: " + log);
    }

    /** The result's shape follows the config's version: 0.4.0 has per-IP "version", 1.1.0 is accepted. */
    @Test
    void versions() throws Exception {
        for (String v : List.of("0.4.0", "1.1.0")) {
            String c = container();
            String conf = config(v, "");
            String cid = "cid-" + v.replace('.', '-');
            CniPlugin.Response r = run("ADD", cid, c, "eth0", conf);
            assertEquals(0, r.exit(), r.toString());
            Map<String, Object> res = json(r.stdout());
            assertEquals(v, res.get("cniVersion"));
            Map<?, ?> ip = (Map<?, ?>) ((List<?>) res.get("ips")).get(0);
            assertEquals(v.equals("0.4.0") ? "4" : null, ip.get("version"), res.toString());
            assertEquals(0, run("DEL", cid, c, "eth0", conf).exit());
        }
        CniPlugin.Response version = runWithoutContainer("VERSION", List.of(), "{\"cniVersion\": \"1.0.0\"}");
        assertEquals("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}", version.stdout());
        assertEquals(List.of(), leases());
    }

    /** DEL after the runtime deleted the namespace (and without CNI_NETNS) still releases the lease. */
    @Test
    void delOfAVanishedContainer() throws Exception {
        String conf = config("1.0.0", "");
        String a = container();
        assertEquals(0, run("ADD", "cid-gone", a, "eth0", conf).exit());
        NetNamespaces.delete(a);
        CniPlugin.Response del = run("DEL", "cid-gone", null, "eth0", conf);
        assertEquals(0, del.exit(), del.toString());
        assertEquals(List.of(), leases());
        assertEquals(List.of(), bpffs.pins());
        for (int i = 0; !hostDevices().isEmpty() && i < 40; i++) Thread.sleep(50);
        assertEquals(List.of(), hostDevices());
    }

    /** GC (1.1) removes every attachment the runtime no longer lists, leases included; STATUS. */
    @Test
    void gcRemovesWhatTheRuntimeNoLongerLists() throws Exception {
        String conf = config("1.1.0", "");
        List<String> cs = List.of(container(), container(), container());
        for (int i = 0; i < 3; i++) assertEquals(0, run("ADD", "cid-" + i, cs.get(i), "eth0", conf).exit());
        Map<String, Object> gc = json(conf);
        gc.put("cni.dev/valid-attachments", List.of(Map.of("containerID", "cid-1", "ifname", "eth0")));
        CniPlugin.Response r = runWithoutContainer("GC", List.of(CNI_PATH), Json.write(gc));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, hostDevices().size(), hostDevices().toString());
        assertEquals(2, leases().size(), "cid-1 keeps its two leases: " + leases());
        assertEquals(0, run("DEL", "cid-1", cs.get(1), "eth0", conf).exit());
        assertEquals(List.of(), leases());
        assertEquals(0, runWithoutContainer("STATUS", List.of(CNI_PATH), conf).exit());
        CniPlugin.Response noIpam = runWithoutContainer("STATUS", List.of(dir.toString()), conf);
        assertEquals(50L, json(noIpam.stdout()).get("code"), noIpam.toString());
    }

    /** A container whose program the verifier refuses: ADD fails with the kernel's words, no device, the lease released. */
    @Test
    void aRefusedProgramFailsTheAddAndLeavesNothing() throws Exception {
        Path bad = Examples.writeVerifierRefused(dir.resolve("bad.o"));
        String conf = config("1.0.0", "\"hooks\": {\"peer\": {\"object\": \"" + bad + "\"}},");
        String a = container();
        CniPlugin.Response r = run("ADD", "cid-bad", a, "eth0", conf);
        assertEquals(1, r.exit(), r.toString());
        Map<String, Object> err = json(r.stdout());
        assertEquals(100L, err.get("code"), err.toString());
        assertTrue(String.valueOf(err.get("details")).contains("R0"), "the verifier's log: " + err);
        assertEquals(List.of(), hostDevices());
        assertEquals(List.of(), leases());
        assertEquals(List.of(), bpffs.pins());
        try (NetNs n = NetNs.open(a); Rtnl pr = Rtnl.open(n)) {
            assertTrue(pr.links().find("eth0").isEmpty(), "no device left in the container");
        }
    }

    /** Ten ADDs at once (threads; the runtime's processes are tested with libcni), then ten DELs at once. */
    @Test
    void concurrentAddsAndDels() throws Exception {
        String conf = config("1.0.0", "");
        List<String> cs = new ArrayList<>();
        for (int i = 0; i < 10; i++) cs.add(container());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<CniPlugin.Response>> adds = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int k = i;
                adds.add(pool.submit(() -> run("ADD", "cid-" + k, cs.get(k), "eth0", conf)));
            }
            List<String> addresses = new ArrayList<>();
            for (Future<CniPlugin.Response> f : adds) {
                CniPlugin.Response r = f.get();
                assertEquals(0, r.exit(), r.toString());
                addresses.add(address(json(r.stdout()), 0).getHostAddress());
            }
            assertEquals(10, new HashSet<>(addresses).size(), "ten different addresses: " + addresses);
            assertTrue(ping(cs.get(0), InetAddress.getByName(addresses.get(9))));
            List<Future<CniPlugin.Response>> dels = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int k = i;
                dels.add(pool.submit(() -> run("DEL", "cid-" + k, cs.get(k), "eth0", conf)));
            }
            for (Future<CniPlugin.Response> f : dels) assertEquals(0, f.get().exit());
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of(), hostDevices());
        assertEquals(List.of(), leases());
        assertEquals(List.of(), bpffs.pins());
    }

    /** Bad input: the spec's code, one clear message, nothing made. */
    @Test
    void badInput() throws Exception {
        String a = container();
        String good = config("1.0.0", "");
        String logFile = "\"logFile\"";
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("no command", new Object[] {null, "cid", a, "eth0", good, 4L, "CNI_COMMAND is not set"});
        cases.put("unknown command", new Object[] {"FROB", "cid", a, "eth0", good, 4L, "is not one of"});
        cases.put("not JSON", new Object[] {"ADD", "cid", a, "eth0", "{\"cniVersion\": ", 6L, "decode the network config"});
        cases.put("unknown key", new Object[] {"ADD", "cid", a, "eth0", good.replace(logFile, "\"hook\": {}, " + logFile), 2L, "unknown key \"hook\""});
        cases.put("old version", new Object[] {"ADD", "cid", a, "eth0", good.replace("1.0.0", "0.3.1"), 1L, "incompatible CNI version 0.3.1"});
        cases.put("no ipam", new Object[] {"ADD", "cid", a, "eth0", good.substring(0, good.indexOf(",\n \"ipam\"")) + "}", 7L, "\"ipam\" is missing"});
        cases.put("bad datapath", new Object[] {"ADD", "cid", a, "eth0", good.replace(logFile, "\"datapath\": \"tap\", " + logFile), 7L, "is not auto, netkit or veth"});
        cases.put("bad policy", new Object[] {"ADD", "cid", a, "eth0", good.replace(logFile, "\"hooks\": {\"peer\": {\"policy\": \"allow tcp dport 99999\"}}, " + logFile), 7L, "policy"});
        cases.put("unknown hook", new Object[] {"ADD", "cid", a, "eth0", good.replace(logFile, "\"hooks\": {\"egress\": {\"policy\": \"allow any\"}}, " + logFile), 2L, "unknown hook \"egress\""});
        cases.put("missing object", new Object[] {"ADD", "cid", a, "eth0", good.replace(logFile, "\"hooks\": {\"peer\": {\"object\": \"/nonexistent.o\"}}, " + logFile), 7L, "no such file"});
        cases.put("bad ifname", new Object[] {"ADD", "cid", a, "eth 0", good, 4L, "CNI_IFNAME"});
        cases.put("long ifname", new Object[] {"ADD", "cid", a, "eth0123456789abc", good, 4L, "CNI_IFNAME"});
        cases.put("no container id", new Object[] {"ADD", null, a, "eth0", good, 4L, "CNI_CONTAINERID is not set"});
        cases.put("bad container id", new Object[] {"ADD", "-x", a, "eth0", good, 4L, "is not a container id"});
        cases.put("no netns", new Object[] {"ADD", "cid", null, "eth0", good, 4L, "CNI_NETNS is not set"});
        cases.put("missing netns", new Object[] {"ADD", "cid", "gone-" + a, "eth0", good, 3L, "does not exist"});
        cases.put("CHECK without prevResult", new Object[] {"CHECK", "cid", a, "eth0", good, 7L, "prevResult"});
        cases.put("GC without the list", new Object[] {"GC", null, null, null, config("1.1.0", ""), 7L, "valid-attachments"});
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            Object[] c = e.getValue();
            CniPlugin.Response r = run((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4]);
            assertEquals(1, r.exit(), e.getKey() + ": " + r);
            Map<String, Object> err = json(r.stdout());
            assertEquals(c[5], err.get("code"), e.getKey() + ": " + err);
            assertTrue(((String) err.get("msg")).contains((String) c[6]), e.getKey() + ": " + err);
        }
        CniPlugin.Response noIpamPlugin = plugin.handle(new CniRequest("ADD", "cid", "/run/netns/" + a, "eth0", null,
                List.of(dir.toString()), good.getBytes(StandardCharsets.UTF_8)));
        assertEquals(102L, json(noIpamPlugin.stdout()).get("code"), noIpamPlugin.toString());
        assertEquals(List.of(), hostDevices());
        assertEquals(List.of(), leases());
        try (NetNs n = NetNs.open(a); Rtnl pr = Rtnl.open(n)) {
            assertEquals(1, pr.links().list().size(), "only lo in the container");
        }
    }
}
