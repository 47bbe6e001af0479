package io.jnetkit.elf;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maps created with BTF key/value types: spin-locked values, BPF_F_LOCK, typed bpftool dumps; libbpf as reference. */
@HostTest
class MapBtfHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static final byte[] KEY1 = {1, 0, 0, 0};

    @Test
    void spinLockedValueWorksWithBpfFLock() throws Exception {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.SPINLOCK);
        ElfMap def = spec.map("locked");
        assertNotEquals(0, def.btfKeyTypeId());
        assertNotEquals(0, def.btfValueTypeId());
        assertEquals("struct bpf_spin_lock", def.btfOnlyField());
        assertNotEquals(0, spec.map(".bss").btfValueTypeId(), "global data: the DATASEC is the value type");
        assertEquals(0, spec.map(".bss").btfKeyTypeId());
        try (BpfCollection c = BpfCollection.load(spec)) {
            assertTrue(c.btfLoaded(), () -> c.btfProblem().orElse(""));
            assertEquals(java.util.Optional.empty(), c.btfProblem());
            BpfMap locked = c.map("locked");
            locked.updateLocked(KEY1, new byte[16], BpfMap.UpdateMode.NO_EXIST);
            byte[] frame = Fixtures.tcp4(80);
            for (int i = 0; i < 3; i++) {
                assertEquals(-1, c.program("count_locked").testRun(frame, 1).retval());
            }
            ByteBuffer v = ByteBuffer.wrap(locked.lookupLocked(KEY1).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(3, v.getInt(4), "packets");
            assertEquals(3L * frame.length, v.getLong(8), "bytes");
            assertEquals(3, c.variableAsLong("runs"));

            String show = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "show", "id",
                    Integer.toString(locked.id()));
            assertTrue(btfId(show) > 0, show);
            String dump = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "dump", "id",
                    Integer.toString(locked.id()));
            assertTrue(dump.contains("\"formatted\""), dump);
            assertTrue(dump.contains("\"packets\":3"), dump);
            String bss = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "dump", "id",
                    Integer.toString(c.map(".bss").id()));
            assertTrue(bss.contains("\"formatted\"") && bss.contains("\"runs\":3"), bss);
        }
    }

    /** {@code bpftool prog loadall} (libbpf) makes the same maps, each with a BTF id, as jnetkit does. */
    @Test
    void sameMapsAsLibbpf() throws Exception {
        Path obj = Files.createTempFile("jnk-spinlock", ".o");
        Path pins = bpffs.root().resolve("libbpf");
        try {
            Files.write(obj, Fixtures.bytes(Fixtures.SPINLOCK));
            ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "prog", "loadall", obj.toString(),
                    pins.toString(), "pinmaps", pins.resolve("maps").toString());
            Map<String, String> libbpf = new TreeMap<>();
            for (String name : new String[] {"locked", ".bss"}) {
                // libbpf pins global data as <object prefix>_bss.
                Path pin;
                try (var files = Files.list(pins.resolve("maps"))) {
                    pin = files.filter(f -> name.equals(".bss") ? f.getFileName().toString().endsWith("_bss")
                            : f.getFileName().toString().equals(name)).findFirst().orElseThrow();
                }
                String show = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "show", "pinned",
                        pin.toString());
                assertTrue(btfId(show) > 0, "libbpf's " + name + ": " + show);
                libbpf.put(name, layout(show));
            }
            Map<String, String> ours = new TreeMap<>();
            try (BpfCollection c = BpfCollection.load(CollectionSpec.read(obj))) {
                for (String name : new String[] {"locked", ".bss"}) {
                    String show = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "show", "id",
                            Integer.toString(c.map(name).id()));
                    assertTrue(btfId(show) > 0, "jnetkit's " + name + ": " + show);
                    ours.put(name, layout(show));
                }
            }
            assertEquals(libbpf, ours);
        } finally {
            Files.deleteIfExists(obj);
        }
    }

    /** A value that needs BTF, when the object's BTF did not load: a clear error instead of the kernel's EINVAL. */
    @Test
    void spinLockWithoutBtfIsAClearError() {
        ElfMap m = CollectionSpec.readResource(Fixtures.SPINLOCK).map("locked");
        List<String> problems = new ArrayList<>();
        ElfException e = assertThrows(ElfException.class,
                () -> BpfCollection.create(m, null, "load BTF: EINVAL (kernel said no)", problems));
        assertEquals("create map locked: its value holds struct bpf_spin_lock, which works only with BTF, but the "
                + "object's BTF was not loaded: load BTF: EINVAL (kernel said no)", e.getMessage());
    }

    /**
     * iproute2-style legacy map: PIN_GLOBAL_NS pins it by name, BPF_ANNOTATE_KV_PAIR gives it BTF
     * types; a perf event array without max_entries gets one entry per possible CPU.
     */
    @Test
    void legacyIproute2MapAndPerfEventArray() throws Exception {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.LEGACY_IPROUTE2);
        ElfMap ip2 = spec.map("ip2_stats");
        assertEquals(ElfMap.Kind.LEGACY, ip2.kind());
        assertEquals(ElfMap.Pinning.BY_NAME, ip2.pinning());
        BtfSpec btf = BtfSpec.parse(spec.kernelBtf());
        assertEquals("__u32", btf.type(ip2.btfKeyTypeId()).name());
        assertEquals("ip2_value", btf.type(ip2.btfValueTypeId()).name());
        assertEquals(0, spec.map("perf_events").maxEntries());
        try (BpfCollection c = BpfCollection.load(spec, bpffs.root())) {
            assertEquals(java.util.Optional.empty(), c.btfProblem());
            assertTrue(Files.exists(bpffs.root().resolve("ip2_stats")));
            assertEquals(BpfMap.possibleCpus(), c.map("perf_events").maxEntries());
            assertEquals(-1, c.program("ip2_count").testRun(Fixtures.tcp4(80), 1).retval());
            String show = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "show", "id",
                    Integer.toString(c.map("ip2_stats").id()));
            assertTrue(btfId(show) > 0, show);
            String dump = ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "-j", "map", "dump", "id",
                    Integer.toString(c.map("ip2_stats").id()));
            assertTrue(dump.contains("\"formatted\"") && dump.contains("\"last_len\":64"), dump);
        }
        // The pin outlives the collection and is picked up by the next load.
        try (BpfCollection again = BpfCollection.load(spec, bpffs.root())) {
            assertTrue(again.map("ip2_stats").lookup(new byte[4]).isPresent(), "the pinned map, with its entry, was reused");
        }
    }

    private static int btfId(String showJson) {
        Matcher m = Pattern.compile("\"btf_id\":(\\d+)").matcher(showJson);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Type, key and value sizes, entries: what must match (ids and names differ by design). */
    private static String layout(String showJson) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"type", "bytes_key", "bytes_value", "max_entries"}) {
            Matcher m = Pattern.compile("\"" + f + "\":(\"[^\"]*\"|\\d+)").matcher(showJson);
            sb.append(f).append('=').append(m.find() ? m.group(1) : "?").append(' ');
        }
        return sb.toString().trim();
    }
}
