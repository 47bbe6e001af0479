package io.jnetkit.bpf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading, test-running, inspecting and listing programs on the host kernel. */
@HostTest
class ProgramHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    @Test
    void loadAndTestRunDrop() {
        try (Program p = Program.load(ProgramSpec.schedCls("jnk_drop", AttachType.TCX_INGRESS, Progs.DROP))) {
            byte[] frame = Progs.frame64();
            TestRun r = p.testRun(frame, 10_000);
            assertEquals(2, r.retval(), "TC_ACT_SHOT");
            assertEquals(10_000, r.repeat());
            assertTrue(r.durationNanos() > 0 && r.durationNanos() < 1_000_000, "ns per run: " + r.durationNanos());
            assertArrayEquals(frame, r.dataOut(), "the program does not touch the packet");
            assertThrows(IllegalArgumentException.class, () -> p.testRun(new byte[13], 1));
        }
    }

    @Test
    void infoIdTagAndFromId() {
        try (Program p = Program.load(ProgramSpec.schedCls("jnk_info", AttachType.NETKIT_PRIMARY, Progs.PASS))) {
            ProgramInfo info = p.info();
            assertEquals(ProgramType.SCHED_CLS, info.type());
            assertEquals("jnk_info", info.name());
            assertTrue(info.id() > 0);
            assertEquals(info.id(), p.id());
            assertTrue(info.tag().matches("[0-9a-f]{16}"), info.tag());
            assertEquals(info.tag(), p.tag());
            assertTrue(info.xlatedLength() >= 16, "two instructions at least");
            assertTrue(info.mapIds().isEmpty());
            try (Program again = Program.fromId(p.id())) {
                assertEquals(p.id(), again.id());
                assertEquals("jnk_info", again.name());
                assertEquals(ProgramType.SCHED_CLS, again.type());
            }
        }
    }

    @Test
    void xlatedInstructionsAndJitedImage() throws IOException {
        try (Program p = Program.load(ProgramSpec.schedCls("jnk_dump", AttachType.TCX_INGRESS, Progs.DROP))) {
            // r0 = 2; exit: nothing for the verifier to rewrite, so what runs is what was loaded.
            Bytecode x = p.xlatedInstructions();
            assertEquals(Progs.DROP, x);
            assertEquals(p.info().xlatedLength(), x.toBytes().length);
            boolean jit = Files.readString(Path.of("/proc/sys/net/core/bpf_jit_enable")).strip().equals("1");
            if (jit) {
                byte[] image = p.jitedImage();
                assertEquals(p.info().jitedLength(), image.length);
                assertTrue(image.length > 0);
            } else {
                KernelException e = assertThrows(KernelException.class, p::jitedImage);
                assertEquals(Errno.EPERM, e.errno());
            }
        }
    }

    @Test
    void listingIncludesOurs() {
        try (Program p = Program.load(ProgramSpec.of("jnk_listed", ProgramType.SCHED_CLS, Progs.PASS))) {
            assertTrue(BpfObjects.programIds().contains(p.id()));
            ProgramInfo mine = BpfObjects.programs().stream().filter(i -> i.id() == p.id()).findFirst().orElseThrow();
            assertEquals("jnk_listed", mine.name());
        }
    }

    @Test
    void verifierRejectionCarriesTheKernelsWords() {
        VerifierException e = assertThrows(VerifierException.class,
                () -> Program.load(ProgramSpec.of("jnk_broken", ProgramType.SCHED_CLS, Progs.BROKEN)).close());
        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().startsWith("load program jnk_broken: EACCES (Permission denied): verifier log:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
        assertTrue(e.log().contains("(95) exit"), e.log());
        assertTrue(e.log().contains("processed "), "full log kept, statistics included: " + e.log());
    }

    @Test
    void longLogGrowsTheBuffer() {
        // 20,000 instructions that never set r0: the level-1 log (one line per instruction) is
        // well over the first 64 KiB buffer, so the loader must grow it to get the whole log.
        long[] insns = new long[20_001];
        Arrays.fill(insns, Bytecode.encode(0xb7, 1, 0, 0, 1)); // r1 = 1
        insns[insns.length - 1] = Progs.EXIT;
        VerifierException e = assertThrows(VerifierException.class,
                () -> Program.load(ProgramSpec.of("jnk_long", ProgramType.SCHED_CLS, Bytecode.of(insns))).close());
        assertTrue(e.log().length() > Program.INITIAL_LOG_SIZE, "log of " + e.log().length() + " bytes");
        assertTrue(e.lines().stream().anyMatch(l -> l.startsWith("0: (b7) r1 = 1")), "the beginning is there");
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
        assertTrue(e.getMessage().contains("lines omitted)"), e.getMessage());
        assertTrue(!e.truncated());
    }

    @Test
    void jumpOutOfRangeIsEinvalWithLog() {
        // A valid instruction the verifier refuses before it runs anything: "goto +5" past the end.
        VerifierException e = assertThrows(VerifierException.class, () -> Program.load(ProgramSpec.of("jnk_badjmp",
                ProgramType.SCHED_CLS, Bytecode.of(Bytecode.encode(0x05, 0, 0, 5, 0), Progs.movR0(0), Progs.EXIT))).close());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("jump out of range"), e.getMessage());
    }

    @Test
    void mapReferencesResolveAgainstTheMapsGiven() {
        io.jnetkit.asm.Instructions code = io.jnetkit.asm.Asm.assemble("""
                *(u32 *)(r10 - 4) = 0
                r1 = map(counts) ll
                r2 = r10
                r2 += -4
                call map_lookup_elem
                if r0 == 0 goto out
                r1 = 1
                lock *(u64 *)(r0 + 0) += r1
                out:
                r0 = 2
                exit
                """);
        ProgramSpec spec = ProgramSpec.of("jnk_refs", ProgramType.SCHED_CLS, code);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Program.load(spec).close());
        assertTrue(none.getMessage().contains("refer to counts"), none.getMessage());
        try (BpfMap m = BpfMap.create(MapSpec.of("counts", MapType.ARRAY, 4, 8, 1))) {
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> Program.load(spec, java.util.Map.of("other", m)).close());
            assertEquals("load program jnk_refs: resolve map reference: no map 'counts' (the ld_imm64 at slot 1 loads it)",
                    wrong.getMessage());
            try (Program p = Program.load(spec, java.util.Map.of("counts", m))) {
                assertEquals(2, p.testRun(Progs.frame64(), 3).retval());
                assertEquals(3L, java.nio.ByteBuffer.wrap(m.lookup(new byte[4]).orElseThrow())
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
                assertEquals(java.util.List.of(m.info().id()), p.info().mapIds());
            }
        }
    }

    @Test
    void pinAndReopenProgram() throws IOException {
        try (KernelFixtures.BpfFs fs = new KernelFixtures.BpfFs();
             Program p = Program.load(ProgramSpec.of("jnk_pinned", ProgramType.SCHED_CLS, Progs.PASS))) {
            Path pin = fs.resolve("prog");
            p.pin(pin);
            KernelException twice = assertThrows(KernelException.class, () -> p.pin(pin));
            assertEquals(Errno.EEXIST, twice.errno());
            try (Program again = Program.fromPinned(pin)) {
                assertEquals(p.id(), again.id());
            }
            Files.delete(pin);
            KernelException gone = assertThrows(KernelException.class, () -> Program.fromPinned(pin).close());
            assertEquals(Errno.ENOENT, gone.errno());
        }
    }
}
