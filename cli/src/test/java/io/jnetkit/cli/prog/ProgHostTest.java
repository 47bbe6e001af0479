package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Fixtures;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.cli.attach.TestProgs;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prog load/show/dump/test-run on the host kernel with the port_filter example object. */
@HostTest
class ProgHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path tmp;

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }

    private static void fails(Exit exit, String... args) {
        CliRun.fails(exit, args);
    }

    private Path portFilter() throws Exception {
        return Fixtures.portFilter(tmp);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The elf module's partial.o fixture (committed), read from its source tree: loadable programs next to ones that are not. */
    private static Path partial() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../elf/src/test/resources/io/jnetkit/elf/fixtures/partial.o")
                .normalize();
        assertTrue(Files.isRegularFile(p), "missing fixture " + p);
        return p;
    }

    @Test
    void loadNamedProgramsAndListTheSkipped() throws Exception {
        Path obj = partial();
        Path one = bpffs.root().resolve("one");
        String out = ok("prog", "load", obj.toString(), "counted", one.toString()).out();
        assertTrue(out.startsWith("loaded counted (prog id "), out);
        assertTrue(out.contains("\nskipped traced (section fentry/tcp_connect): section \"fentry/tcp_connect\" makes a "
                + "tracing program, but it needs the kernel BTF id of its attach target (attach_btf_id), which jnetkit "
                + "does not resolve\n"), out);
        assertTrue(out.contains("\nskipped on_request (section ?tc): not asked for\n"), out);
        try (Program p = Program.fromPinned(one)) {
            assertEquals(-1, p.testRun(new byte[64], 1).retval());
        }

        Path dir = bpffs.root().resolve("several");
        String json = ok("prog", "load", obj.toString(), "counted", "on_request", dir.toString(), "--json").out();
        assertTrue(json.startsWith("{\"loaded\":[{\"id\":"), json);
        assertTrue(json.contains("\"pinned\":\"" + dir.resolve("counted") + "\""), json);
        assertTrue(json.contains("\"pinned\":\"" + dir.resolve("on_request") + "\""), json);
        assertTrue(json.contains("{\"name\":\"xdp_pass\",\"section\":\"xdp\",\"reason\":\"not asked for\"}"), json);
        assertTrue(Files.exists(dir.resolve("counted")) && Files.exists(dir.resolve("on_request")));

        // An unknown name, or one jnetkit cannot load, is bad input: exit 2, nothing pinned.
        fails(Exit.USAGE, "prog", "load", obj.toString(), "nope", bpffs.root().resolve("x").toString());
        fails(Exit.USAGE, "prog", "load", obj.toString(), "traced", bpffs.root().resolve("y").toString());
        assertTrue(Files.notExists(bpffs.root().resolve("x")) && Files.notExists(bpffs.root().resolve("y")));
        Files.delete(one);
        Files.delete(dir.resolve("counted"));
        Files.delete(dir.resolve("on_request"));
    }

    /** A malformed or refused object is bad input: one line on stderr, exit 2, for every such fixture. */
    @Test
    void refusedObjectsAreOneLineExit2() {
        Path bad = partial().resolveSibling("bad");
        for (String name : new String[] {"huge_bss", "struct_ops", "maps_initialiser", "map_type0", "ringbuf_no_size",
                "pin_object_ns"}) {
            CliRun r = CliRun.fails(Exit.USAGE, "prog", "load", bad.resolve(name + ".o").toString(),
                    bpffs.root().resolve(name).toString());
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertTrue(r.err().contains(name + ".o"), r::toString);
        }
    }

    @Test
    void loadShowDumpTestRun() throws Exception {
        Path obj = portFilter();
        Path pin = bpffs.root().resolve("pf");
        String loaded = ok("prog", "load", obj.toString(), pin.toString()).out();
        assertTrue(loaded.matches("loaded port_filter \\(prog id \\d+, sched_cls, tag \\p{XDigit}{16}\\), pinned at "
                + pin + "\n"), loaded);
        int id;
        try (Program p = Program.fromPinned(pin)) {
            id = p.id();
        }
        String show = ok("prog", "show", "pinned", pin.toString()).out();
        assertTrue(show.matches("(?s)" + id + ": sched_cls  name port_filter  tag \\p{XDigit}{16}  gpl\n\tloaded_at \\S+  uid 0\n"
                + "\txlated \\d+B  jited \\d+B  memlock \\d+B  map_ids \\d+(,\\d+)*.*"), show);
        String json = ok("prog", "show", "id", String.valueOf(id), "--json").out();
        assertTrue(json.startsWith("{\"id\":" + id + ",\"type\":\"sched_cls\",\"name\":\"port_filter\",\"tag\":\""), json);
        assertTrue(json.contains("\"bytes_xlated\":") && json.contains("\"map_ids\":["), json);
        assertTrue(ok("prog", "show").out().contains(id + ": sched_cls  name port_filter"));

        String xlated = ok("prog", "dump", "xlated", "pinned", pin.toString(), "--raw-hex").out();
        List<String> lines = xlated.lines().toList();
        assertTrue(lines.size() > 10 && lines.getFirst().matches("   0: (\\p{XDigit}{2} ){7}\\p{XDigit}{2}"), xlated);
        assertTrue(lines.getLast().startsWith(String.format("%4d: 95 00", lines.size() - 1)), "ends with exit: " + xlated);
        String raw = ok("prog", "dump", "raw", obj.toString(), "--json").out();
        assertTrue(raw.startsWith("{\"kind\":\"raw\",\"name\":\"port_filter\",\"insns\":[{\"index\":0,\"hex\":\""), raw);
        fails(Exit.USAGE, "prog", "dump", "raw", "id", String.valueOf(id));

        String to12345 = hex(TestProgs.tcpFrame(12345));
        String to12346 = hex(TestProgs.tcpFrame(12346));
        assertEquals("retval 2 (drop)", ok("prog", "test-run", "pinned", pin.toString(), "--data-hex", to12345)
                .out().lines().findFirst().orElseThrow());
        String pass = ok("prog", "test-run", "id", String.valueOf(id), "--data-hex", to12346, "--repeat", "100").out();
        assertTrue(pass.matches("retval -1 \\(next\\)\nduration \\d+ ns/run \\(average of 100\\)\n"), pass);
        String fromObj = ok("prog", "test-run", obj + ":port_filter", "--data-hex", to12345, "--json").out();
        assertTrue(fromObj.contains("\"retval\":2,\"verdict\":\"drop\""), fromObj);

        // A pcap file with one record works as --data-file.
        byte[] frame = TestProgs.tcpFrame(12345);
        ByteBuffer pcap = ByteBuffer.allocate(24 + 16 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        pcap.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        Path pcapFile = tmp.resolve("syn.pcap");
        Files.write(pcapFile, pcap.array());
        assertTrue(ok("prog", "test-run", "pinned", pin.toString(), "--data-file", pcapFile.toString()).out()
                .startsWith("retval 2 (drop)"));

        fails(Exit.USAGE, "prog", "test-run", "pinned", pin.toString(), "--data-hex", "00 11 zz");
        fails(Exit.USAGE, "prog", "test-run", "pinned", pin.toString(), "--data-hex", "0011");
        fails(Exit.NOT_FOUND, "prog", "test-run", "id", "2000000000", "--data-hex", to12345);
        fails(Exit.NOT_FOUND, "prog", "show", "id", "2000000000");
        fails(Exit.NOT_FOUND, "prog", "load", tmp.resolve("missing.o").toString(), bpffs.root().resolve("x").toString());
        fails(Exit.NOT_FOUND, "prog", "dump", "raw", obj + ":nope");
        Path junk = tmp.resolve("junk.o");
        Files.writeString(junk, "not an ELF file");
        fails(Exit.USAGE, "prog", "load", junk.toString(), bpffs.root().resolve("y").toString());
        Files.delete(pin);
        assertEquals(List.of(), bpffs.pins());
    }

    @Test
    void attachAnObjectFileToTcxAndDetach() throws Exception {
        Path obj = portFilter();
        CliRun add = CliRun.of("-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        assertEquals(0, add.exit(), add::toString);
        int v1;
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            v1 = rtnl.links().get("v1").index();
        }
        String out = ok("-n", ns.name(), "attach", "v1", "tcx-ingress", obj.toString()).out();
        assertTrue(out.startsWith("attached port_filter (prog id "), out);
        // The collection is closed with the command; the pinned link keeps the program attached.
        HookQuery q = Attachments.query(ns.get(), Hook.tcxIngress(v1));
        assertEquals(1, q.count());
        String show = ok("-n", ns.name(), "net", "show").out();
        assertTrue(show.contains("v1(" + v1 + ") tcx/ingress revision 2\n    prog_id " + q.programIds().getFirst()
                + " name port_filter"), show);
        ok("-n", ns.name(), "detach", "v1", "tcx-ingress", "all");
        assertEquals(0, Attachments.query(ns.get(), Hook.tcxIngress(v1)).count());
        assertEquals(List.of(), bpffs.pins());
    }

}
