package io.jnetkit.elf;

import io.jnetkit.btf.BtfTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Externs as read from the objects, libbpf's kconfig typing, and the BTF fixed for the kernel — no kernel needed. */
class ExternReadTest {
    @Test
    void kconfigExternsAreTypedAndLaidOut() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KCONFIG);
        Map<String, Extern> e = spec.externs();
        assertEquals(new Extern.Kconfig("LINUX_KERNEL_VERSION", false, Extern.Type.INT, 4, false, 0), e.get("LINUX_KERNEL_VERSION"));
        assertEquals(new Extern.Kconfig("CONFIG_BPF", false, Extern.Type.BOOL, 1, false, 4), e.get("CONFIG_BPF"));
        assertEquals(new Extern.Kconfig("CONFIG_NF_CONNTRACK", false, Extern.Type.TRISTATE, 4, false, 8),
                e.get("CONFIG_NF_CONNTRACK"));
        assertEquals(new Extern.Kconfig("CONFIG_HZ", false, Extern.Type.INT, 4, true, 12), e.get("CONFIG_HZ"));
        assertEquals(Extern.Type.CHAR, ((Extern.Kconfig) e.get("CONFIG_BPF_JIT")).type());
        assertEquals(new Extern.Kconfig("CONFIG_DEFAULT_HOSTNAME", false, Extern.Type.CHAR_ARRAY, 16, false, 17),
                e.get("CONFIG_DEFAULT_HOSTNAME"));
        assertTrue(e.get("CONFIG_JNETKIT_NO_SUCH_OPTION").weak());
        ElfMap m = spec.map(".kconfig");
        assertEquals(48, m.valueSize(), "41 bytes of externs (the weak int at 36, the weak bool at 40), 8-aligned");
        assertTrue(m.readOnly());
        assertEquals(io.jnetkit.abi.BpfAbi.BPF_F_RDONLY_PROG, m.flags());
        assertEquals(Relocation.Kind.DATA, spec.program("kc_hz").relocations().getFirst().kind());
        assertEquals(12, spec.program("kc_hz").relocations().getFirst().offset());
    }

    @Test
    void libbpfsTypingRules() {
        byte[] out = new byte[16];
        Extern.Kconfig bool = new Extern.Kconfig("CONFIG_A", false, Extern.Type.BOOL, 1, false, 0);
        KernelConfig.set(out, bool, "y");
        assertEquals(1, out[0]);
        assertEquals("set __kconfig CONFIG_A: value m (a module) does not fit a bool; use enum libbpf_tristate",
                assertThrows(ElfException.class, () -> KernelConfig.set(out, bool, "m")).getMessage());
        Extern.Kconfig tri = new Extern.Kconfig("CONFIG_T", false, Extern.Type.TRISTATE, 4, false, 4);
        KernelConfig.set(out, tri, "m");
        assertEquals(2, out[4]);
        Extern.Kconfig ch = new Extern.Kconfig("CONFIG_C", false, Extern.Type.CHAR, 1, true, 1);
        KernelConfig.set(out, ch, "m");
        assertEquals('m', out[1]);
        KernelConfig.set(out, ch, "100");
        assertEquals(100, out[1]);
        assertThrows(ElfException.class, () -> KernelConfig.set(out, ch, "300"));
        Extern.Kconfig u8 = new Extern.Kconfig("CONFIG_U", false, Extern.Type.INT, 2, false, 2);
        KernelConfig.set(out, u8, "0x1234");
        assertEquals(0x34, out[2]);
        assertEquals(0x12, out[3]);
        assertThrows(ElfException.class, () -> KernelConfig.set(out, u8, "-1"));
        assertEquals("set __kconfig CONFIG_U: value y does not fit an unsigned 16-bit integer (a bool, char or enum "
                + "libbpf_tristate takes y/n/m)", assertThrows(ElfException.class, () -> KernelConfig.set(out, u8, "y")).getMessage());
        assertThrows(ElfException.class, () -> KernelConfig.set(out, u8, "\"text\""));
        Extern.Kconfig str = new Extern.Kconfig("CONFIG_S", false, Extern.Type.CHAR_ARRAY, 4, false, 8);
        KernelConfig.set(out, str, "\"abcdef\"");
        assertEquals("abc\0", new String(out, 8, 4), "cut to leave the NUL");
        assertThrows(ElfException.class, () -> KernelConfig.set(out, str, "5"));
        assertEquals(6 << 16 | 12 << 8 | 95, KernelConfig.parseVersion("6.12.95+deb12-cloud-amd64"));
        assertEquals(7 << 16 | 3 << 8 | 255, KernelConfig.parseVersion("7.3.300"));
        assertEquals(Map.of("CONFIG_A", "y", "CONFIG_S", "\"x y\""),
                KernelConfig.parse("# comment\nCONFIG_A=y\n# CONFIG_B is not set\n\nCONFIG_S=\"x y\"\n"));
    }

    @Test
    void kfuncAndKsymExterns() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KFUNC);
        assertTrue(spec.externs().get("bpf_dynptr_from_skb") instanceof Extern.Kfunc k && !k.weak());
        assertTrue(spec.externs().get("bpf_jnetkit_no_such_kfunc").weak());
        assertTrue(spec.loadProblem("kf_dynptr").isEmpty());
        CollectionSpec ksym = CollectionSpec.readResource(Fixtures.KSYM);
        assertTrue(ksym.externs().get("_stext") instanceof Extern.Ksym k && k.typeless());
        assertTrue(ksym.externs().get("jnetkit_no_such_variable") instanceof Extern.Ksym k && !k.typeless() && k.weak());
        List<Relocation> r = ksym.program("ks_typeless").relocations();
        assertEquals(List.of(Relocation.Kind.DATA, Relocation.Kind.KSYM, Relocation.Kind.KSYM, Relocation.Kind.KSYM),
                r.stream().map(Relocation::kind).toList());
    }

    /** libbpf's compatibility rule for a kfunc's prototype, on the object's own prototypes. */
    @Test
    void prototypeCompatibility() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KFUNC);
        BtfTypes t = BtfTypes.parse(spec.kernelBtf(), "kfunc.o");
        int fromSkb = ((Extern.Kfunc) spec.externs().get("bpf_dynptr_from_skb")).protoId();
        int slice = ((Extern.Kfunc) spec.externs().get("bpf_dynptr_slice")).protoId();
        int intOfInt = ((Extern.Kfunc) spec.externs().get("bpf_jnetkit_no_such_kfunc")).protoId();
        int prog = -1;
        for (int id = t.firstId(); id <= t.maxId(); id++) {
            if (t.kind(id) == BtfTypes.KIND_FUNC && t.name(id).equals("kf_dynptr")) prog = t.ref(id);
        }
        assertTrue(KernelSymbols.compatible(t, fromSkb, t, fromSkb, 10));
        assertTrue(!KernelSymbols.compatible(t, fromSkb, t, slice, 10), "3 parameters against 4");
        assertTrue(!KernelSymbols.compatible(t, prog, t, intOfInt, 10), "int (struct __sk_buff *) against int (int)");
        assertTrue(KernelSymbols.compatible(t, intOfInt, t, intOfInt, 10));
    }

    /** What the kernel refuses in an object's BTF with externs is fixed; the ids stay. */
    @Test
    void btfFixedForTheKernel() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KFUNC);
        BtfSpec before = BtfSpec.parse(CollectionSpec.readResource(Fixtures.KFUNC).kernelBtf());
        BtfSpec fixed = BtfSpec.parse(spec.kernelBtf());
        BtfSpec.Type ds = fixed.datasec(".ksyms");
        long end = 0;
        for (BtfSpec.SecInfo si : fixed.secInfos(ds)) {
            BtfSpec.Type v = fixed.type(si.type());
            assertEquals(BtfTypes.KIND_VAR, v.kind(), v.name());
            assertTrue(si.offset() >= end && si.size() > 0, si.toString());
            end = si.offset() + si.size();
        }
        assertTrue(ds.sizeOrType() >= end);
        BtfSpec.Type f = fixed.type(fixed.secInfos(ds).getFirst().type());
        assertTrue(fixed.count() > 0 && f.id() > 0);
        for (BtfSpec.Type t : fixed.types()) {
            if (t.kind() == BtfTypes.KIND_FUNC) assertTrue(t.vlen() <= 1, t.name() + " linkage " + t.vlen());
        }
        BtfTypes parsed = BtfTypes.parse(spec.kernelBtf(), "fixed");
        assertTrue(parsed.maxId() > 0);
        assertEquals(before.count(), fixed.count());
    }
}
