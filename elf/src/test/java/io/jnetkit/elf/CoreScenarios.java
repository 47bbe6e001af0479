package io.jnetkit.elf;

import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.VerifierException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CO-RE against the running kernel's BTF: each core_skb program returns one relocated value, and
 * a test run shows it; libbpf (bpftool prog loadall) loading the same object is the reference.
 * Run on the host ({@link CoreHostTest}) and in the lab guests ({@link CoreNetkitTest}), whose
 * kernels' BTF differs from the build kernel's that core_vmlinux.o was compiled against.
 */
abstract class CoreScenarios {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static final BtfTypes VMLINUX = BtfTypes.kernel();

    private static int skbField(String name) {
        int id = VMLINUX.find("__sk_buff", BtfTypes.KIND_STRUCT).getFirst();
        for (BtfTypes.Member m : VMLINUX.members(id)) {
            if (m.name().equals(name)) return m.bitOffset() / 8;
        }
        throw new AssertionError("vmlinux's __sk_buff has no " + name);
    }

    private static Map<String, Integer> runAll(Map<String, Program> programs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        programs.forEach((name, p) -> out.put(name, p.testRun(Fixtures.tcp4(80), 1).retval()));
        return out;
    }

    @Test
    void vmlinuxParsesFastAndIndexesByEssentialName() {
        long t0 = System.nanoTime();
        BtfTypes v = BtfTypes.read(BtfTypes.KERNEL_BTF_DIR.resolve("vmlinux"));
        int[] skb = v.byEssentialName("sk_buff");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(v.maxId() > 10_000, "vmlinux has " + v.maxId() + " types");
        // ~100 ms on the host; a TCG lab guest emulates the CPU and takes seconds.
        assertTrue(ms < 20_000, "parsing and indexing " + v.maxId() + " types took " + ms + " ms");
        assertTrue(Arrays.stream(skb).anyMatch(id -> v.kind(id) == BtfTypes.KIND_STRUCT && v.name(id).equals("sk_buff")));
        System.out.println("vmlinux: " + v.maxId() + " types parsed and indexed in " + ms + " ms");
    }

