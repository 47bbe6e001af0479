package io.jnetkit.elf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Program;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** ElfWriter's objects loaded by our loader and by bpftool (libbpf 1.x), in the host kernel. */
@HostTest
class ElfWriterHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    @Test
    void loadsRunsAndCounts() {
        CollectionSpec spec = CollectionSpec.read(ElfWriterTest.object("tc"), "written.o");
        try (BpfCollection c = BpfCollection.load(spec)) {
            Program p = c.program("counting");
            assertEquals(2, p.testRun(Fixtures.tcp4(80), 1).retval());
            assertEquals(2, p.testRun(Fixtures.udp4(53), 1).retval());
            BpfMap m = c.map("jnk_counters");
            long n = ByteBuffer.wrap(m.lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(2, n);
            assertEquals(m.id(), (int) p.info().mapIds().getFirst());
        }
    }

    /** bin/setup installs bpftool (Debian's, on libbpf 1.x, which rejects legacy "maps" sections). */
    @Test
    void bpftoolLoadsIt(@TempDir Path dir) throws Exception {
        Path bpftool = bpftool();
        for (String section : new String[] {"tc", "netkit/peer"}) {
            Path obj = dir.resolve(section.replace('/', '_') + ".o");
            Files.write(obj, ElfWriterTest.object(section));
            Path pin = Path.of("/sys/fs/bpf", "jnetkit-elfwriter-test-" + ProcessHandle.current().pid());
            try {
                // libbpf 1.1 does not know netkit/* section names: say the type, as a user would.
                String out = run(bpftool.toString(), "prog", "load", obj.toString(), pin.toString(), "type", "tc");
                assertTrue(Files.exists(pin), "bpftool pinned nothing: " + out);
                try (Program p = Program.fromPinned(pin)) {
                    assertEquals("counting", p.name());
                    assertEquals(2, p.testRun(Fixtures.tcp4(80), 1).retval());
                    assertEquals(1, p.info().mapIds().size());
                }
            } finally {
                Files.deleteIfExists(pin);
            }
        }
    }

    static Path bpftool() {
        for (String d : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin"}) {
            Path p = Path.of(d, "bpftool");
            if (Files.isExecutable(p)) return p;
        }
        return fail("bpftool is not installed: run bin/setup (it installs Debian's bpftool)");
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        if (!pr.waitFor(60, TimeUnit.SECONDS)) {
            pr.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        assertEquals(0, pr.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
