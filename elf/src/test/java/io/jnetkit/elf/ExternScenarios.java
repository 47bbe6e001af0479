package io.jnetkit.elf;

import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.VerifierException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kfunc calls, {@code __ksym} and {@code __kconfig} externs and callbacks against the running
 * kernel; libbpf (bpftool prog loadall) loading the same object is the reference. On the host
 * ({@link ExternHostTest}) and in the lab guests ({@link ExternNetkitTest}): the kernels differ in
 * their kallsyms (typed variables need CONFIG_KALLSYMS_ALL, the host's kernel has not) and in
 * where their config is.
 */
abstract class ExternScenarios {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    static Map<String, Integer> runAll(Map<String, Program> programs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        programs.forEach((name, p) -> out.put(name, p.testRun(Fixtures.tcp4(80), 1).retval()));
        return out;
    }

    /** bpftool prog loadall of the fixture: its exit status and output; on success the pins are under {@code dir}. */
    private record Libbpf(int exit, String output, Path dir) {}

    private Libbpf libbpf(String fixture) throws Exception {
        Path obj = Files.createTempFile("extern", ".o");
        try {
            Files.write(obj, Fixtures.bytes(fixture));
            Path dir = bpffs.root().resolve("libbpf_" + Path.of(fixture).getFileName().toString().replace(".o", ""));
            Process p = new ProcessBuilder("bpftool", "prog", "loadall", obj.toString(), dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bpftool hangs");
            return new Libbpf(p.exitValue(), out, dir);
        } finally {
            Files.deleteIfExists(obj);
        }
    }

    /** The fixture's programs give the same test-run results under jnetkit and libbpf. */
    private Map<String, Integer> sameAsLibbpf(String fixture) throws Exception {
        Libbpf l = libbpf(fixture);
        assertEquals(0, l.exit, "bpftool prog loadall " + fixture + ": " + l.output);
        Map<String, Program> theirs = new LinkedHashMap<>();
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(fixture))) {
            assertTrue(c.btfLoaded(), "the kernel takes the object's BTF with its externs fixed: " + c.btfProblem());
            assertEquals(java.util.Optional.empty(), c.btfProblem());
            for (String name : c.programs().keySet()) theirs.put(name, Program.fromPinned(l.dir.resolve(name)));
            try {
                Map<String, Integer> mine = runAll(c.programs());
                assertEquals(runAll(theirs), mine, fixture);
                return mine;
            } finally {
                theirs.values().forEach(Program::close);
            }
        }
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void callbacks() throws Exception {
        Map<String, Integer> r = sameAsLibbpf(Fixtures.CALLBACKS);
        assertEquals(45 * 64, r.get("cb_loop"), "sum of i·len over 0..9");
        assertEquals(606, r.get("cb_loop_stop"), "6 iterations, stopped by the callback");
        assertEquals(4303, r.get("cb_each_elem"), "4 elements visited, 300 + 3");
    }

    @Test
    void callbackIsAppendedWithItsFuncInfo() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.CALLBACKS);
        ElfProgram p = spec.program("cb_each_elem");
        assertEquals(3, p.debugInfo().funcInfoCount(), "the program and its two callbacks");
        int pseudoFunc = 0;
        long[] slots = Slots.of(p.instructions());
        for (int i = 0; i < slots.length; i++) {
            long insn = slots[i];
            if ((insn & 0xff) == 0x18 && (insn >>> 12 & 0xf) == 4) {
                int target = i + (int) (insn >>> 32) + 1;
                assertTrue(target > 0 && target < slots.length, "callback at " + target);
                pseudoFunc++;
            }
        }
        assertEquals(2, pseudoFunc, "ld_imm64 src BPF_PSEUDO_FUNC for sum_elem and add_len");
        assertTrue(spec.loadProblem("cb_loop").isEmpty());
    }

    // ------------------------------------------------------------------ kfuncs

    @Test
    void kfuncs() throws Exception {
        Map<String, Integer> r = sameAsLibbpf(Fixtures.KFUNC);
        assertEquals(0x0800, r.get("kf_dynptr"), "EtherType through bpf_dynptr_from_skb + bpf_dynptr_slice");
        assertEquals(7, r.get("kf_weak"), "a missing __weak kfunc: bpf_ksym_exists is false");
    }

    @Test
    void reachedWeakKfuncNamesIt() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KSYM_MISSING);
        VerifierException e = assertThrows(VerifierException.class,
                () -> BpfCollection.load(spec, java.util.Set.of("km_weak_reached")).close());
        assertTrue(e.getMessage().startsWith("load program km_weak_reached: calls __weak kfunc bpf_jnetkit_no_such_kfunc, "
                + "which the kernel does not have (guard the call with bpf_ksym_exists): EINVAL"), e.getMessage());
    }

    @Test
    void kfuncCallCarriesTheKernelsBtfId() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KFUNC);
        ElfProgram p = spec.program("kf_dynptr");
        List<Relocation> kf = p.relocations().stream().filter(r -> r.kind() == Relocation.Kind.KFUNC).toList();
        assertEquals(List.of("bpf_dynptr_from_skb", "bpf_dynptr_slice"), kf.stream().map(Relocation::target).toList());
        BtfTypes vmlinux = BtfTypes.kernel();
        try (KernelSymbols k = new KernelSymbols(null)) {
            long call = Slots.of(BpfCollection.resolve(p, Map.of(), spec.externs(), k, new java.util.ArrayList<>(),
                    new java.util.ArrayList<>()))[kf.getFirst().instruction()];
            assertEquals(2, call >>> 12 & 0xf, "src BPF_PSEUDO_KFUNC_CALL");
            int id = (int) (call >>> 32);
            assertEquals(BtfTypes.KIND_FUNC, vmlinux.kind(id));
            assertEquals("bpf_dynptr_from_skb", vmlinux.name(id));
            assertEquals(0, call >>> 16 & 0xffff, "off 0: vmlinux");
        }
    }

    /**
     * bpf_skb_ct_lookup and bpf_ct_release live in nf_conntrack: a module in Debian's kernels (the
     * call names the module's BTF through fd_array, its insn off the index), built in on the
     * build host (off 0, vmlinux). A ctnetlink request first makes the kernel load it where it is a module.
     */
    @Test
    void moduleKfuncs() throws Exception {
        if (Files.exists(Path.of("/proc/sys/kernel/modprobe"))) { // absent without CONFIG_MODULES (the build host)
            // A ctnetlink request makes the kernel load nf_conntrack_netlink and with it nf_conntrack
            // (the lab's module helper runs outside the test's root, so no modprobe here). Only a
            // way to get the module loaded: whether the kfuncs are there is checked below.
            try (io.jnetkit.netlink.NetlinkSocket nl = io.jnetkit.netlink.NetlinkSocket.open(12 /* NETLINK_NETFILTER */)) {
                // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET; struct nfgenmsg {AF_INET, version 0, res_id 0}.
                nl.dump("list conntrack", new io.jnetkit.netlink.MessageBuilder(1 << 8, 0).raw(new byte[] {2, 0, 0, 0})
                        .build());
            } catch (RuntimeException | IllegalAccessError e) {
                // IllegalAccessError: run by surefire as a named module, rtnetlink cannot reach abi's internals.
                System.out.println("ctnetlink request: " + e);
            }
        }
        boolean module = Files.exists(BtfTypes.KERNEL_BTF_DIR.resolve("nf_conntrack"));
        System.out.println("conntrack kfuncs from " + (module ? "module nf_conntrack (fd_array)" : "vmlinux"));
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KFUNC_CT);
        ElfProgram p = spec.program("kf_ct_lookup");
        List<Relocation> kf = p.relocations().stream().filter(r -> r.kind() == Relocation.Kind.KFUNC).toList();
        assertEquals(List.of("bpf_skb_ct_lookup", "bpf_ct_release"), kf.stream().map(Relocation::target).toList());
        try (KernelSymbols k = new KernelSymbols(null)) {
            List<Integer> fdArray = new java.util.ArrayList<>();
            long[] code = Slots.of(BpfCollection.resolve(p, Map.of(), spec.externs(), k, fdArray, new java.util.ArrayList<>()));
            long call = code[kf.getFirst().instruction()];
            if (module) {
                assertEquals(1, call >>> 16 & 0xffff, "off 1: the first module BTF in fd_array");
                assertEquals(2, fdArray.size(), "slot 0 (vmlinux, unused) and nf_conntrack's BTF fd: " + fdArray);
                assertEquals(1, k.opened().size());
            } else {
                assertEquals(0, call >>> 16 & 0xffff, "off 0: vmlinux");
                assertEquals(List.of(), fdArray);
            }
        }
        assertEquals(-2, sameAsLibbpf(Fixtures.KFUNC_CT).get("kf_ct_lookup"), "no such connection: -ENOENT");
    }

    @Test
    void missingStrongKfuncAndKsymAreNamed() throws Exception {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.KSYM_MISSING);
        ElfException e = assertThrows(ElfException.class, () -> BpfCollection.load(spec, java.util.Set.of("km_kfunc")).close());
        assertEquals("load program km_kfunc: calls kfunc bpf_jnetkit_missing_kfunc, which the kernel does not have "
                + "(not in the BTF of vmlinux or of a loaded module)", e.getMessage());
        e = assertThrows(ElfException.class, () -> BpfCollection.load(spec, java.util.Set.of("km_var")).close());
        assertEquals("load program km_var: refers to __ksym jnetkit_missing_variable, which the kernel does not have "
                + "(not in the BTF of vmlinux or of a loaded module)", e.getMessage());
        Libbpf l = libbpf(Fixtures.KSYM_MISSING);
        assertTrue(l.exit != 0 && l.output.contains("bpf_jnetkit_missing_kfunc"), "libbpf refuses too: " + l.output);
    }

    // ------------------------------------------------------------------ __ksym variables

    @Test
    void typelessKsymIsTheKallsymsAddress() throws Exception {
        Map<String, Integer> r = sameAsLibbpf(Fixtures.KSYM);
        assertEquals(0b11, r.get("ks_typeless"), "both __weak missing ones are 0");
        long expected = -1;
        for (String line : Files.readAllLines(KernelSymbols.KALLSYMS)) {
            if (line.endsWith(" _stext")) {
                expected = Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
                break;
            }
        }
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.KSYM))) {
            c.program("ks_typeless").testRun(Fixtures.tcp4(80), 1);
            assertEquals(expected, c.variableAsLong("stext_addr"), "_stext from /proc/kallsyms");
            assertTrue(expected != 0 && expected != -1);
        }
    }

    /**
     * Typed variables: the kernel finds their address in kallsyms, which has data symbols only
     * with CONFIG_KALLSYMS_ALL; without it the kernel refuses jnetkit's and libbpf's load alike.
     */
    @Test
    void typedKsymVariables() throws Exception {
        boolean all = Files.readAllLines(KernelSymbols.KALLSYMS).stream().anyMatch(l -> l.endsWith(" runqueues"));
        System.out.println("typed __ksym: kallsyms " + (all ? "has" : "lacks") + " runqueues");
        if (all) {
            Map<String, Integer> r = sameAsLibbpf(Fixtures.KSYM_TYPED);
            assertEquals(0b111, r.get("ks_runqueues"), "runqueues of CPU 0 and this CPU, bpf_prog_active");
        } else {
            CollectionSpec spec = CollectionSpec.readResource(Fixtures.KSYM_TYPED);
            VerifierException e = assertThrows(VerifierException.class, () -> BpfCollection.load(spec).close());
            assertTrue(e.log().contains("failed to find the address for kernel symbol 'runqueues'"), e.log());
            Libbpf l = libbpf(Fixtures.KSYM_TYPED);
            assertTrue(l.exit != 0 && l.output.contains("failed to find the address for kernel symbol 'runqueues'"),
                    l.output);
        }
    }

    // ------------------------------------------------------------------ __kconfig

    private static boolean hasKernelConfig() throws Exception {
        String release = Files.readString(KernelConfig.OSRELEASE).trim();
        return Files.exists(Path.of("/boot/config-" + release)) || Files.exists(KernelConfig.PROC_CONFIG);
    }

    @Test
    void kconfig() throws Exception {
        System.out.println("__kconfig: the kernel's config is " + (hasKernelConfig() ? "there" : "missing"));
        if (!hasKernelConfig()) {
            // Like libbpf: without the kernel's config a strong CONFIG_ extern cannot be set.
            ElfException e = assertThrows(ElfException.class,
                    () -> BpfCollection.load(CollectionSpec.readResource(Fixtures.KCONFIG)).close());
            assertTrue(e.getMessage().startsWith("read kernel config: neither /boot/config-"), e.getMessage());
            Libbpf l = libbpf(Fixtures.KCONFIG);
            assertTrue(l.exit != 0, l.output);
            return;
        }
        Map<String, Integer> r = sameAsLibbpf(Fixtures.KCONFIG);
        Map<String, String> config = KernelConfig.read();
        String[] v = Files.readString(KernelConfig.OSRELEASE).trim().split("[.+-]");
        int version = Integer.parseInt(v[0]) << 16 | Integer.parseInt(v[1]) << 8 | Math.min(255, Integer.parseInt(v[2]));
        assertEquals(version, r.get("kc_version"));
        assertEquals(1, r.get("kc_bool"), "CONFIG_BPF=y");
        String ct = config.getOrDefault("CONFIG_NF_CONNTRACK", "n");
        assertEquals(ct.equals("y") ? 1 : ct.equals("m") ? 2 : 0, r.get("kc_tristate"), "CONFIG_NF_CONNTRACK=" + ct);
        assertEquals(Integer.parseInt(config.get("CONFIG_HZ")), r.get("kc_hz"));
        assertEquals((int) config.getOrDefault("CONFIG_BPF_JIT", "n").charAt(0), r.get("kc_char"));
        String host = config.get("CONFIG_DEFAULT_HOSTNAME");
        byte[] h = java.util.Arrays.copyOf(host.substring(1, host.length() - 1).getBytes(), 4);
        assertEquals(h[0] | h[1] << 8 | h[2] << 16 | h[3] << 24, r.get("kc_string"), host);
        assertEquals(10, r.get("kc_weak"), "__weak options no kernel has are 0");
        try (BpfCollection c = BpfCollection.load(CollectionSpec.readResource(Fixtures.KCONFIG))) {
            // Frozen and read-only for programs, as libbpf makes it.
            assertThrows(RuntimeException.class, () -> c.map(".kconfig").put(new byte[4], new byte[c.map(".kconfig")
                    .info().valueSize()]));
        }
    }

    @Test
    void kconfigOfTheWrongType() throws Exception {
        if (!hasKernelConfig()) {
            // No value to check the type against: the config's absence is the error (ExternReadTest has the rules).
            ElfException e = assertThrows(ElfException.class,
                    () -> BpfCollection.load(CollectionSpec.readResource(Fixtures.KCONFIG_WRONG)).close());
            assertTrue(e.getMessage().startsWith("read kernel config: neither /boot/config-"), e.getMessage());
            return;
        }
        ElfException e = assertThrows(ElfException.class,
                () -> BpfCollection.load(CollectionSpec.readResource(Fixtures.KCONFIG_WRONG)).close());
        assertEquals("set __kconfig CONFIG_BPF: value y does not fit a 32-bit integer (a bool, char or enum "
                + "libbpf_tristate takes y/n/m)", e.getMessage());
        Libbpf l = libbpf(Fixtures.KCONFIG_WRONG);
        assertTrue(l.exit != 0 && l.output.contains("CONFIG_BPF"), "libbpf refuses too: " + l.output);
        assertFalse(CollectionSpec.readResource(Fixtures.KCONFIG_WRONG).loadProblem("kc_wrong").isPresent());
    }
}
