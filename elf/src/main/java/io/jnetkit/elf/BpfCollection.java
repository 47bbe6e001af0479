package io.jnetkit.elf;

import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.Insn;
import io.jnetkit.asm.Instructions;
import io.jnetkit.asm.KernelRef;
import io.jnetkit.asm.Opcodes;
import io.jnetkit.asm.Resolver;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Btf;
import io.jnetkit.bpf.DebugInfo;
import io.jnetkit.bpf.MapInfo;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.bpf.VerifierException;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An object's maps and programs loaded into the kernel, owning every descriptor; closing it
 * closes them all (attachments and pins made from them stay). What {@code bpftool prog loadall}
 * does, without bpftool.
 *
 * <p>Loading: the BTF first (DATASEC sizes and VAR offsets fixed from the ELF; if the kernel
 * refuses it, everything loads without BTF and {@link #btfProblem()} says why), then the maps —
 * global data maps get their initial values and {@code .rodata} is frozen so the verifier can
 * fold its constants — then each program, its symbolic references resolved (maps to their fds,
 * kfuncs and {@code __ksym}s against the running kernel's BTF) and with BTF func and line info,
 * so a {@link VerifierException} shows source lines.
 */
public final class BpfCollection implements AutoCloseable {
    /** Default root for maps with {@code pinning = PIN_BY_NAME}, as libbpf's. */
    public static final Path DEFAULT_PIN_ROOT = Path.of("/sys/fs/bpf");
    /** License passed for objects without a {@code license} section: not GPL-compatible. */
    static final String NO_LICENSE = "unknown";
    private static final byte[] KEY0 = new byte[4];

    private final String origin;
    private final Map<String, BpfMap> maps;
    private final Map<String, Program> programs;
    private final Map<String, Variable> variables;
    private final boolean btfLoaded;
    private final String btfProblem;
    private final Map<String, String> skipped;

    private BpfCollection(String origin, Map<String, BpfMap> maps, Map<String, Program> programs,
                       Map<String, Variable> variables, boolean btfLoaded, String btfProblem, Map<String, String> skipped) {
        this.skipped = skipped;
        this.origin = origin;
        this.maps = maps;
        this.programs = programs;
        this.variables = variables;
        this.btfLoaded = btfLoaded;
        this.btfProblem = btfProblem;
    }

    /**
     * Loads every map of {@code spec} and every program jnetkit can load; the others —
     * {@code SEC("?…")} ones, sections that make no program type, features jnetkit lacks — are
     * skipped, with their reason in {@link #skipped()}. Pinned maps live under {@link #DEFAULT_PIN_ROOT}.
     */
    public static BpfCollection load(CollectionSpec spec) {
        return load(spec, null, DEFAULT_PIN_ROOT);
    }

    /**
     * Loads every map of {@code spec} and just the programs named (C function or kernel name),
     * {@code SEC("?…")} ones included; the others are in {@link #skipped()}. {@code bpftool prog
     * load OBJ} with libbpf's autoload switched off for the rest.
     *
     * @throws NoSuchElementException for a name the object does not have
     * @throws IllegalStateException  for a named program jnetkit cannot load, with the reason
     */
    public static BpfCollection load(CollectionSpec spec, Set<String> programs) {
        return load(spec, Objects.requireNonNull(programs, "programs"), DEFAULT_PIN_ROOT);
    }

    /**
     * Loads every map of {@code spec} and every program jnetkit can load (the rest are skipped,
     * as by {@link #load(CollectionSpec)}). A map with {@code pinning = PIN_BY_NAME} is opened
     * from {@code pinRoot/<name>} when pinned there already (and must match its definition),
     * else created and pinned there.
     *
     * @throws VerifierException when the verifier rejects a program (the message shows the last
     *                           log lines, with source lines when the object has BTF)
     * @throws KernelException   for other refusals, naming the map or program
     * @throws ElfException      for a map whose value needs BTF (a spin lock, a timer, a kptr)
     *                           when the kernel took the object's BTF or the map's types not
     */
    public static BpfCollection load(CollectionSpec spec, Path pinRoot) {
        return load(spec, null, pinRoot);
    }

    /**
     * Loads every map of {@code spec} and the programs named in {@code wanted}, or, when it is
     * null, every program jnetkit can load that is not {@code SEC("?…")}; see {@link #load(CollectionSpec, Set)}.
     */
    public static BpfCollection load(CollectionSpec spec, Set<String> wanted, Path pinRoot) {
        Map<String, String> skipped = new LinkedHashMap<>();
        List<ElfProgram> toLoad = new ArrayList<>();
        if (wanted == null) {
            for (ElfProgram p : spec.programs()) {
                Optional<String> why = spec.loadProblem(p.name());
                if (why.isPresent()) {
                    skipped.put(p.name(), why.get());
                } else if (!p.autoload()) {
                    skipped.put(p.name(), "SEC(\"" + p.sectionName() + "\") is loaded only when asked for by name");
                } else {
                    toLoad.add(p);
                }
            }
        } else {
            Set<String> names = new HashSet<>();
            for (String w : wanted) {
                ElfProgram p = spec.program(w);
                Optional<String> why = spec.loadProblem(p.name());
                if (why.isPresent()) {
                    throw new IllegalStateException("load " + spec.origin() + ": program " + p.name() + ": " + why.get());
                }
                names.add(p.name());
            }
            for (ElfProgram p : spec.programs()) {
                if (names.contains(p.name())) {
                    toLoad.add(p);
                } else {
                    // What keeps it from loading is worth more than "not asked for" when there is something.
                    skipped.put(p.name(), spec.loadProblem(p.name()).orElse("not asked for"));
                }
            }
        }
        Map<String, BpfMap> maps = new LinkedHashMap<>();
        Map<String, Program> programs = new LinkedHashMap<>();
        List<Path> pinnedHere = new ArrayList<>();
        Btf btf = null;
        String btfProblem = spec.btfProblem().orElse(null);
        try {
            if (spec.kernelBtf() != null) {
                try {
                    btf = Btf.load(spec.kernelBtf());
                } catch (KernelException e) {
                    btfProblem = e.getMessage();
                }
            }
            Map<String, byte[]> data = spec.dataSnapshot();
            if (data.containsKey(ElfReader.KCONFIG)) {
                data.put(ElfReader.KCONFIG, KernelConfig.values(spec.externs(), data.get(ElfReader.KCONFIG).length));
            }
            List<String> mapProblems = new ArrayList<>();
            for (ElfMap m : spec.maps()) {
                maps.put(m.name(), createMap(m, data.get(m.name()), pinRoot, pinnedHere, btf, btfProblem, mapProblems));
            }
            // Once the BTF is loaded, the only problem left to report is a map that had to do without it.
            String reported = btf == null ? btfProblem : mapProblems.isEmpty() ? null : String.join("; ", mapProblems);
            Set<String> createdHere = new HashSet<>();
            for (ElfMap m : spec.maps()) {
                // A pinned map reused as it is keeps its contents; only new ones get the initial values.
                if (m.pinning() != ElfMap.Pinning.BY_NAME || pinnedHere.contains(pinRoot.resolve(m.name()))) {
                    createdHere.add(m.name());
                }
            }
            for (ElfMap m : spec.maps()) {
                if (m.type() == io.jnetkit.bpf.MapType.PROG_ARRAY || !createdHere.contains(m.name())) continue;
                m.values().forEach((slot, inner) -> maps.get(m.name()).put(u32(slot), u32(maps.get(inner).fd().value())));
            }
            CoreRelocator core = CoreRelocator.of(spec);
            try (KernelSymbols kernel = new KernelSymbols(spec.externs().isEmpty() ? null : core.localTypes())) {
                for (ElfProgram p : toLoad) {
                    Btf progBtf = btf;
                    programs.put(p.name(), core.load(p, q -> loadProgram(q, maps, progBtf, spec.externs(), kernel)));
                }
            }
            for (ElfMap m : spec.maps()) {
                if (m.type() != io.jnetkit.bpf.MapType.PROG_ARRAY || !createdHere.contains(m.name())) continue;
                // Slots of programs not loaded (skipped, or not asked for) stay empty: a tail call there falls through.
                m.values().forEach((slot, prog) -> {
                    Program p = programs.get(prog);
                    if (p != null) maps.get(m.name()).put(u32(slot), u32(p.fd().value()));
                });
            }
            Map<String, Variable> vars = new LinkedHashMap<>();
            for (Variable v : spec.variables()) vars.put(v.name(), v);
            return new BpfCollection(spec.origin(), Collections.unmodifiableMap(maps), Collections.unmodifiableMap(programs),
                    vars, btf != null, reported, Collections.unmodifiableMap(skipped));
        } catch (RuntimeException e) {
            programs.values().forEach(Program::close);
            maps.values().forEach(BpfMap::close);
            // Nothing half-made: a map pinned by this load would be picked up by the next one.
            for (Path pin : pinnedHere) {
                try {
                    Files.deleteIfExists(pin);
                } catch (java.io.IOException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        } finally {
            // Programs hold their own reference to the BTF; the loader's fd is no longer needed.
            if (btf != null) btf.close();
        }
    }

    private static BpfMap createMap(ElfMap m, byte[] initial, Path pinRoot, List<Path> pinnedHere, Btf btf,
                                    String btfProblem, List<String> mapProblems) {
        if (m.pinning() == ElfMap.Pinning.BY_NAME) {
            Path path = pinRoot.resolve(m.name());
            if (Files.exists(path)) {
                BpfMap pinned = BpfMap.fromPinned(path);
                MapInfo info;
                try {
                    info = pinned.info();
                } catch (RuntimeException e) {
                    pinned.close();
                    throw e;
                }
                if (info.type() != m.type() || info.keySize() != m.keySize() || info.valueSize() != m.valueSize()
                        || info.maxEntries() != m.maxEntries() || info.flags() != m.flags()) {
                    pinned.close();
                    throw new IllegalStateException("map " + m.name() + ": the map pinned at " + path + " (" + info.type().word()
                            + ", key " + info.keySize() + ", value " + info.valueSize() + ", max " + info.maxEntries()
                            + ", flags " + info.flags() + ") does not match the object's definition (" + m.type().word()
                            + ", key " + m.keySize() + ", value " + m.valueSize() + ", max " + m.maxEntries() + ", flags "
                            + m.flags() + "); remove the pin to recreate it");
                }
                return pinned;
            }
        }
        BpfMap map = create(m, btf, btfProblem, mapProblems);
        try {
            if (m.kind() == ElfMap.Kind.DATA) {
                map.put(KEY0, initial);
                if (m.readOnly()) map.freeze();
            }
            if (m.pinning() == ElfMap.Pinning.BY_NAME) {
                map.pin(pinRoot.resolve(m.name()));
                pinnedHere.add(pinRoot.resolve(m.name()));
            }
            return map;
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    /**
     * Creates the map with its BTF key/value types when the object's BTF was loaded. If the
     * kernel refuses the types, the map is created without them (libbpf does the same) and the
     * reason kept — unless its value holds something that works only with BTF (a spin lock, a
     * timer, a kptr): then it fails, saying so.
     */
    static BpfMap create(ElfMap m, Btf btf, String btfProblem, List<String> mapProblems) {
        MapSpec spec = m.toMapSpec();
        if (m.inner() != null) {
            // The kernel takes the inner maps' shape from a template map, needed only while creating.
            try (BpfMap template = create(m.inner(), btf, btfProblem, mapProblems)) {
                return BpfMap.createMapInMap(spec, template);
            }
        }
        String needs = m.btfOnlyField();
        if (btf != null && m.hasBtfTypes()) {
            try {
                return BpfMap.create(spec, btf, m.btfKeyTypeId(), m.btfValueTypeId());
            } catch (KernelException e) {
                if (!needs.isEmpty()) {
                    throw new ElfException("create map " + m.name() + ": its value holds " + needs
                            + ", which works only with BTF, and the kernel refused the map's BTF types: " + e.getMessage(), e);
                }
                mapProblems.add("map " + m.name() + " created without BTF types (" + e.getMessage() + ")");
            }
        } else if (!needs.isEmpty()) {
            throw new ElfException("create map " + m.name() + ": its value holds " + needs
                    + ", which works only with BTF, but the object's BTF was not loaded: "
                    + (btfProblem == null ? "unknown reason" : btfProblem));
        }
        return BpfMap.create(spec);
    }

    private static byte[] u32(int v) {
        return CollectionSpec.Le.bytes(Integer.toUnsignedLong(v), 4, "slot");
    }

    private static Program loadProgram(ElfProgram p, Map<String, BpfMap> maps, Btf btf, Map<String, Extern> externs,
                                       KernelSymbols kernel) {
        Linker resolver = new Linker(p, maps, externs, kernel);
        ProgramSpec spec = new ProgramSpec(p.kernelName(), p.type(), p.attachType(),
                p.license().isEmpty() ? NO_LICENSE : p.license(), p.instructions());
        ElfProgram.DebugInfo d = p.debugInfo();
        try {
            if (btf == null || d.funcInfoCount() == 0) {
                return Program.load(spec, resolver, null, null);
            }
            return Program.load(spec, resolver, new DebugInfo(btf, d.funcInfoRecordSize(), d.funcInfo(),
                    d.lineInfoRecordSize(), d.lineInfo()), null);
        } catch (IllegalArgumentException e) {
            // The only reference the loader cannot fill is a map the collection did not create.
            throw new IllegalStateException(e.getMessage(), e);
        } catch (VerifierException e) {
            List<String> poisoned = resolver.poisoned;
            if (poisoned.isEmpty()) throw e;
            java.util.regex.Matcher m = POISON_CALL.matcher(e.log());
            while (m.find()) {
                long n = Long.parseLong(m.group(1)) - KFUNC_POISON;
                if (n >= 0 && n < poisoned.size()) {
                    VerifierException x = new VerifierException("load program " + p.name() + ": calls __weak kfunc "
                            + poisoned.get((int) n) + ", which the kernel does not have (guard the call with "
                            + "bpf_ksym_exists)", e.errno(), e.log(), e.truncated());
                    x.initCause(e);
                    throw x;
                }
            }
            throw e;
        }
    }

    /**
     * What a call to a {@code __weak} kfunc the kernel lacks becomes: a call of helper
     * KFUNC_POISON + n (n: the kfunc's index in the program's list), which exists in no kernel —
     * the verifier refuses it only when it reaches it, as libbpf arranges it.
     */
    static final int KFUNC_POISON = 0x6b660000;
    private static final java.util.regex.Pattern POISON_CALL = java.util.regex.Pattern.compile("call unknown#(\\d+)");

    /**
     * For tests: the program's instructions with every reference resolved: map and global-data references
     * to the maps' fds, {@code __ksym} references and kfunc calls against the running kernel
     * ({@code kernel}; module BTF fds go into {@code fdArray}, whose slot 0 stands for vmlinux,
     * and the names of missing {@code __weak} kfuncs, whose calls are poisoned, into {@code poisoned}).
     */
    static Instructions resolve(ElfProgram p, Map<String, BpfMap> maps, Map<String, Extern> externs, KernelSymbols kernel,
                                List<Integer> fdArray, List<String> poisoned) {
        Linker resolver = new Linker(p, maps, externs, kernel);
        try {
            return p.instructions().resolve(resolver);
        } catch (AsmException e) {
            throw new IllegalStateException("load program " + p.name() + ": " + e.getMessage(), e);
        } finally {
            fdArray.addAll(resolver.fdArray);
            poisoned.addAll(resolver.poisoned);
        }
    }

    /**
     * The loader's {@link Resolver} for one program: the collection's maps by name, {@code __ksym}s
     * and kfuncs against the running kernel's BTF. It collects the fd_array of module BTFs its
     * kfunc calls name (slot 0 stands for vmlinux) and the {@code __weak} kfuncs it poisoned.
     */
    private static final class Linker implements Resolver {
        private final String where;
        private final Map<String, BpfMap> maps;
        private final Map<String, Extern> externs;
        private final KernelSymbols kernel;
        final List<Integer> fdArray = new ArrayList<>();
        final List<String> poisoned = new ArrayList<>();

        Linker(ElfProgram p, Map<String, BpfMap> maps, Map<String, Extern> externs, KernelSymbols kernel) {
            this.where = "load program " + p.name() + ": ";
            this.maps = maps;
            this.externs = externs;
            this.kernel = kernel;
        }

        @Override
        public OptionalInt mapFd(String name) {
            BpfMap m = maps.get(name);
            return m == null ? OptionalInt.empty() : OptionalInt.of(m.fd().value());
        }

        @Override
        public Insn kernelSymbol(KernelRef ref, Insn original) {
            Extern e = externs.get(ref.name());
            if (e == null || kernel == null) {
                throw new IllegalStateException(where + "refers to kernel symbol " + ref.name()
                        + ", which is no extern of the object");
            }
            return ref.kind() == KernelRef.Kind.KFUNC ? kfuncCall(where, (Extern.Kfunc) e, kernel, fdArray, poisoned)
                    : ksymLoad(where, original.dst(), e, kernel);
        }

        @Override
        public int[] fdArray() {
            return fdArray.isEmpty() ? null : fdArray.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** A kfunc call: its BTF id in imm and its module BTF's fd_array index in off, or a poisoned helper call. */
    private static Insn kfuncCall(String where, Extern.Kfunc k, KernelSymbols kernel, List<Integer> fdArray,
                                  List<String> poisoned) {
        Optional<KernelSymbols.Found> f = kernel.kfunc(k.name(), k.protoId());
        if (f.isEmpty()) {
            if (!k.weak()) {
                throw new ElfException(where + "calls kfunc " + k.name() + ", which the kernel does not have"
                        + " (not in the BTF of vmlinux or of a loaded module)");
            }
            int n = poisoned.indexOf(k.name());
            if (n < 0) {
                n = poisoned.size();
                poisoned.add(k.name());
            }
            return new Insn(Opcodes.JMP | Opcodes.CALL, 0, Opcodes.CALL_HELPER, 0, KFUNC_POISON + n);
        }
        int index = 0;
        if (f.get().module() != null) {
            int fd = kernel.moduleBtf(f.get().module()).fd().value();
            if (fdArray.isEmpty()) fdArray.add(0); // slot 0 means vmlinux: never read
            index = fdArray.indexOf(fd);
            if (index <= 0) {
                index = fdArray.size();
                fdArray.add(fd);
            }
        }
        return new Insn(Opcodes.JMP | Opcodes.CALL, 0, Opcodes.PSEUDO_KFUNC_CALL, index, f.get().btfId());
    }

    /** An ld_imm64 of a kernel variable's or kfunc's address: its BTF id (and module BTF fd), a kallsyms address, or 0. */
    private static Insn ksymLoad(String where, int dst, Extern e, KernelSymbols kernel) {
        Optional<KernelSymbols.Found> f;
        if (e instanceof Extern.Kfunc k) {
            f = kernel.kfunc(k.name(), k.protoId());
        } else {
            Extern.Ksym k = (Extern.Ksym) e;
            if (k.typeless()) {
                Optional<Long> addr = kernel.address(k.name());
                if (addr.isEmpty() && !k.weak()) {
                    throw new ElfException(where + "refers to __ksym " + k.name() + ", which is not in "
                            + KernelSymbols.KALLSYMS);
                }
                return Insn.ldImm64(dst, 0, addr.orElse(0L));
            }
            f = kernel.variable(k.name(), k.typeId());
        }
        if (f.isEmpty()) {
            if (!e.weak()) {
                throw new ElfException(where + "refers to __ksym " + e.name() + ", which the kernel does not have"
                        + " (not in the BTF of vmlinux or of a loaded module)");
            }
            return Insn.ldImm64(dst, 0, 0); // address 0: bpf_ksym_exists() is false
        }
        long btfFd = f.get().module() == null ? 0 : kernel.moduleBtf(f.get().module()).fd().value();
        return Insn.ldImm64(dst, Opcodes.PSEUDO_BTF_ID, btfFd << 32 | Integer.toUnsignedLong(f.get().btfId()));
    }

    /**
     * The loaded program whose C function is {@code name} (or whose kernel name is).
     *
     * @throws NoSuchElementException naming the programs there are
     */
    public Program program(String name) {
        Program p = programs.get(name);
        if (p != null) return p;
        for (Map.Entry<String, Program> e : programs.entrySet()) {
            if (ElfProgram.kernelName(e.getKey()).equals(name)) return e.getValue();
        }
        throw new NoSuchElementException(origin + " has no program " + name + " (it has " + programs.keySet() + ")");
    }

    /**
     * The object's programs that were not loaded, by C function name in file order, with the
     * reason: "not asked for", a {@code SEC("?…")} section, or what jnetkit cannot load.
     */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** Programs by C function name, in file order. */
    public Map<String, Program> programs() {
        return programs;
    }

    /** The map named {@code name} in the object ({@code flows}, or {@code .bss} for global data). */
    public BpfMap map(String name) {
        BpfMap m = maps.get(name);
        if (m == null) {
            throw new NoSuchElementException(origin + " has no map " + name + " (it has " + maps.keySet() + ")");
        }
        return m;
    }

    /** Maps by name, in file order. */
    public Map<String, BpfMap> maps() {
        return maps;
    }

    /** Global variables of the object. */
    public List<Variable> variables() {
        return new ArrayList<>(variables.values());
    }

    private Variable var(String name) {
        Variable v = variables.get(name);
        if (v == null) {
            throw new NoSuchElementException(origin + " has no global variable " + name + " (it has " + variables.keySet() + ")");
        }
        return v;
    }

    /** The live value of a global variable, read from its data map (a lookup of the whole section). */
    public byte[] variable(String name) {
        Variable v = var(name);
        byte[] all = map(v.section()).lookup(KEY0)
                .orElseThrow(() -> new IllegalStateException("data map " + v.section() + " has no element 0"));
        byte[] out = new byte[v.size()];
        System.arraycopy(all, v.offset(), out, 0, v.size());
        return out;
    }

    /** The live value of a global of at most 8 bytes as an unsigned little-endian number. */
    public long variableAsLong(String name) {
        return CollectionSpec.Le.read(variable(name));
    }

    /**
     * Writes a global variable while programs run. The section is read, changed and written back
     * as a whole, so a program's concurrent write to another variable of the same section in
     * between is lost; {@code .rodata} is frozen and refuses.
     *
     * @throws IllegalArgumentException for a value of the wrong size
     * @throws IllegalStateException    for a variable in {@code .rodata}
     */
    public void setVariable(String name, byte[] value) {
        Variable v = var(name);
        if (value.length != v.size()) {
            throw new IllegalArgumentException("variable " + name + " is " + v.size() + " bytes, got " + value.length);
        }
        if (v.readOnly()) {
            throw new IllegalStateException("variable " + name + " is in " + v.section()
                    + ", which is frozen after load; set it before load with CollectionSpec.setVariable");
        }
        BpfMap m = map(v.section());
        byte[] all = m.lookup(KEY0).orElseThrow(() -> new IllegalStateException("data map " + v.section() + " has no element 0"));
        System.arraycopy(value, 0, all, v.offset(), v.size());
        try {
            m.put(KEY0, all);
        } catch (KernelException e) {
            if (e.errno() == Errno.EPERM) {
                throw new IllegalStateException("variable " + name + ": data map " + v.section() + " is frozen", e);
            }
            throw e;
        }
    }

    /** Little-endian helpers for {@link #setVariable}. */
    public void setU64(String name, long value) {
        setVariable(name, CollectionSpec.Le.bytes(value, 8, name));
    }

    public void setU32(String name, long value) {
        setVariable(name, CollectionSpec.Le.bytes(value, 4, name));
    }

    public void setU16(String name, int value) {
        setVariable(name, CollectionSpec.Le.bytes(value, 2, name));
    }

    /** True when the object's BTF was loaded and its programs carry func and line info. */
    public boolean btfLoaded() {
        return btfLoaded;
    }

    /**
     * Why the programs were loaded without BTF (no .BTF, or the kernel refused it), or which
     * maps were created without their BTF key/value types; empty when everything has its BTF.
     */
    public Optional<String> btfProblem() {
        return Optional.ofNullable(btfProblem);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        List<AutoCloseable> all = new ArrayList<>(programs.values());
        all.addAll(maps.values());
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
        }
        if (first != null) throw first;
    }

    @Override
    public String toString() {
        return "BpfCollection[" + origin + ": programs " + programs.keySet() + ", maps " + maps.keySet() + "]";
    }
}
