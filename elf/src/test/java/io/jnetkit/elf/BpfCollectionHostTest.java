package io.jnetkit.elf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.bpf.TestRun;
import io.jnetkit.bpf.VerifierException;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading the fixtures into the host kernel and running them with BPF_PROG_TEST_RUN. */
@HostTest
class BpfCollectionHostTest {
    private static final int NEXT = -1, PASS = 0, DROP = 2;

    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    private static int run(BpfCollection c, String program, byte[] frame) {
        TestRun r = c.program(program).testRun(frame, 1);
        return r.retval();
    }

    @Test
    void portFilterDrops12345AndCounts() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Examples.PORT_FILTER))) {
            assertTrue(c.btfLoaded(), () -> c.btfProblem().orElse(""));
            assertEquals(Set.of("port_filter"), c.programs().keySet());
            assertEquals(0, c.variableAsLong("dropped"));
            assertEquals(DROP, run(c, "port_filter", Fixtures.tcp4(12345)));
            assertEquals(1, c.variableAsLong("dropped"));
            assertEquals(NEXT, run(c, "port_filter", Fixtures.tcp4(12346)));
            assertEquals(NEXT, run(c, "port_filter", Fixtures.udp4(12345)));
            assertEquals(1, c.variableAsLong("dropped"));
            assertEquals(3, c.variableAsLong("seen"));
            assertEquals(12345, c.variableAsLong("blocked_port"));
            ProgramInfo info = c.program("port_filter").info();
            assertEquals("port_filter", info.name());
            assertEquals(2, info.mapIds().size(), ".bss and .rodata: " + info.mapIds());
            assertEquals("port_fil.bss", c.map(".bss").name());
        }
    }

    @Test
    void blockedPortSetBeforeLoad() {
        CollectionSpec spec = CollectionSpec.readResource(Examples.PORT_FILTER);
        spec.setU16("blocked_port", 12346);
        try (BpfCollection c = BpfCollection.load(spec)) {
            assertEquals(NEXT, run(c, "port_filter", Fixtures.tcp4(12345)));
            assertEquals(DROP, run(c, "port_filter", Fixtures.tcp4(12346)));
            assertEquals(12346, c.variableAsLong("blocked_port"));
            assertEquals(1, c.variableAsLong("dropped"));
        }
    }

    @Test
    void globalsReadAndWrittenAfterLoad() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Examples.PORT_FILTER))) {
            c.setU64("dropped", 41);
            assertEquals(DROP, run(c, "port_filter", Fixtures.tcp4(12345)));
            assertEquals(42, c.variableAsLong("dropped"));
            assertArrayEquals(new byte[]{42, 0, 0, 0, 0, 0, 0, 0}, c.variable("dropped"));
            IllegalStateException ro = assertThrows(IllegalStateException.class, () -> c.setU16("blocked_port", 1));
            assertTrue(ro.getMessage().contains("before load"), ro.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.setVariable("dropped", new byte[4]));
            // .rodata is frozen: even a raw map update is refused.
            BpfMap rodata = c.map(".rodata");
            assertThrows(io.jnetkit.sys.KernelException.class, () -> rodata.put(new byte[4], new byte[rodata.valueSize()]));
        }
    }

    @Test
    void globalsFixtureRunsEveryProgram() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.GLOBALS);
        try (BpfCollection c = BpfCollection.load(spec)) {
            assertTrue(c.btfLoaded(), () -> c.btfProblem().orElse(""));
            assertEquals(7, c.programs().size());
            byte[] f64 = Fixtures.tcp4(80);
            assertEquals(NEXT, run(c, "nk_primary", f64), "64 ≥ min_len 60 and ≤ 1500: NEXT");
            assertEquals(1, c.variableAsLong("packets"));
            assertEquals(64, c.variableAsLong("last_len"));
            assertEquals(6, c.variableAsLong("hidden_static"), "static .data variable, 5 + 1");
            assertEquals(NEXT, run(c, "nk_peer", f64), "mode_flags[0] = 1");
            assertEquals(8, c.variableAsLong("packets"), "bump(verdict_bias = 7)");
            assertEquals(DROP, run(c, "nk_peer", Arrays.copyOf(f64, 65)), "mode_flags[1] = 2");
            assertEquals(PASS, run(c, "tc_first", f64), "greeting starts with 'j'");
            assertEquals(PASS, run(c, "classifier_with_a_long_name", f64));
            assertEquals("classifier_with", c.program("classifier_with_a_long_name").name());
            assertEquals(NEXT, run(c, "tcx_out", f64));
            long before = c.variableAsLong("packets");
            assertEquals(NEXT, run(c, "tcx_in", f64), "twice(0)");
            assertEquals(before, c.variableAsLong("packets"));
            c.setU32("verdict_bias", 2000);
            assertEquals(PASS, run(c, "tc_second", f64), "classify(64 + 2000) > 1500");
        }
        spec.setU32("min_len", 100);
        try (BpfCollection c = BpfCollection.load(spec)) {
            assertEquals(DROP, run(c, "classifier_with_a_long_name", Fixtures.tcp4(80)));
            assertEquals(DROP, run(c, "nk_primary", Fixtures.tcp4(80)), "64 < min_len 100");
        }
    }

    @Test
    void btfAndLegacyMapsWork(@TempDir Path dir) throws Exception {
        Path bpffs = mountBpffs(dir);
        try {
            CollectionSpec spec = CollectionSpec.readResource(Fixtures.MAPS);
            int pinnedId;
            try (BpfCollection c = BpfCollection.load(spec, bpffs)) {
                assertTrue(c.btfLoaded(), () -> c.btfProblem().orElse(""));
                byte[] frame = Fixtures.tcp4(80);
                assertEquals(NEXT, run(c, "count_flows", frame));
                assertEquals(NEXT, run(c, "count_flows", frame));
                BpfMap flows = c.map("flows");
                assertEquals(24, flows.valueSize());
                byte[] stats = flows.lookup(le(64 & 0xff, 4)).orElseThrow();
                ByteBuffer b = ByteBuffer.wrap(stats).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(2, b.getLong(0), "packets");
                assertEquals(128, b.getLong(8), "bytes");
                assertEquals(64, b.getInt(16), "last_len");
                assertEquals(2, le(c.map("legacy_counts").lookup(le(1, 4)).orElseThrow()));
                assertEquals(NEXT, run(c, "count_egress", frame));
                assertEquals(1, le(c.map("counters").lookup(le(0, 4)).orElseThrow()));
                BpfMap pinned = c.map("jnk_pinned");
                assertTrue(pinned.nextKey(null).isPresent(), "the program wrote the pinned map");
                pinnedId = pinned.id();
                assertTrue(bpffs.resolve("jnk_pinned").toFile().exists());
                c.map("legacy_hash").put(le(80, 2), le(0, 4));
                run(c, "count_egress", frame);
                assertEquals(1, le(c.map("legacy_hash").lookup(le(80, 2)).orElseThrow()));
            }
            // The pin outlives the collection; a second load reuses the map.
            try (BpfCollection again = BpfCollection.load(spec, bpffs)) {
                assertEquals(pinnedId, again.map("jnk_pinned").id());
            }
        } finally {
            umount(bpffs);
        }
    }

    @Test
    void verifierErrorShowsSourceLine() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.BROKEN);
        VerifierException e = assertThrows(VerifierException.class, () -> BpfCollection.load(spec));
        assertTrue(e.getMessage().contains("past_the_check = *(__u32 *)(data + 14)"), e.getMessage());
        assertTrue(e.getMessage().contains("load program read_past_end"), e.getMessage());
        assertTrue(e.sourceLine().orElseThrow().contains("broken.c"), e.sourceLine().toString());
    }

    @Test
    void withoutBtfTheProgramsStillLoad() {
        byte[] noBtf = BtfSpecTest.renameSection(Fixtures.bytes(Examples.PORT_FILTER), ".BTF", ".XTF");
        try (BpfCollection c = BpfCollection.load(CollectionSpec.read(noBtf, "nobtf.o"))) {
            assertTrue(!c.btfLoaded());
            assertTrue(c.btfProblem().orElseThrow().contains(".BTF"), c.btfProblem().toString());
            assertEquals(DROP, run(c, "port_filter", Fixtures.tcp4(12345)));
            assertEquals(NEXT, run(c, "port_filter", Fixtures.tcp4(12346)));
        }
    }

    private static byte[] le(long v, int size) {
        return CollectionSpec.Le.bytes(v, size, "test");
    }

    private static long le(byte[] b) {
        return CollectionSpec.Le.read(b);
    }

    static Path mountBpffs(Path dir) throws IOException, InterruptedException {
        Path mnt = dir.resolve("bpffs");
        mnt.toFile().mkdirs();
        sh("mount", "-t", "bpf", "bpf", mnt.toString());
        return mnt;
    }

    static void umount(Path mnt) throws IOException, InterruptedException {
        sh("umount", mnt.toString());
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }
}
