package io.jnetkit.elf;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.Program;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Map-in-map and program-array initial values from .maps, checked against bpftool prog loadall. */
@HostTest
class MapInMapHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static final byte[] K0 = {0, 0, 0, 0}, K1 = {1, 0, 0, 0};

    @Test
    void specListsInnerMapAndValues() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.MAP_IN_MAP);
        ElfMap outer = spec.map("outer");
        assertEquals(MapType.ARRAY_OF_MAPS, outer.type());
        assertEquals(4, outer.valueSize());
        assertNotNull(outer.inner());
        assertEquals(MapType.ARRAY, outer.inner().type());
        assertEquals(8, outer.inner().valueSize());
        assertEquals(Map.of(0, "inner_a", 1, "inner_b"), outer.values());
        assertEquals(Map.of(1, "tail_target"), spec.map("jumps").values());
    }

    @Test
    void valuesAreFilledAndUsed() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.MAP_IN_MAP))) {
            assertEquals(slots(c.map("outer")), Map.of(0, c.map("inner_a").id(), 1, c.map("inner_b").id()));
            assertEquals(Map.of(1, c.program("tail_target").info().id()), slots(c.map("jumps")));
            // 64-byte frame: counts in inner_a (slot 0), then the tail call to tail_target drops.
            assertEquals(2, c.program("through_outer").testRun(Fixtures.tcp4(80), 1).retval());
            assertEquals(1, CollectionSpec.Le.read(c.map("inner_a").lookup(K0).orElseThrow()));
            assertEquals(0, CollectionSpec.Le.read(c.map("inner_b").lookup(K0).orElseThrow()));
        }
    }

    @Test
    void libbpfFillsTheSameSlots() throws Exception {
        Path dir = Files.createTempDirectory("jnk-mim");
        Path obj = dir.resolve("mapinmap.o");
        Path pins = bpffs.root().resolve("libbpf");
        try {
            Files.write(obj, Fixtures.bytes(Fixtures.MAP_IN_MAP));
            Files.createDirectories(pins);
            ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "prog", "loadall", obj.toString(),
                    pins.resolve("p").toString(), "pinmaps", pins.resolve("m").toString());
            try (BpfMap outer = BpfMap.fromPinned(pins.resolve("m/outer"));
                 BpfMap a = BpfMap.fromPinned(pins.resolve("m/inner_a"));
                 BpfMap b = BpfMap.fromPinned(pins.resolve("m/inner_b"));
                 BpfMap jumps = BpfMap.fromPinned(pins.resolve("m/jumps"));
                 Program through = Program.fromPinned(pins.resolve("p/through_outer"))) {
                assertEquals(Map.of(0, a.id(), 1, b.id()), slots(outer));
                assertEquals(1, slots(jumps).size());
                assertEquals(2, through.testRun(Fixtures.tcp4(80), 1).retval());
                assertEquals(1, CollectionSpec.Le.read(a.lookup(K0).orElseThrow()));
                try (BpfCollection c = BpfCollection.load(CollectionSpec.read(obj))) {
                    for (String m : new String[] {"outer", "inner_a", "jumps"}) {
                        BpfMap ours = c.map(m);
                        BpfMap theirs = m.equals("outer") ? outer : m.equals("inner_a") ? a : jumps;
                        assertEquals(theirs.info().type(), ours.info().type(), m);
                        assertEquals(theirs.keySize(), ours.keySize(), m);
                        assertEquals(theirs.valueSize(), ours.valueSize(), m);
                        assertEquals(theirs.maxEntries(), ours.maxEntries(), m);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(obj);
            Files.deleteIfExists(dir);
        }
    }

    /** Slot → id of what is in it (lookups of map-in-map and prog arrays give ids). */
    private static Map<Integer, Integer> slots(BpfMap m) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (byte[] k : new byte[][] {K0, K1}) {
            m.lookup(k).ifPresent(v -> out.put(k[0] & 0xff, (int) CollectionSpec.Le.read(v)));
        }
        return out;
    }
}
