package io.jnetkit.cli.badinput;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.attach.TestProgs;
import io.jnetkit.cni.CniPlugin;
import io.jnetkit.cni.CniRequest;
import io.jnetkit.elf.Examples;
import io.jnetkit.net.IpFamily;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Pods;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input table ({@code bad-inputs.tsv} beside this class, one row per case): command lines,
 * topology files ({@code jnetkit up -f}) and CNI configurations a user or a runtime might get
 * wrong. Each row must give one error line naming the problem, the right exit code, and leave the
 * kernel as it was.
 *
 * <p>Columns, tab-separated: kind ({@code cli}, {@code up}, {@code cni}), a short name, the exit
 * code (for {@code cni}: the CNI error code in the JSON error; the plugin's own exit is always
 * 1), the expected error, the input. The expected error is matched against the line after
 * {@code jnetkit: } (CLI) or the CNI error's {@code msg}: {@code ^TEXT} means it starts with TEXT,
 * otherwise it must contain it. Placeholders: {@code {ns}} the test's namespace (veth v0/v1 with
 * addresses, up), {@code {bpffs}} its private bpffs (a program pinned at {@code prog}, an array map
 * at {@code map}), {@code {tmp}} a temporary directory, {@code {obj}} examples/port_filter.o there,
 * {@code {nul}} a NUL character, {@code \n} a newline (topology files), {@code {container}} a
 * fresh container namespace's path (CNI).
 *
 * <p>Inputs: {@code cli} is a command line split at spaces ({@code _} in an argument is a space);
 * {@code up} is a topology file given to {@code jnetkit -n NS up -f}; {@code cni} is
 * {@code COMMAND CONTAINERID NETNS IFNAME CONFIG} ({@code -} for an unset variable) handed to the
 * plugin in-process, as {@code jnetkit cni serve} and the binary do.
 *
 * <p>"Nothing was created" is checked in the kernel, not in jnetkit's files: links, addresses and
 * routes of the test's namespaces and the host's, the names in {@code /run/netns} a row could make, pins, and every
 * tcx and netkit hook of the test's devices. Program, map and BPF link ids are not compared
 * globally: other processes on the machine load their own at the same time. An object a row made
 * can only outlive it through a pin, an attachment, another object or an open descriptor, and
 * the fd check every host test has ({@link io.jnetkit.testkit.NoFdLeaks}) covers the last.
 */
@HostTest
class BadInputTableHostTest {
    /** A row of the table. */
    record Row(int line, String kind, String name, int exit, String expected, String input) {
        @Override
        public String toString() {
            return line + " " + kind + " " + name;
        }
    }

    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();
    @TempDir
    Path tmp;

