package io.jnetkit.elf;

import java.io.IOException;
import java.io.InputStream;

/** The committed (or freshly compiled) test objects and example frames. */
final class Fixtures {
    private Fixtures() {}

    static final String MAPS = "/io/jnetkit/elf/fixtures/maps.o";
    static final String GLOBALS = "/io/jnetkit/elf/fixtures/globals.o";
    static final String BROKEN = "/io/jnetkit/elf/fixtures/broken.o";
    static final String CORE_SKB = "/io/jnetkit/elf/fixtures/core_skb.o";
    static final String CORE_POISON = "/io/jnetkit/elf/fixtures/core_poison.o";
    /** Built against vmlinux.h from the build machine's kernel (examples/build.sh). */
    static final String CORE_VMLINUX = "/io/jnetkit/elf/fixtures/core_vmlinux.o";
    static final String SPINLOCK = "/io/jnetkit/elf/fixtures/spinlock.o";
    /** linked_a.c + linked_b.c joined by bpftool gen object. */
    static final String LINKED = "/io/jnetkit/elf/fixtures/linked.o";
    /** Loadable programs next to ones jnetkit cannot load, and a SEC("?tc") one. */
    static final String PARTIAL = "/io/jnetkit/elf/fixtures/partial.o";
    /** iproute2-style legacy map (pinning, BPF_ANNOTATE_KV_PAIR) and a perf event array without max_entries. */
    static final String LEGACY_IPROUTE2 = "/io/jnetkit/elf/fixtures/legacy_iproute2.o";
    /** ARRAY_OF_MAPS and PROG_ARRAY with initial values (.values = { … }). */
    static final String MAP_IN_MAP = "/io/jnetkit/elf/fixtures/mapinmap.o";
    /** SEC("?tc") programs next to autoloaded ones (libbpf's optional programs). */
    static final String OPTIONAL = "/io/jnetkit/elf/fixtures/optional.o";
    /** Maps whose BTF types cover what the typed map dump formats (BtfDumperTest, MapDumpBtfHostTest). */
    static final String TYPED = "/io/jnetkit/elf/fixtures/typed.o";
    /** bpf_loop and bpf_for_each_map_elem with static callbacks (ld_imm64 of a function). */
    static final String CALLBACKS = "/io/jnetkit/elf/fixtures/callbacks.o";
    /** __kconfig externs of every libbpf type, and a __weak missing one. */
    static final String KCONFIG = "/io/jnetkit/elf/fixtures/kconfig.o";
    /** A __kconfig int for a y/n option: refused at load. */
    static final String KCONFIG_WRONG = "/io/jnetkit/elf/fixtures/kconfig_wrong.o";
    /** kfunc calls (skb dynptr, vmlinux.h) and a __weak kfunc no kernel has. */
    static final String KFUNC = "/io/jnetkit/elf/fixtures/kfunc.o";
    /** Conntrack kfuncs: in module nf_conntrack's BTF on Debian's kernels, in vmlinux on the build host. */
    static final String KFUNC_CT = "/io/jnetkit/elf/fixtures/kfunc_ct.o";
    /** Typeless __ksym variables (kallsyms addresses), weak missing ones. */
    static final String KSYM = "/io/jnetkit/elf/fixtures/ksym.o";
    /** Typed __ksym variables (runqueues, bpf_prog_active): need CONFIG_KALLSYMS_ALL. */
    static final String KSYM_TYPED = "/io/jnetkit/elf/fixtures/ksym_typed.o";
    /** A strong kfunc and a strong __ksym no kernel has. */
    static final String KSYM_MISSING = "/io/jnetkit/elf/fixtures/ksym_missing.o";
    static final String[] ALL = {Examples.PORT_FILTER, MAPS, GLOBALS, BROKEN, CORE_SKB, CORE_POISON, CORE_VMLINUX,
            SPINLOCK, LINKED, PARTIAL, LEGACY_IPROUTE2, MAP_IN_MAP, OPTIONAL, CALLBACKS, KCONFIG, KCONFIG_WRONG, KFUNC, KFUNC_CT, KSYM,
            KSYM_TYPED, KSYM_MISSING};

    /** An object that must be refused: {@code fixtures/bad/<name>.o}, from elf/src/test/c/bad. */
    static String bad(String name) {
        return "/io/jnetkit/elf/fixtures/bad/" + name + ".o";
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new AssertionError("missing test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An Ethernet + IPv4 + TCP frame (no options) to {@code dport}: 14 + 20 + 20 bytes, padded
     * to 64. Checksums are zero; the programs under test do not look at them.
     */
    static byte[] tcp4(int dport) {
        byte[] f = new byte[64];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xff;
        f[6] = 0x02;
        f[12] = 0x08; // EtherType IPv4
        f[13] = 0x00;
        f[14] = 0x45; // version 4, IHL 5
        f[16] = 0;
        f[17] = 40; // total length
        f[22] = 64; // TTL
        f[23] = 6; // TCP
        f[26] = 10; f[29] = 1; // 10.0.0.1
        f[30] = 10; f[33] = 2; // 10.0.0.2
        f[34] = (byte) 0xc0; f[35] = 0x00; // sport 49152
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        f[46] = 0x50; // data offset 5
        f[47] = 0x02; // SYN
        return f;
    }

    /** Like {@link #tcp4} but UDP. */
    static byte[] udp4(int dport) {
        byte[] f = tcp4(dport);
        f[23] = 17;
        return f;
    }
}
