package io.jnetkit.cli.prog;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prog load … --btf FILE} (bpftool's {@code kernel_btf FILE}): CO-RE relocations of the elf
 * module's core_skb.o resolved against a BTF file instead of the running kernel's. A copy of
 * this kernel's vmlinux BTF loads; core_target.btf (a test layout without {@code __sk_buff})
 * poisons the relocation, which the verifier then refuses: proof that the file, not
 * /sys/kernel/btf, was used. Bad files are one line with exit 2.
 */
@HostTest
class ProgLoadBtfHostTest {
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    @TempDir
    Path tmp;

    private static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .resolve("../elf/src/test/resources/io/jnetkit/elf/fixtures").normalize();

    @Test
    void coreAgainstABtfFile() throws Exception {
        String obj = FIXTURES.resolve("core_skb.o").toString();
        Path vmlinux = tmp.resolve("vmlinux.btf");
        Files.write(vmlinux, Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux")));
        String pin = bpffs.root().resolve("core_len").toString();
        CliRun ok = CliRun.ok("prog", "load", obj, "core_len", pin, "--btf", vmlinux.toString());
        assertTrue(ok.out().startsWith("loaded core_len (prog id "), ok.out());
        assertTrue(Files.exists(Path.of(pin)));

        // The verifier's refusal: one line naming the relocation, then the log's last lines.
        CliRun poisoned = CliRun.of("prog", "load", obj, "core_len",
                bpffs.root().resolve("p").toString(), "--btf", FIXTURES.resolve("core_target.btf").toString());
        assertEquals(Exit.KERNEL.code, poisoned.exit(), poisoned::toString);
        assertTrue(poisoned.err().startsWith("jnetkit: load program core_len: CO-RE relocation failed: byte_off "
                + "struct __sk_buff___mine 0:3 at insn 0 (the target has no struct __sk_buff): EINVAL"), poisoned.err());

        String p2 = bpffs.root().resolve("q").toString();
        CliRun missing = CliRun.fails(Exit.USAGE, "prog", "load", obj, "core_len", p2, "--btf", tmp.resolve("none").toString());
        assertEquals("jnetkit: prog load: --btf: read BTF " + tmp.resolve("none") + ": no such file\n", missing.err());
        CliRun elf = CliRun.fails(Exit.USAGE, "prog", "load", obj, "core_len", p2, "--btf", obj);
        assertTrue(elf.err().contains("is an ELF file; it takes raw BTF"), elf.err());
        Path junk = tmp.resolve("junk.btf");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        CliRun bad = CliRun.fails(Exit.USAGE, "prog", "load", obj, "core_len", p2, "--btf", junk.toString());
        assertTrue(bad.err().contains("bad magic"), bad.err());
        assertTrue(Files.notExists(Path.of(p2)));
    }
}
