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
 * the object) must encode to the bytes recorded in {@code golden/linked.txt}. The file was written
 * by the byte-patching loader (BpfCollection.patch) before the instruction model replaced it, so
 * this test proves the model changed no byte. Kernel symbol references stay as in the file.
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
                    .append(HexFormat.of().formatHex(io.jnetkit.bpf.Bytecode.of(r.instructions()).toBytes()))
                    .append('\n');
        }
        return sb.toString();
    }

    /** The old path: the map part of BpfCollection.patch, with descriptor 0x100 + index. */
    private static byte[] encode(ElfProgram p, List<String> maps) {
        io.jnetkit.bpf.Bytecode in = p.instructions();
        long[] insns = new long[in.count()];
        for (int i = 0; i < insns.length; i++) insns[i] = in.get(i);
        for (Relocation r : p.relocations()) {
            if (r.kind() == Relocation.Kind.KSYM || r.kind() == Relocation.Kind.KFUNC) continue;
            int fd = 0x100 + maps.indexOf(r.target());
            int i = r.instruction();
            int src = r.kind() == Relocation.Kind.MAP ? 1 : 2;
            long first = insns[i] & ~(0xfL << 12) & 0xffff_ffffL;
            insns[i] = first | (long) src << 12 | (long) fd << 32;
            long second = insns[i + 1] & 0xffff_ffffL;
            long imm = r.kind() == Relocation.Kind.MAP ? 0 : r.offset();
            insns[i + 1] = second | imm << 32;
        }
        return io.jnetkit.bpf.Bytecode.of(insns).toBytes();
    }

    public static void main(String[] args) throws IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    }
}
