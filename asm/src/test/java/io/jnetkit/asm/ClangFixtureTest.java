package io.jnetkit.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Assembling what {@code llvm-objdump -d} printed for clang-built objects reproduces clang's
 * bytes, section by section. The objects, their C sources and the dumps are committed under
 * {@code fixtures/} (see the README there); clang is not needed to run this.
 */
class ClangFixtureTest {
    @ParameterizedTest
    @CsvSource({
        "tc_filter, objdump.txt, .text, 10",
        "tc_filter, objdump.txt, tc, 59",
        "tc_filter, objdump-dec.txt, .text, 10",
        "tc_filter, objdump-dec.txt, tc, 59",
        "v4_ops, objdump.txt, tc, 68",
        "v4_ops, objdump-dec.txt, tc, 68",
    })
    void objdumpTextAssemblesToClangsBytes(String fixture, String dump, String section, int slots) {
        Map<String, byte[]> sections = elfSections(TestSupport.resource("fixtures/" + fixture + ".o"));
        String listing = sectionListing(TestSupport.text("fixtures/" + fixture + "." + dump), section);
        Instructions p = Asm.assemble(listing);
        byte[] expected = sections.get(section);
        assertEquals(slots, p.slotCount());
        assertEquals(TestSupport.hex(expected), TestSupport.hex(p.toBytes()));

        // And our own disassembly of clang's bytes reads back to them, in every mode.
        Instructions decoded = Instructions.decode(expected);
        for (Disassembler d : new Disassembler[] {Disassembler.DEFAULT, Disassembler.DEFAULT.withLabels(),
                Disassembler.DEFAULT.withHex().withBytes()}) {
            assertEquals(TestSupport.hex(expected), TestSupport.hex(Asm.assemble(d.disassemble(decoded)).toBytes()));
        }
    }

    @org.junit.jupiter.api.Test
    void fixturesUseTheInterestingForms() {
        String all = Disassembler.DEFAULT.disassemble(elfSections(TestSupport.resource("fixtures/v4_ops.o")).get("tc"))
                + Disassembler.DEFAULT.disassemble(elfSections(TestSupport.resource("fixtures/tc_filter.o")).get("tc"));
        for (String form : new String[] {"s/=", "s%=", "(s32)", "*(s8 *)", "*(s16 *)", "bswap32", "be16", "lock *(u64 *)",
            "lock *(u32 *)", "atomic_fetch_or", "atomic_fetch_and", "atomic_fetch_xor", "xchg_64", "xchg32_32",
            "cmpxchg32_32", " ll", "call pc-1", "call 26", "goto", "if w"}) {
            assertTrue(all.contains(form), form);
        }
    }

    /** The listing of one section: from its "Disassembly of section" line to the next. */
    static String sectionListing(String dump, String section) {
        Matcher m = Pattern.compile("(?m)^Disassembly of section (\\S+):$").matcher(dump);
        int start = -1;
        while (m.find()) {
            if (start >= 0) {
                return dump.substring(start, m.start());
            }
            if (m.group(1).equals(section)) {
                start = m.start();
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("no section " + section);
        }
        return dump.substring(start);
    }

    /** Section name to contents of a little-endian ELF64 file, read just enough for this test. */
    static Map<String, byte[]> elfSections(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x7f454c46, ByteBuffer.wrap(elf, 0, 4).getInt(), "ELF magic");
        assertEquals(2, elf[4], "ELFCLASS64");
        assertEquals(1, elf[5], "little-endian");
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int name = b.getInt(h);
            int type = b.getInt(h + 4);
            long off = b.getLong(h + 24);
            long size = b.getLong(h + 32);
            int end = (int) strOff + name;
            while (elf[end] != 0) {
                end++;
            }
            String n = new String(elf, (int) strOff + name, end - (int) strOff - name, StandardCharsets.US_ASCII);
            byte[] data = type == 8 ? new byte[(int) size] : java.util.Arrays.copyOfRange(elf, (int) off, (int) (off + size)); // 8 = SHT_NOBITS
            out.put(n, data);
        }
        return out;
    }
}