    private Program prog;
    private String container;
    private Row current;

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = BadInputTableHostTest.class.getResourceAsStream("bad-inputs.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                if (l.isBlank() || l.startsWith("#")) continue;
                String[] c = l.split("\t", 5);
                if (c.length != 5) throw new IllegalStateException("bad-inputs.tsv:" + (i + 1) + ": 5 columns expected");
                rows.add(new Row(i + 1, c[0], c[1], Integer.parseInt(c[2]), c[3], c[4]));
            }
        }
        return rows;
    }

    @Test
    void theTableIsLargeAndCoversEveryKind() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 80, "at least 80 rows: " + rows.size());
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (Row r : rows) byKind.merge(r.kind(), 1L, Long::sum);
        assertEquals(new TreeSet<>(List.of("cli", "cni", "up")), byKind.keySet());
        assertEquals(rows.size(), rows.stream().map(r -> r.kind() + " " + r.name()).distinct().count(), "names are unique");
    }

    @BeforeEach
    void setUp() throws IOException {
        try (Rtnl r = Rtnl.open(ns.get())) {
            CliRun.ok("-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            CliRun.ok("-n", ns.name(), "addr", "add", "10.9.0.1/24", "dev", "v0");
            CliRun.ok("-n", ns.name(), "addr", "add", "fd09::1/64", "dev", "v0");
            CliRun.ok("-n", ns.name(), "link", "set", "v0", "up");
            CliRun.ok("-n", ns.name(), "link", "set", "v1", "up");
        }
        prog = TestProgs.returning("jnk_bad", 0);
        prog.pin(bpffs.root().resolve("prog"));
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_badmap", MapType.ARRAY, 4, 4, 1))) {
            m.pin(bpffs.root().resolve("map"));
        }
        try (InputStream in = Examples.class.getResourceAsStream(Examples.PORT_FILTER)) {
            Files.write(tmp.resolve("port_filter.o"), in.readAllBytes());
        }
        Files.writeString(tmp.resolve("bad.policy"), "deny tcp dport 70000\n");
        Files.writeString(tmp.resolve("empty.yaml"), "");
    }

    @AfterEach
    void tearDown() {
        if (prog != null) prog.close();
        if (container != null && NetNamespaces.exists(container)) NetNamespaces.delete(container);
    }

    private String fill(String s) {
        return s.replace("{ns}", ns.name()).replace("{bpffs}", bpffs.root().toString())
                .replace("{tmp}", tmp.toString()).replace("{obj}", tmp.resolve("port_filter.o").toString())
                .replace("{nul}", "\0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputIsOneLineRightExitNothingMade(Row row) throws IOException {
        if (row.kind().equals("cni")) {
            container = FreshNetns.uniqueName("jnk-tc");
            NetNamespaces.add(container).close();
        }
        current = row;
        Snapshot before = snapshot();
        String message;
        switch (row.kind()) {
            case "cli" -> {
                String[] args = row.input().split(" ");
                for (int i = 0; i < args.length; i++) args[i] = fill(args[i].replace('_', ' '));
                message = cliError(row, CliRun.of(args));
            }
            case "up" -> {
                Path file = tmp.resolve("topology.yaml");
                Files.writeString(file, fill(row.input()).replace("\\n", "\n").replace("\\t", "\t"));
                message = cliError(row, CliRun.of("-n", ns.name(), "up", "-f", file.toString()));
            }
            case "cni" -> message = cniError(row);
            default -> throw new IllegalStateException("unknown kind " + row.kind());
        }
        String want = fill(row.expected());
        if (want.startsWith("^")) {
            assertTrue(message.startsWith(want.substring(1)), () -> row + ": expected to start with \"" + want.substring(1)
                    + "\":\n" + message);
        } else {
            assertTrue(message.contains(want), () -> row + ": expected \"" + want + "\" in:\n" + message);
        }
        assertEquals(before, snapshot(), row + ": the kernel changed");
    }

    /** With BADINPUT_RECORD=FILE, what each row really gave is appended there (for writing rows). */
    private static void record(Row row, int exit, String text) {
        String file = System.getenv("BADINPUT_RECORD");
        if (file == null) return;
        try {
            Files.writeString(Path.of(file), row.line() + "\t" + row.kind() + "\t" + row.name() + "\t" + exit + "\t"
                    + text.replace("\n", "\\n") + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cliError(Row row, CliRun r) {
        record(row, r.exit(), r.err() + (r.out().isEmpty() ? "" : " STDOUT: " + r.out()));
        assertEquals(row.exit(), r.exit(), () -> row + "\n" + r);
        // up says what it changed on stdout as it goes (forwarding turned on in -n's namespace
        // comes before the pods): the kernel snapshot, not stdout, tells whether a pod was made.
        if (!row.kind().equals("up")) assertEquals("", r.out(), () -> row + ": nothing on stdout\n" + r);
        List<String> lines = r.err().lines().toList();
        // A command line picocli could not parse gets the command's help hint on a second line.
        boolean hint = lines.size() == 2 && lines.get(1).matches("try 'jnetkit ([a-z-]+ )*--help'");
        assertTrue(lines.size() == 1 || hint, () -> row + ": one line of error\n" + r);
        assertTrue(r.err().startsWith("jnetkit: "), () -> row + "\n" + r);
        assertTrue(r.err().endsWith("\n"), () -> row + "\n" + r);
        String line = lines.get(0).substring("jnetkit: ".length());
        assertTrue(!line.contains("Exception") && !line.contains("\tat "), () -> row + ": a Java exception leaked\n" + r);
        return line;
    }

    private String cniError(Row row) {
        String[] f = row.input().split(" ", 5);
        String netns = f[2].equals("{container}") ? NetNamespaces.pathOf(container).toString() : dash(fill(f[2]));
        String config = fill(f[4]).replace("{state}", tmp.resolve("state").toString())
                .replace("{log}", tmp.resolve("cni.log").toString()).replace("{ipam}", tmp.resolve("ipam").toString());
        CniPlugin.Response r = CniPlugin.in(ns.get(), Pods.open()).handle(new CniRequest(dash(f[0]), dash(fill(f[1])),
                netns, dash(fill(f[3])), null, List.of("/usr/lib/cni"), config.getBytes(StandardCharsets.UTF_8)));
        record(row, r.exit(), r.stdout());
        assertEquals(1, r.exit(), () -> row + "\n" + r);
        Matcher m = Pattern.compile("^\\{\"cniVersion\":\"[^\"]*\",\"code\":(\\d+),\"msg\":\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(r.stdout());
        assertTrue(m.find(), () -> row + ": a CNI error object\n" + r);
        assertEquals(row.exit(), Integer.parseInt(m.group(1)), () -> row + "\n" + r);
        String msg = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        assertTrue(!msg.contains("Exception") && !msg.contains("\n"), () -> row + ": one clean line\n" + r);
        return msg;
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }

    /** What the kernel holds that a row could have made, as text so a difference reads well. */
    record Snapshot(List<String> namespaces, List<String> test, List<String> host, List<String> container,
                    List<String> pins) {}

    private Snapshot snapshot() throws IOException {
        try (NetNs host = NetNs.current()) {
            return new Snapshot(namespaces(), netnsState(ns.get()), netnsState(host),
                    container == null ? List.of() : netnsState(container), bpffs.pins().stream().map(Path::toString).toList());
        }
    }

    private List<String> netnsState(String name) {
        try (NetNs n = NetNs.open(name)) {
            return netnsState(n);
        }
    }

    /** Links, addresses, routes and hooks of one namespace. */
    private static List<String> netnsState(NetNs netns) {
        List<String> out = new ArrayList<>();
        try (Rtnl r = Rtnl.open(netns)) {
            for (Link l : r.links().list()) {
                out.add("link " + l.index() + " " + l.name() + " " + l.kind() + (l.up() ? " up" : ""));
                for (Hook h : List.of(Hook.tcxIngress(l.index()), Hook.tcxEgress(l.index()),
                        Hook.netkitPrimary(l.index()), Hook.netkitPeer(l.index()))) {
                    try {
                        HookQuery q = Attachments.query(netns, h);
                        if (q.count() > 0) out.add("hook " + l.name() + " " + h + " " + q.entries());
                    } catch (KernelException notThatKind) {
                        // a netkit hook of a device that is no netkit primary, say
                    }
                }
            }
            // IPv6 link-local addresses and their routes come and go by themselves after a device
            // goes up (autoconfiguration, DAD); no row makes any.
            r.addresses().list().stream().map(a -> "addr " + a).filter(a -> !a.contains("fe80:")).forEach(out::add);
            for (IpFamily f : IpFamily.values()) {
                r.routes().list(f, 0, null).stream().map(rt -> "route " + rt)
                        .filter(rt -> !rt.contains("fe80:") && !rt.contains("ff00::/8")).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The named namespaces a row could make: its topology's ({@code tp-bad…}), the table's
     * ({@code jnkbad…}) and any named in its input. Other processes on the machine (tests, the
     * benchmarks) add and remove their own at the same time.
     */
    private List<String> namespaces() {
        try (Stream<Path> s = Files.list(NetNamespaces.RUN_NETNS)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("tp-bad") || n.startsWith("jnkbad") || (current != null && current.input().contains(n)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
