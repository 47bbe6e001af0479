package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The BTF reader on its own ({@code .BTF} of an object, as {@code bpftool btf dump} reads it):
 * a raw blob is parsed, every type is walked the ways the loader walks them (sizes, members,
 * DATASEC entries, modifiers), and fixed up for the kernel. Only {@link ElfException} may
 * escape. Fuzzing BTF without its ELF wrapper reaches the type walker in far fewer mutations.
 *
 * <p>Package {@code io.jnetkit.elf}: the BTF reader is package-private (class path, same package).
 */
class BtfFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void btf(FuzzedDataProvider data) {
        int sectionSize = data.consumeInt(-1, 1 << 16);
        long symbolOffset = data.consumeLong(-1, 1 << 16);
        byte[] raw = data.consumeRemainingAsBytes();
        try {
            BtfSpec btf = BtfSpec.parse(raw);
            for (BtfSpec.Type t : btf.types()) {
                btf.string(t.offset());
                btf.skipModifiers(t.id());
                switch (t.kind()) {
                    case BtfTypes.KIND_STRUCT, BtfTypes.KIND_UNION -> {
                        btf.members(t);
                        btf.sizeOf(t.id());
                    }
                    case BtfTypes.KIND_ARRAY -> {
                        btf.arrayElem(t);
                        btf.arrayNelems(t);
                        btf.sizeOf(t.id());
                    }
                    case BtfTypes.KIND_DATASEC -> {
                        btf.secInfos(t);
                        btf.datasec(t.name());
                    }
                    default -> btf.sizeOf(t.id());
                }
            }
            btf.fixedForKernel(new BtfSpec.Layout() {
                @Override
                public int sectionSize(String section) {
                    return sectionSize;
                }

                @Override
                public java.util.List<Long> symbolOffsets(String section, String symbol) {
                    return java.util.List.of(symbolOffset);
                }
            });
        } catch (ElfException expected) {
            // a clean refusal
        }
    }
}
