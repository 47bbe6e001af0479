package io.jnetkit.bpf;

import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's own BTF objects, found by name among every BTF object's info (bpftool btf list). */
@HostTest
class BtfHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    @Test
    void findsTheKernelsBtfByName() throws Exception {
        // vmlinux is a kernel BTF object like a module's, named "vmlinux": every BTF kernel has it.
        try (Btf v = Btf.kernelModule("vmlinux")) {
            assertTrue(v.fd().value() > 0);
        }
        try (var s = Files.list(Path.of("/sys/kernel/btf"))) {
            for (Path p : s.toList()) {
                String m = p.getFileName().toString();
                try (Btf b = Btf.kernelModule(m)) {
                    assertTrue(b.fd().value() > 0, m);
                }
            }
        }
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> Btf.kernelModule("jnetkit_no_such_module"));
        assertEquals("open BTF of module jnetkit_no_such_module: no loaded module jnetkit_no_such_module has BTF", e.getMessage());
    }
}
