package io.jnetkit.bpf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hash and array maps from Java, and a program counting into a map. */
@HostTest
class MapHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    @Test
    void hashMapSemantics() {
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_hash", MapType.HASH, 4, 8, 16))) {
            assertTrue(m.lookup(u32(1)).isEmpty(), "absent key: ENOENT → empty");
            m.put(u32(1), u64(100));
            assertEquals(100, u64(m.lookup(u32(1)).orElseThrow()));

            KernelException exists = assertThrows(KernelException.class,
                    () -> m.update(u32(1), u64(5), BpfMap.UpdateMode.NO_EXIST));
            assertEquals(Errno.EEXIST, exists.errno());
            assertTrue(exists.getMessage().startsWith("update key in map jnk_hash: EEXIST (File exists)"),
                    exists.getMessage());
            KernelException missing = assertThrows(KernelException.class,
                    () -> m.update(u32(2), u64(5), BpfMap.UpdateMode.EXIST));
            assertEquals(Errno.ENOENT, missing.errno());
            m.update(u32(1), u64(101), BpfMap.UpdateMode.EXIST);
            assertEquals(101, u64(m.lookup(u32(1)).orElseThrow()));

            for (int k = 2; k <= 5; k++) m.update(u32(k), u64(k), BpfMap.UpdateMode.NO_EXIST);
            Set<Integer> keys = new HashSet<>();
            for (byte[] k : m.keys()) keys.add(ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt());
            assertEquals(Set.of(1, 2, 3, 4, 5), keys);

            assertTrue(m.delete(u32(3)));
            assertFalse(m.delete(u32(3)), "second delete: ENOENT → false");
            assertTrue(m.lookup(u32(3)).isEmpty());
            assertTrue(m.nextKey(null).isPresent());
            assertThrows(IllegalArgumentException.class, () -> m.lookup(new byte[8]));

            MapInfo info = m.info();
            assertEquals(MapType.HASH, info.type());
            assertEquals("jnk_hash", info.name());
            assertEquals(4, info.keySize());
            assertEquals(8, info.valueSize());
            assertEquals(16, info.maxEntries());
            assertEquals(m.id(), info.id());
            assertTrue(info.memlock() > 0, "memlock from fdinfo: " + info);
            assertFalse(info.frozen());
            assertTrue(BpfObjects.mapIds().contains(m.id()));
            assertTrue(BpfObjects.maps().stream().anyMatch(i -> i.id() == m.id() && i.name().equals("jnk_hash")));
        }
    }

    @Test
    void arrayMapSemantics() throws java.io.IOException {
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_array", MapType.ARRAY, 4, 8, 4))) {
            assertArrayEquals(new byte[8], m.lookup(u32(0)).orElseThrow(), "array elements exist, zeroed");
            assertTrue(m.lookup(u32(4)).isEmpty(), "past the end: ENOENT");
            m.put(u32(2), u64(7));
            assertEquals(7, u64(m.lookup(u32(2)).orElseThrow()));
            KernelException noExist = assertThrows(KernelException.class,
                    () -> m.update(u32(1), u64(1), BpfMap.UpdateMode.NO_EXIST));
            assertEquals(Errno.EEXIST, noExist.errno(), "every array element already exists");
            KernelException delete = assertThrows(KernelException.class, () -> m.delete(u32(1)));
            assertEquals(Errno.EINVAL, delete.errno());
            int n = 0;
            for (byte[] k : m.keys()) {
                assertEquals(n, ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt());
                n++;
            }
            assertEquals(4, n);
            try (BpfMap again = BpfMap.fromId(m.id())) {
                assertEquals(7, u64(again.lookup(u32(2)).orElseThrow()));
            }
            try (KernelFixtures.BpfFs fs = new KernelFixtures.BpfFs()) {
                java.nio.file.Path pin = fs.resolve("array");
                m.pin(pin);
                try (BpfMap pinned = BpfMap.fromPinned(pin)) {
                    assertEquals(m.id(), pinned.id());
                    assertEquals(MapType.ARRAY, pinned.type());
                    assertEquals(7, u64(pinned.lookup(u32(2)).orElseThrow()));
                }
                java.nio.file.Files.delete(pin);
            }
        }
    }

    /** A map-in-map takes its inner maps' shape from a template; lookups give the inner map's id. */
    @Test
    void mapInMapFromTemplate() {
        try (BpfMap template = BpfMap.create(MapSpec.of("jnk_tmpl", MapType.ARRAY, 4, 8, 1));
             BpfMap outer = BpfMap.createMapInMap(MapSpec.of("jnk_outer", MapType.ARRAY_OF_MAPS, 4, 4, 2), template);
             BpfMap inner = BpfMap.create(MapSpec.of("jnk_inner", MapType.ARRAY, 4, 8, 1));
             BpfMap wrong = BpfMap.create(MapSpec.of("jnk_wrong", MapType.ARRAY, 4, 16, 1))) {
            outer.put(u32(1), u32(inner.fd().value()));
            assertArrayEquals(u32(inner.id()), outer.lookup(u32(1)).orElseThrow());
            // Not the template's shape: the kernel refuses (EINVAL).
            assertThrows(io.jnetkit.sys.KernelException.class, () -> outer.put(u32(0), u32(wrong.fd().value())));
        }
        assertThrows(IllegalArgumentException.class, () -> BpfMap.createMapInMap(MapSpec.of("x", MapType.HASH, 4, 4, 1), null));
    }

    @Test
    void perCpuValuesHoldOneSlotPerCpu() {
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_pcpu", MapType.PERCPU_ARRAY, 4, 4, 1))) {
            int cpus = BpfMap.PossibleCpus.count();
            assertEquals(8 * cpus, m.valueBufferSize(), "4-byte values are padded to 8 per CPU");
            assertEquals(8 * cpus, m.lookup(u32(0)).orElseThrow().length);
        }
    }

    @Test
    void counterProgramCountsTestRuns() {
        int runs = 1000;
        try (BpfMap counts = BpfMap.create(MapSpec.of("jnk_count", MapType.ARRAY, 4, 8, 1));
             Program p = Program.load(ProgramSpec.schedCls("jnk_counter", AttachType.TCX_INGRESS,
                     Progs.counter(counts.fd().value(), 0)))) {
            TestRun r = p.testRun(Progs.frame64(), runs);
            assertEquals(0, r.retval());
            assertEquals(runs, u64(counts.lookup(u32(0)).orElseThrow()));
            p.testRun(Progs.frame64(), 1);
            assertEquals(runs + 1, u64(counts.lookup(u32(0)).orElseThrow()));
            assertEquals(java.util.List.of(counts.id()), p.info().mapIds());
        }
    }
}
