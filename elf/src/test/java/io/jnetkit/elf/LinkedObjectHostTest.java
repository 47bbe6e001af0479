package io.jnetkit.elf;

import io.jnetkit.testkit.HostTest;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Program;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An object made by libbpf's linker (bpftool gen object) loads with its BTF and runs. */
@HostTest
class LinkedObjectHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void linkedObjectLoadsWithBtfAndRuns() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.LINKED))) {
            assertTrue(c.btfLoaded(), () -> c.btfProblem().orElse(""));
            assertEquals(java.util.Optional.empty(), c.btfProblem());
            byte[] frame = Fixtures.tcp4(80);
            // linked_a: b_add(a_bias 3 + b_bias 5) adds 8 + b_bias 5 to b_total.
            assertEquals(-1, c.program("linked_a").testRun(frame, 1).retval());
            assertEquals(1, c.variableAsLong("a_count"));
            assertEquals(13, c.variableAsLong("b_total"));
            // linked_b: b_add(1) adds 1 + 5.
            assertEquals(-1, c.program("linked_b").testRun(frame, 1).retval());
            assertEquals(19, c.variableAsLong("b_total"));
            // Each file's "static calls" is its own: .data is a_bias, calls(a), b_bias, calls(b).
            byte[] data = c.map(".data").lookup(new byte[4]).orElseThrow();
            assertEquals(2, data[4], "linked_a.c's calls: 1, once incremented");
            assertEquals(3, data[12], "linked_b.c's calls: 2, once incremented");
        }
    }

    /** libbpf, through bpftool prog loadall, gives the same results for the same runs. */
    @Test
    void libbpfAgrees() throws Exception {
        java.nio.file.Path obj = java.nio.file.Files.createTempDirectory("jnk-linked").resolve("linked.o");
        java.nio.file.Path pins = bpffs.root().resolve("libbpf");
        try {
            java.nio.file.Files.write(obj, Fixtures.bytes(Fixtures.LINKED));
            java.nio.file.Files.createDirectories(pins);
            ElfWriterHostTest.run(ElfWriterHostTest.bpftool().toString(), "prog", "loadall", obj.toString(),
                    pins.resolve("p").toString(), "pinmaps", pins.resolve("m").toString());
            byte[] frame = Fixtures.tcp4(80);
            try (Program a = Program.fromPinned(pins.resolve("p/linked_a"));
                 Program b = Program.fromPinned(pins.resolve("p/linked_b"));
                 BpfMap bss = BpfMap.fromPinned(pins.resolve("m/linked_bss"))) {
                assertEquals(-1, a.testRun(frame, 1).retval());
                assertEquals(-1, b.testRun(frame, 1).retval());
                byte[] v = bss.lookup(new byte[4]).orElseThrow();
                assertEquals(19, CollectionSpec.Le.read(java.util.Arrays.copyOfRange(v, 8, 16)), "b_total under libbpf");
            }
        } finally {
            java.nio.file.Files.deleteIfExists(obj);
            java.nio.file.Files.deleteIfExists(obj.getParent());
        }
    }
}
