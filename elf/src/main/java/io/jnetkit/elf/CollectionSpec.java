package io.jnetkit.elf;

import io.jnetkit.bpf.MapType;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.CoreTargets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Everything in an eBPF object file compiled by {@code clang -O2 -g -target bpf}, read without
 * touching the kernel: programs (linked with the {@code .text} functions they call), maps
 * ({@code .maps} via BTF, legacy {@code maps}, and one per global data section), global
 * variables, the license, and the object's BTF for loading. {@link BpfCollection#load} makes it real.
 *
 * <pre>{@code
 * CollectionSpec spec = CollectionSpec.readResource(Examples.PORT_FILTER);
 * spec.setU16("blocked_port", 8080);           // a const volatile in .rodata, before load
 * try (BpfCollection c = BpfCollection.load(spec)) {
 *     Program p = c.program("port_filter");
 * }
 * }</pre>
 *
 * <p>Not thread-safe: {@link #setVariable} changes the initial values later loads use.
 */
public final class CollectionSpec {
    private final String origin;
    private final String license;
    private final Map<String, ElfProgram> programs;
    private final Map<String, ElfMap> maps;
    private final Map<String, Variable> variables;
    /** Initial contents of each global data map, by section name; changed by setVariable. */
    private final Map<String, byte[]> data;
    private final byte[] btf;
    private final String btfProblem;
    /** Where CO-RE relocations find their types; null: the running kernel's BTF. */
    private CoreTargets coreTargets;
    private final Map<String, String> linkProblems;
    /** The object's __ksym and __kconfig externs, resolved against the running kernel at load. */
    private final Map<String, Extern> externs;

    CollectionSpec(String origin, String license, Map<String, ElfProgram> programs, Map<String, ElfMap> maps,
                   Map<String, Variable> variables, Map<String, byte[]> data, byte[] btf, String btfProblem,
                   Map<String, String> linkProblems, Map<String, Extern> externs) {
        this.linkProblems = Map.copyOf(linkProblems);
        this.externs = Map.copyOf(externs);
        this.origin = origin;
        this.license = license;
        this.programs = programs;
        this.maps = maps;
        this.variables = variables;
        this.data = data;
        this.btf = btf;
        this.btfProblem = btfProblem;
    }

    /** Reads an object file. */
    public static CollectionSpec read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ElfException("read " + path + ": " + e.getMessage(), e);
        }
        return read(bytes, path.toString());
    }

    /** Reads an object from the class path, e.g. {@link Examples#PORT_FILTER}. */
    public static CollectionSpec readResource(String classpathResource) {
        String name = classpathResource.startsWith("/") ? classpathResource : "/" + classpathResource;
        try (InputStream in = CollectionSpec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ElfException("read " + name + ": no such class path resource");
            }
            return read(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new ElfException("read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an object from memory; {@code origin} names it in messages and prefixes global-data
     * map names ({@code port_fil.bss}, as libbpf does).
     *
     * @throws ElfException for anything malformed, truncated or unsupported, with the reason
     */
    public static CollectionSpec read(byte[] bytes, String origin) {
        try {
            return ElfReader.read(bytes, origin);
        } catch (ElfException e) {
            throw new ElfException("read " + origin + ": " + e.getMessage(), e.getCause());
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException | NegativeArraySizeException
                 | IllegalStateException e) {
            // Every read is meant to be checked; should one slip through, a malformed object is still
            // the loader's own exception, never a raw runtime error (or a CLI stack trace).
            throw new ElfException("read " + origin + ": malformed object (" + e + ")", e);
        }
    }

    /** __ksym and __kconfig externs by name. */
    Map<String, Extern> externs() {
        return externs;
    }

    /** Where it was read from. */
    public String origin() {
        return origin;
    }

    /** The {@code license} section's string, or "" if the object has none. */
    public String license() {
        return license;
    }

    /** Programs in file order. */
    public List<ElfProgram> programs() {
        return List.copyOf(programs.values());
    }

    /**
     * The program whose function is {@code name} (its kernel name, cut to 15 bytes, works too).
     *
     * @throws NoSuchElementException naming the programs there are
     */
    public ElfProgram program(String name) {
        ElfProgram p = programs.get(name);
        if (p != null) return p;
        for (ElfProgram q : programs.values()) {
            if (q.kernelName().equals(name)) return q;
        }
        throw new NoSuchElementException(origin + " has no program " + name + " (it has " + programs.keySet() + ")");
    }

    /**
     * Why jnetkit cannot load {@code program} — its section names no program type or one
     * needing what jnetkit does not provide, or its code uses an unsupported feature (a call of
     * an extern function that is no {@code __ksym} kfunc) — or empty when it can. Whether the
     * kernel has the kfuncs and {@code __ksym}s a program uses is known only at load. Such programs do not keep the
     * others from loading: {@link BpfCollection#load(CollectionSpec)} skips them and says why.
     *
     * @throws NoSuchElementException for an unknown program
     */
    public Optional<String> loadProblem(String program) {
        ElfProgram p = program(program);
        return p.loadProblem().or(() -> Optional.ofNullable(linkProblems.get(p.name())));
    }

    /** Maps in file order: {@code .maps}, {@code maps}, then global data. */
    public List<ElfMap> maps() {
        return List.copyOf(maps.values());
    }

    /** The map named {@code name} ({@code .bss} for global data). */
    public ElfMap map(String name) {
        ElfMap m = maps.get(name);
        if (m == null) {
            throw new NoSuchElementException(origin + " has no map " + name + " (it has " + maps.keySet() + ")");
        }
        return m;
    }

    /** Global variables, by section then offset. */
    public List<Variable> variables() {
        return List.copyOf(variables.values());
    }

    public Variable variable(String name) {
        Variable v = variables.get(name);
        if (v == null) {
            throw new NoSuchElementException(origin + " has no global variable " + name + " (it has "
                    + variables.keySet() + ")");
        }
        return v;
    }

    /** The variable's initial value as the next load will use it. */
    public byte[] variableValue(String name) {
        Variable v = variable(name);
        byte[] out = new byte[v.size()];
        System.arraycopy(data.get(v.section()), v.offset(), out, 0, v.size());
        return out;
    }

    /** A copy of a global data map's initial contents ({@code .data}, {@code .bss}, …). */
    public byte[] initialData(String section) {
        byte[] d = data.get(section);
        if (d == null) {
            throw new NoSuchElementException(origin + " has no global data section " + section);
        }
        return d.clone();
    }

    /**
     * Changes a global's initial value before load — also {@code const volatile} ones in
     * {@code .rodata}, which the verifier then treats as constants (cilium/ebpf's RewriteConstants).
     * Little-endian, the byte order of eBPF on x86-64 and arm64.
     *
     * @throws NoSuchElementException   for an unknown name
     * @throws IllegalArgumentException when {@code value} is not exactly the variable's size
     */
    public void setVariable(String name, byte[] value) {
        Variable v = variable(name);
        if (value.length != v.size()) {
            throw new IllegalArgumentException("variable " + name + " is " + v.size() + " bytes, got " + value.length);
        }
        System.arraycopy(value, 0, data.get(v.section()), v.offset(), v.size());
    }

    public void setU8(String name, int value) {
        setVariable(name, Le.bytes(value, 1, name));
    }

    public void setU16(String name, int value) {
        setVariable(name, Le.bytes(value, 2, name));
    }

    public void setU32(String name, long value) {
        setVariable(name, Le.bytes(value, 4, name));
    }

    public void setU64(String name, long value) {
        setVariable(name, Le.bytes(value, 8, name));
    }

    /** True when the object has a usable {@code .BTF} section. */
    public boolean hasBtf() {
        return btf != null;
    }

    /** Why the object's BTF or BTF.ext could not be read, if it could not. */
    public Optional<String> btfProblem() {
        return Optional.ofNullable(btfProblem);
    }

    /**
     * Resolves CO-RE relocations against {@code btfFile} (raw BTF, such as a copy of another
     * kernel's {@code /sys/kernel/btf/vmlinux}) instead of the running kernel's vmlinux and module
     * BTF — libbpf's {@code btf_custom_path} open option. Read now, so
     * a bad file fails here.
     *
     * @throws ElfException when the file cannot be read or is not BTF
     */
    public void setTargetBtf(java.nio.file.Path btfFile) {
        try {
            coreTargets = CoreTargets.file(btfFile);
        } catch (BtfException e) {
            throw new ElfException(e.getMessage(), e);
        }
    }

    /** Like {@link #setTargetBtf(java.nio.file.Path)}, with BTF already parsed; null goes back to the kernel's. */
    public void setTargetBtf(BtfTypes btf) {
        coreTargets = btf == null ? null : CoreTargets.of(btf);
    }

    /** The CO-RE target set by {@link #setTargetBtf}; empty means the running kernel's BTF. */
    Optional<CoreTargets> coreTargets() {
        return Optional.ofNullable(coreTargets);
    }

    /** Raw .BTF with DATASEC sizes and VAR offsets fixed for the kernel, or null. */
    byte[] kernelBtf() {
        return btf;
    }

    /** A copy of every data section's current initial contents. */
    Map<String, byte[]> dataSnapshot() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    @Override
    public String toString() {
        return "CollectionSpec[" + origin + ": programs " + programs.keySet() + ", maps " + maps.keySet() + "]";
    }

    /** Little-endian encoding with a range check. */
    static final class Le {
        private Le() {}

        static byte[] bytes(long value, int size, String name) {
            if (size < 8) {
                long max = (1L << (8 * size)) - 1;
                long min = -(1L << (8 * size - 1));
                if (value > max || value < min) {
                    throw new IllegalArgumentException("value " + value + " does not fit in " + size + "-byte variable " + name);
                }
            }
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = (byte) (value >>> (8 * i));
            }
            return out;
        }

        static long read(byte[] b) {
            long v = 0;
            for (int i = Math.min(8, b.length) - 1; i >= 0; i--) {
                v = v << 8 | (b[i] & 0xffL);
            }
            return v;
        }
    }

    /** A global data map; with BTF, key type 0 and the section's DATASEC as value type, as libbpf does. */
    static ElfMap dataMap(String section, int size, String objectName, int datasecId) {
        int flags = section.startsWith(".rodata") ? io.jnetkit.abi.BpfAbi.BPF_F_RDONLY_PROG : 0;
        return new ElfMap(section, ElfMap.Kind.DATA, MapType.ARRAY, 4, size, 1, flags, ElfMap.Pinning.NONE,
                dataMapKernelName(objectName, section), 0, datasecId, "");
    }

    /**
     * libbpf's naming of global data maps: up to 8 bytes of the object name, then the section
     * name, cut to 15 bytes, with bytes the kernel refuses replaced by '_': {@code port_fil.bss}.
     */
    static String dataMapKernelName(String objectName, String section) {
        String base = objectName;
        int slash = base.lastIndexOf('/');
        if (slash >= 0) base = base.substring(slash + 1);
        if (base.endsWith(".o")) base = base.substring(0, base.length() - 2);
        int prefix = Math.max(0, Math.min(8, Math.min(base.length(), 15 - section.length())));
        return ElfProgram.kernelName(base.substring(0, prefix) + section);
    }
}
