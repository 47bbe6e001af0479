package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.FuncSignature;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Function prototypes in bpftool's layout from the fixtures' BTF as the loader hands it to the
 * kernel, without a kernel (ProgDumpHostTest compares the programs' ones with bpftool itself).
 */
class FuncSignatureTest {
    private static String signature(String fixture, String func) {
        BtfTypes btf = BtfTypes.parse(CollectionSpec.readResource("/io/jnetkit/elf/fixtures/" + fixture).kernelBtf(), fixture);
        return FuncSignature.of(btf, id(btf, func, BtfTypes.KIND_FUNC)).orElseThrow();
    }

    private static int id(BtfTypes btf, String name, int kind) {
        for (int id = 1; id <= btf.maxId(); id++) {
            if (btf.kind(id) == kind && btf.name(id).equals(name)) return id;
        }
        throw new AssertionError("no " + BtfTypes.kindName(kind) + " " + name);
    }

    @Test
    void pointersTypedefsAndReturnTypes() {
        assertEquals("long sum_elem(void * map, __u32 * key, __u64 * value, void * data)", signature("callbacks.o", "sum_elem"));
        assertEquals("__u32 classify(__u32 len)", signature("globals.o", "classify"));
        assertEquals("int b_add(__u32 v)", signature("linked.o", "b_add"));
        // an extern kfunc: const, a void return, and the parameter names the loader gives them
        assertEquals("void * bpf_dynptr_slice(const struct bpf_dynptr * bpf_dynptr_slice, __u32 bpf_dynptr_slice, "
                + "void * bpf_dynptr_slice, __u32 bpf_dynptr_slice)", signature("kfunc.o", "bpf_dynptr_slice"));
        assertEquals("void bpf_ct_release(struct nf_conn * bpf_ct_release)", signature("kfunc_ct.o", "bpf_ct_release"));
    }

    @Test
    void kindsBpftoolDoesNotPrintGiveNoLine() {
        BtfTypes btf = BtfTypes.parse(CollectionSpec.readResource("/io/jnetkit/elf/fixtures/globals.o").kernelBtf(), "globals.o");
        int datasec = id(btf, ".bss", BtfTypes.KIND_DATASEC);
        assertEquals(Optional.empty(), FuncSignature.of(btf, datasec));
        assertEquals(Optional.empty(), FuncSignature.of(btf, btf.maxId() + 1), "an id out of range");
    }
}
