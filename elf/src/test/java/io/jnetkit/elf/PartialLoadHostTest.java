package io.jnetkit.elf;

import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Programs jnetkit cannot load do not block the others; SEC("?…") programs load only when asked for. */
@HostTest
class PartialLoadHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @Test
    void everythingLoadableLoadsAndTheRestIsSkippedWithItsReason() {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.PARTIAL))) {
            assertEquals(Set.of("counted", "xdp_pass"), c.programs().keySet());
            // File order: section by section, and uses_kfunc shares section "tc" with counted.
            assertEquals(List.of("uses_kfunc", "on_request", "odd_section", "traced"), List.copyOf(c.skipped().keySet()));
            assertEquals("SEC(\"?tc\") is loaded only when asked for by name", c.skipped().get("on_request"));
            assertTrue(c.skipped().get("traced").contains("attach_btf_id"), c.skipped().get("traced"));
            assertEquals(-1, c.program("counted").testRun(Fixtures.tcp4(80), 1).retval());
            assertEquals(1, c.variableAsLong("hits"));
            assertThrows(NoSuchElementException.class, () -> c.program("traced"));
        }
    }

    @Test
    void onlyTheNamedProgramsLoadIncludingOptionalOnes() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.PARTIAL);
        try (BpfCollection c = BpfCollection.load(spec, Set.of("on_request"))) {
            assertEquals(Set.of("on_request"), c.programs().keySet());
            assertEquals("not asked for", c.skipped().get("counted"));
            assertEquals(5, c.skipped().size());
            assertEquals(2, c.program("on_request").testRun(Fixtures.tcp4(80), 1).retval());
            assertEquals(100, c.variableAsLong("hits"));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BpfCollection.load(spec, Set.of("counted", "uses_kfunc")));
        assertTrue(e.getMessage().startsWith("load /io/jnetkit/elf/fixtures/partial.o: program uses_kfunc: "), e.getMessage());
        assertThrows(NoSuchElementException.class, () -> BpfCollection.load(spec, Set.of("nope")));
    }

    /** libbpf (bpftool prog loadall) does not autoload SEC("?tc") either. */
    @Test
    void optionalProgramsAsLibbpf() throws Exception {
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.OPTIONAL))) {
            assertEquals(Set.of("always"), c.programs().keySet());
            assertEquals(Set.of("when_asked"), c.skipped().keySet());
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jnk-opt");
        java.nio.file.Path obj = dir.resolve("optional.o");
        java.nio.file.Path pins = bpffs.root().resolve("libbpf");
        try {
            java.nio.file.Files.write(obj, Fixtures.bytes(Fixtures.OPTIONAL));
            Process p = new ProcessBuilder(ElfWriterHostTest.bpftool().toString(), "prog", "loadall", obj.toString(),
                    pins.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            // bpftool 7.1 then fails to pin the program libbpf did not load; newer ones pin just the other.
            boolean notLoaded = out.contains("'when_asked': can't pin program that wasn't loaded")
                    || java.nio.file.Files.exists(pins.resolve("always"));
            assertTrue(notLoaded, out);
            assertTrue(java.nio.file.Files.notExists(pins.resolve("when_asked")), out);
        } finally {
            java.nio.file.Files.deleteIfExists(obj);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }
}
