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
                    spec.programs().forEach(p -> p.instructions().slotCount());
                    accepted++;
                } catch (ElfException e) {
                    // CollectionSpec.read turns a stray runtime exception into an ElfException; here it is still a bug.
                    // A BtfException (the BTF reader's own, documented) may be the cause.
                    if (e.getCause() instanceof RuntimeException re && !(re instanceof io.jnetkit.btf.BtfException)) {
                        throw new AssertionError(r + " round " + round + ": " + re, re);
                    }
                    rejected++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(r + " round " + round + ": " + e, e);
                }
            }
        }
        assertTrue(rejected > 100 && accepted > 100, "accepted " + accepted + ", rejected " + rejected);
    }

    /** Objects clang compiles that jnetkit must refuse rather than drop a part of silently (elf/src/test/c/bad). */
    @Test
    void refusedObjects() {
        java.util.Map<String, String> expected = java.util.Map.of(
                "struct_ops", "read /io/jnetkit/elf/fixtures/bad/struct_ops.o: section .struct_ops.link holds struct_ops "
                        + "maps (SEC(\".struct_ops.link\")), which jnetkit does not support",
                "maps_initialiser", "read /io/jnetkit/elf/fixtures/bad/maps_initialiser.o: map initialised: its definition "
                        + "in .maps has a non-zero initialiser (byte 24); jnetkit reads map attributes only from their types "
                        + "(__uint, __type)",
                "map_type0", "read /io/jnetkit/elf/fixtures/bad/map_type0.o: map no_type: type 0 (BPF_MAP_TYPE_UNSPEC) is "
                        + "not a map type",
                "ringbuf_no_size", "read /io/jnetkit/elf/fixtures/bad/ringbuf_no_size.o: map events: a ringbuf needs "
                        + "max_entries (its size in bytes: a power of 2, a multiple of the page size)",
                "pin_object_ns", "read /io/jnetkit/elf/fixtures/bad/pin_object_ns.o: legacy map per_object: iproute2's "
                        + "PIN_OBJECT_NS pinning (per object) is not supported; use PIN_GLOBAL_NS (2)",
                "huge_bss", "read /io/jnetkit/elf/fixtures/bad/huge_bss.o: sections up to 6 ask for 188743680 bytes of "
                        + "zero-initialised data (.bss) in all; jnetkit allows at most 134217728 per object",
                "map_extra", "read /io/jnetkit/elf/fixtures/bad/map_extra.o: map bloom: map_extra 3 is not supported "
                        + "(jnetkit creates maps without map_extra)",
                "kconfig_struct", "read /io/jnetkit/elf/fixtures/bad/kconfig_struct.o: extern CONFIG_BPF __kconfig: type "
                        + "struct two is not supported (a bool, char, integer, enum libbpf_tristate or char array is)");
        for (var e : expected.entrySet()) {
            ElfException x = assertThrows(ElfException.class, () -> CollectionSpec.readResource(Fixtures.bad(e.getKey())),
                    e.getKey());
            assertEquals(e.getValue(), x.getMessage(), e.getKey());
        }
    }

    /** Bytes after a legacy definition that jnetkit does not know are refused, not dropped. */
    @Test
    void legacyMapTrailingBytes() {
        byte[] b = Fixtures.bytes(Fixtures.LEGACY_IPROUTE2);
        // iproute2's inner_id (offset 28 of the 36-byte bpf_elf_map), set in the maps section.
        int at = sectionOffset(b, "maps") + 28;
        b[at] = 3;
        assertMessage(error(b), "legacy map ip2_stats: iproute2's inner_id/inner_idx (map-in-map) are not supported");
    }

    /** File offset of a section's contents, found through the section and name tables. */
    static int sectionOffset(byte[] elf, String name) {
        ByteBuffer bb = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) bb.getLong(40), shnum = bb.getShort(60), shstrndx = bb.getShort(62);
        int strOff = (int) bb.getLong(shoff + shstrndx * 64 + 24);
        for (int i = 0; i < shnum; i++) {
            int h = shoff + i * 64;
            int n = strOff + bb.getInt(h);
            int end = n;
            while (elf[end] != 0) end++;
            if (new String(elf, n, end - n, java.nio.charset.StandardCharsets.ISO_8859_1).equals(name)) {
                return (int) bb.getLong(h + 24);
            }
        }
        throw new AssertionError("no section " + name);
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
