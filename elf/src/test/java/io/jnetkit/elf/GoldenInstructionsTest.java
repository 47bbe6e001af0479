package io.jnetkit.elf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden check of the loader's instruction path: for every committed fixture, each program's
 * linked code with its map references resolved to made-up descriptors (0x100 + the map's index in
 * the object) must encode to the bytes recorded in {@code golden/linked.txt}, and each CO-RE program
 * of core_local.o relocated against core_target.btf too. The file was written by the byte-patching
 * loader (BpfCollection.patch on long[] slots, Core.apply on long[]) before the instruction model
 * replaced it, so this test proves the model changed no byte. Kernel symbol references stay as in
 * the file (a unit test has no kernel to resolve them against).
 */
class GoldenInstructionsTest {
    static final String GOLDEN = "/io/jnetkit/elf/golden/linked.txt";

    @Test
    void everyFixtureEncodesAsBefore() throws IOException {
        String expected;
        try (InputStream in = GoldenInstructionsTest.class.getResourceAsStream(GOLDEN)) {
            expected = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertEquals(expected, render());
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        for (String fixture : Fixtures.ALL) {
            CollectionSpec spec = CollectionSpec.readResource(fixture);
            List<String> names = new ArrayList<>();
            for (ElfMap m : spec.maps()) names.add(m.name());
            for (ElfProgram p : spec.programs()) {
                sb.append(fixture).append(' ').append(p.name()).append(' ')
                        .append(HexFormat.of().formatHex(encode(p, names))).append('\n');
            }
        }
        // CO-RE: core_local.o relocated against core_target.btf, kernel-free.
        CollectionSpec local = CollectionSpec.readResource(CoreMatchingTest.LOCAL);
        local.setTargetBtf(io.jnetkit.btf.BtfTypes.parse(Fixtures.bytes(CoreMatchingTest.TARGET_BTF), "core_target.btf"));
        CoreRelocator core = CoreRelocator.of(local);
        for (ElfProgram p : local.programs()) {
            if (p.coreRelocations().isEmpty()) continue;
            io.jnetkit.btf.Core.Result r;
            try {
                r = core.relocate(p);
            } catch (ElfException e) {
                sb.append("core ").append(p.name()).append(" refused: ").append(e.getMessage()).append('\n');
                continue;
            }
            sb.append("core ").append(p.name()).append(' ')
                    .append(HexFormat.of().formatHex(r.instructions().toBytes()))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * The instruction model's path: the program's map references resolved to 0x100 + index
     * ({@link io.jnetkit.asm.Instructions#resolve}), kernel symbol references left as they are,
     * encoded once.
     */
    private static byte[] encode(ElfProgram p, List<String> maps) {
        io.jnetkit.asm.Instructions code = p.instructions();
        List<io.jnetkit.asm.Insn> out = new ArrayList<>(code.insns());
        for (io.jnetkit.asm.Reference r : code.references()) {
            if (r instanceof io.jnetkit.asm.MapRef m) {
                int k = code.indexOfSlot(m.slot());
                out.set(k, out.get(k).withImm(0x100 + maps.indexOf(m.name())));
            }
        }
        return io.jnetkit.asm.Instructions.of(out).toBytes();
    }

    public static void main(String[] args) throws IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    }
}