    @Test
    void everyKindAgainstTheKernelsSkBuff() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.CORE_SKB))) {
            Map<String, Integer> r = runAll(c.programs());
            assertEquals(64, r.get("core_len"), "skb->len through the flavor: the frame's length");
            assertEquals(0x0008, r.get("core_protocol"), "skb->protocol: htons(ETH_P_IP)");
            int expected = skbField("len") | skbField("mark") << 8 | skbField("protocol") << 16 | skbField("priority") << 24;
            assertEquals(expected, r.get("core_offsets"), Integer.toHexString(r.get("core_offsets")));
            assertEquals(0x20100800, r.get("core_offsets"), "uapi offsets: len 0, mark 8, protocol 16, priority 32");
            // field len yes, no_such_field no, type yes, no_such_type no, enumerator yes, no_such_helper no
            assertEquals(0b010101, r.get("core_exists"), Integer.toBinaryString(r.get("core_exists")));
            int skb = VMLINUX.find("__sk_buff", BtfTypes.KIND_STRUCT).getFirst();
            assertEquals((int) VMLINUX.size(skb), r.get("core_type_size"));
            assertEquals(4, r.get("core_field_size"));
            assertEquals(5, r.get("core_enum_value"), "BPF_FUNC_ktime_get_ns");
            assertEquals(skb, r.get("core_type_id"));
            assertEquals(7, r.get("core_guarded"), "the poisoned read behind a failed existence check is dead code");
            assertEquals(64 + 16, r.get("core_subprog"), "relocations in a called .text function");
            // pkt_type: PACKET_MULTICAST, as the test run hands the frame (to ff:ff:ff:ff:ff:ff) to lo,
            // whose broadcast address is all zeros
            assertEquals(64 | 2 << 16, r.get("core_widened"), "u16 len and u8 pkt_type loaded as the kernel's u32s");
            assertEquals(0x50 + 64, r.get("core_store"));
            CollectionSpec spec = CollectionSpec.readResource(Fixtures.CORE_SKB);
            assertEquals(spec.program("core_type_id_local").coreRelocations().getFirst().typeId(), r.get("core_type_id_local"));
        }
    }

    /** Byte offset of {@code field} in vmlinux's struct {@code name}, looking through anonymous members. */
    private static long offsetOf(String name, String field) {
        long off = memberBits(VMLINUX.find(name, BtfTypes.KIND_STRUCT).getFirst(), field);
        if (off < 0) throw new AssertionError("vmlinux's struct " + name + " has no " + field);
        return off / 8;
    }

    private static long memberBits(int id, String field) {
        for (BtfTypes.Member m : VMLINUX.members(id)) {
            if (m.name().equals(field)) return m.bitOffset();
            int t = VMLINUX.skipModsAndTypedefs(m.type());
            int k = VMLINUX.kind(t);
            if (m.name().isEmpty() && (k == BtfTypes.KIND_STRUCT || k == BtfTypes.KIND_UNION)) {
                long inner = memberBits(t, field);
                if (inner >= 0) return m.bitOffset() + inner;
            }
        }
        return -1;
    }

    @Test
    void vmlinuxHeaderObject() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.CORE_VMLINUX))) {
            Map<String, Integer> r = runAll(c.programs());
            assertEquals(64, r.get("vml_len"));
            assertEquals(0x0800, r.get("vml_protocol"));
            assertEquals((int) offsetOf("sk_buff", "len"), r.get("vml_skb_len_offset"));
            assertEquals((int) offsetOf("sk_buff", "mark"), r.get("vml_skb_mark_offset"));
            assertEquals((int) VMLINUX.size(VMLINUX.find("sk_buff", BtfTypes.KIND_STRUCT).getFirst()), r.get("vml_skb_size"));
            assertEquals(5, r.get("vml_enum"));
            assertEquals(0b111, r.get("vml_exists"));
            int bits = r.get("vml_pkt_type_bits");
            int off = bits & 0xff, size = bits >>> 8 & 0xff, lsh = bits >>> 16 & 0xff, rsh = bits >>> 24;
            int skbId = VMLINUX.find("sk_buff", BtfTypes.KIND_STRUCT).getFirst();
            assertEquals(memberBits(skbId, "pkt_type"), off * 8 + rsh - lsh, "start bit of pkt_type: " + Integer.toHexString(bits));
            assertEquals(3, 64 - rsh, "pkt_type is 3 bits");
            assertTrue(size == 1 || size == 2 || size == 4 || size == 8, "load size " + size);
        }
    }

    @Test
    void reachedPoisonNamesTheRelocation() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.CORE_POISON);
        VerifierException e = assertThrows(VerifierException.class, () -> BpfCollection.load(spec).close());
        assertTrue(e.getMessage().startsWith("load program core_poisoned: CO-RE relocation failed: byte_off struct "
                + "__sk_buff___mine 0:1 at insn "), e.getMessage());
        assertTrue(e.getMessage().contains("has no field no_such_field"), e.getMessage());
    }

    @Test
    void libbpfRefusesThePoisonedObjectToo() throws Exception {
        Path obj = Files.createTempFile("core_poison", ".o");
        try {
            Files.write(obj, Fixtures.bytes(Fixtures.CORE_POISON));
            Process p = new ProcessBuilder("bpftool", "prog", "loadall", obj.toString(), bpffs.root().resolve("poison").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bpftool hangs");
            assertTrue(p.exitValue() != 0 && out.contains("CO-RE"), "bpftool prog loadall: exit " + p.exitValue() + ": " + out);
        } finally {
            Files.deleteIfExists(obj);
        }
    }

    @Test
    void sameResultsAsLibbpf() throws Exception {
        sameResultsAsLibbpf(Fixtures.CORE_SKB);
        sameResultsAsLibbpf(Fixtures.CORE_VMLINUX);
    }

    private void sameResultsAsLibbpf(String fixture) throws Exception {
        Path obj = Files.createTempFile("core", ".o");
        try {
            Files.write(obj, Fixtures.bytes(fixture));
            // bpffs refuses names with dots.
            Path dir = bpffs.root().resolve("libbpf_" + Path.of(fixture).getFileName().toString().replace(".o", ""));
            Process p = new ProcessBuilder("bpftool", "prog", "loadall", obj.toString(), dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bpftool hangs");
            assertEquals(0, p.exitValue(), "bpftool prog loadall: " + out);
            Map<String, Program> libbpf = new LinkedHashMap<>();
            try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(fixture))) {
                for (String name : c.programs().keySet()) {
                    libbpf.put(name, Program.fromPinned(dir.resolve(name)));
                }
                try {
                    assertEquals(runAll(libbpf), runAll(c.programs()), fixture);
                    assertEquals(List.copyOf(c.programs().keySet()), List.copyOf(libbpf.keySet()));
                } finally {
                    libbpf.values().forEach(Program::close);
                }
            }
        } finally {
            Files.deleteIfExists(obj);
        }
    }
}
