package io.jnetkit.elf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Broken objects give an {@link ElfException} with a reason — never another exception. */
class MalformedElfTest {
    private static String error(byte[] bytes) {
        return assertThrows(ElfException.class, () -> CollectionSpec.read(bytes, "bad.o")).getMessage();
    }

    private static void assertMessage(String message, String... parts) {
        assertTrue(message.startsWith("read bad.o: "), message);
        for (String p : parts) assertTrue(message.contains(p), "\"" + p + "\" not in: " + message);
    }

    @Test
    void notElf() {
        assertMessage(error(new byte[0]), "not an ELF object", "0 bytes");
        byte[] text = new byte[100];
        Arrays.fill(text, (byte) 'a');
        assertMessage(error(text), "no \\x7fELF magic");
    }

    @Test
    void wrongFlavours() {
        byte[] ok = Fixtures.bytes(Examples.PORT_FILTER);
        byte[] b = ok.clone();
        b[4] = 1;
        assertMessage(error(b), "not a 64-bit");
        b = ok.clone();
        b[5] = 2;
        assertMessage(error(b), "little-endian", "bpfeb");
        b = ok.clone();
        b[18] = 62; // x86-64
        assertMessage(error(b), "e_machine is 62", "-target bpf");
        b = ok.clone();
        b[16] = 2; // ET_EXEC
        assertMessage(error(b), "not a relocatable object");
    }

    @Test
    void sectionTableOutOfBounds() {
        byte[] b = Fixtures.bytes(Examples.PORT_FILTER);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(40, b.length - 100L);
        assertMessage(error(b), "section header table", "extends past the end");
    }

    @Test
    void sectionContentsOutOfBounds() {
        byte[] b = Fixtures.bytes(Examples.PORT_FILTER);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = bb.getLong(40);
        // Section 2's size (offset 32 in its header) far past the end.
        bb.putLong((int) shoff + 2 * 64 + 32, 1L << 40);
        assertMessage(error(b), "section 2");
    }

    @Test
    void everyTruncationIsAnElfException() {
        for (String r : Fixtures.ALL) {
            byte[] ok = Fixtures.bytes(r);
            for (int n = 0; n < ok.length; n += 13) {
                byte[] cut = Arrays.copyOf(ok, n);
                try {
                    CollectionSpec.read(cut, "cut.o");
                    fail(r + " cut to " + n + " bytes was accepted");
                } catch (ElfException expected) {
                    assertTrue(expected.getMessage().startsWith("read cut.o: "));
                }
            }
        }
    }

    /**
     * Random byte changes all over each fixture. Many mutants still read (a changed byte in
     * debug info is harmless); the others must fail with ElfException. Anything else — an
     * index exception, a NullPointerException, OutOfMemoryError, a hang — is a bug.
     */
    @Test
    void fuzz() {
        SplittableRandom rnd = new SplittableRandom(20260101);
        int accepted = 0, rejected = 0;
        for (String r : Fixtures.ALL) {
            byte[] ok = Fixtures.bytes(r);
            for (int round = 0; round < 800; round++) {
                byte[] b = ok.clone();
                int changes = 1 + rnd.nextInt(8);
                for (int c = 0; c < changes; c++) {
                    int at = round % 3 == 0 ? rnd.nextInt(Math.min(b.length, 64)) : rnd.nextInt(b.length);
                    b[at] = switch (rnd.nextInt(4)) {
                        case 0 -> (byte) 0xff;
                        case 1 -> 0;
                        case 2 -> (byte) (b[at] ^ (1 << rnd.nextInt(8)));
                        default -> (byte) rnd.nextInt(256);
                    };
                }
                try {
                    CollectionSpec spec = CollectionSpec.read(b, "fuzz.o");
                    spec.programs().forEach(p -> p.instructions().count());
                    accepted++;
                } catch (ElfException e) {
                    rejected++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(r + " round " + round + ": " + e, e);
                }
            }
        }
        assertTrue(rejected > 100 && accepted > 100, "accepted " + accepted + ", rejected " + rejected);
    }

    @Test
    void missingFileAndResource(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ElfException e = assertThrows(ElfException.class, () -> CollectionSpec.read(dir.resolve("nope.o")));
        assertTrue(e.getMessage().contains("nope.o"), e.getMessage());
        assertThrows(ElfException.class, () -> CollectionSpec.readResource("/no/such.o"));
        Path f = dir.resolve("pf.o");
        Files.write(f, Fixtures.bytes(Examples.PORT_FILTER));
        assertEquals(f.toString(), CollectionSpec.read(f).origin());
    }
}
