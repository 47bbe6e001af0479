package io.jnetkit.elf;

import io.jnetkit.bpf.Btf;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.CoreTargets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an object's {@code __ksym} externs against the running kernel at load, as libbpf
 * does: kfuncs and typed variables by name in {@code /sys/kernel/btf/vmlinux}, then in each
 * loaded module's BTF (a kfunc's FUNC_PROTO and a variable's type must be compatible with the
 * object's declaration, by libbpf's CO-RE compatibility rule); typeless variables
 * ({@code extern const void x __ksym}) by address in {@code /proc/kallsyms}. Owns the module BTF
 * fds the programs need (their fd_array, and the second imm of a module variable's ld_imm64);
 * closing it closes them, after the programs are loaded.
 */
final class KernelSymbols implements AutoCloseable {
    static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static final Map<String, BtfTypes> cachedModules = new ConcurrentHashMap<>();

    /** Where a symbol is: its BTF id, and the module it is in (null for vmlinux). */
    record Found(int btfId, String module) {}

    private final BtfTypes local;
    private BtfTypes vmlinux;
    private final Map<String, Btf> moduleBtfs = new LinkedHashMap<>();
    private Map<String, Long> kallsyms;

    KernelSymbols(BtfTypes local) {
        this.local = local;
    }

    private BtfTypes vmlinux() {
        if (vmlinux == null) vmlinux = CoreTargets.kernel().main();
        return vmlinux;
    }

    /**
     * The kernel FUNC named {@code name}, checked against the local FUNC_PROTO {@code protoId};
     * empty when no BTF of the kernel has it.
     *
     * @throws ElfException when the kernel's prototype is incompatible with the object's
     */
    Optional<Found> kfunc(String name, int protoId) {
        Optional<Found> f = find(name, BtfTypes.KIND_FUNC);
        if (f.isPresent() && local != null && protoId != 0) {
            BtfTypes target = types(f.get().module);
            int targetProto = target.ref(f.get().btfId);
            if (!compatible(local, protoId, target, targetProto, 10)) {
                throw new ElfException("resolve kfunc " + name + ": the object's prototype " + local.describe(protoId)
                        + " is incompatible with the kernel's " + target.describe(targetProto)
                        + (f.get().module == null ? "" : " (module " + f.get().module + ")"));
            }
        }
        return f;
    }

    /** The kernel VAR named {@code name}, checked against the local type {@code typeId}. */
    Optional<Found> variable(String name, int typeId) {
        Optional<Found> f = find(name, BtfTypes.KIND_VAR);
        if (f.isPresent() && local != null) {
            BtfTypes target = types(f.get().module);
            int targetType = target.ref(f.get().btfId);
            if (!compatible(local, typeId, target, targetType, 10)) {
                throw new ElfException("resolve __ksym " + name + ": the object's type " + local.describe(typeId)
                        + " is incompatible with the kernel's " + target.describe(targetType));
            }
        }
        return f;
    }

    /** FUNC and VAR ids by name, per BTF: the type model's name index leaves them out. */
    private static final Map<BtfTypes, Map<String, List<Integer>>> symbolIndex =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static Optional<Integer> lookup(BtfTypes btf, String name, int kind) {
        Map<String, List<Integer>> index = symbolIndex.computeIfAbsent(btf, b -> {
            Map<String, List<Integer>> m = new HashMap<>();
            for (int id = b.firstId(); id <= b.maxId(); id++) {
                int k = b.kind(id);
                if (k == BtfTypes.KIND_FUNC || k == BtfTypes.KIND_VAR) {
                    m.computeIfAbsent(b.name(id), n -> new ArrayList<>(1)).add(id);
                }
            }
            return m;
        });
        for (int id : index.getOrDefault(name, List.of())) {
            if (btf.kind(id) == kind) return Optional.of(id);
        }
        return Optional.empty();
    }

    private Optional<Found> find(String name, int kind) {
        try {
            Optional<Integer> v = lookup(vmlinux(), name, kind);
            if (v.isPresent()) return Optional.of(new Found(v.get(), null));
            for (String m : BtfTypes.kernelModules()) {
                BtfTypes b;
                try {
                    b = cachedModules.computeIfAbsent(m, n -> BtfTypes.module(n, vmlinux()));
                } catch (BtfException e) {
                    continue; // unloaded in between, or unreadable
                }
                Optional<Integer> in = lookup(b, name, kind);
                if (in.isPresent()) return Optional.of(new Found(in.get(), m));
            }
            return Optional.empty();
        } catch (BtfException e) {
            throw new ElfException("resolve " + name + ": " + e.getMessage(), e);
        }
    }

    private BtfTypes types(String module) {
        return module == null ? vmlinux() : cachedModules.get(module);
    }

    /** The module's BTF object, opened once (BTF_GET_FD_BY_ID) and kept until close. */
    Btf moduleBtf(String module) {
        Btf b = moduleBtfs.get(module);
        if (b == null) {
            try {
                b = Btf.kernelModule(module);
            } catch (java.util.NoSuchElementException e) {
                throw new ElfException(e.getMessage(), e);
            }
            moduleBtfs.put(module, b);
        }
        return b;
    }

    /** A typeless {@code __ksym}'s address from {@code /proc/kallsyms}; empty when not there. */
    Optional<Long> address(String name) {
        if (kallsyms == null) kallsyms = readKallsyms();
        return Optional.ofNullable(kallsyms.get(name));
    }

    private static Map<String, Long> readKallsyms() {
        Map<String, Long> out = new HashMap<>();
        boolean zero = true;
        try (BufferedReader r = Files.newBufferedReader(KALLSYMS)) {
            String line;
            while ((line = r.readLine()) != null) {
                // "ffffffff81000000 T _stext" or "… t name\t[module]"; the first of a name wins.
                int a = line.indexOf(' '), b = line.indexOf(' ', a + 1);
                if (a <= 0 || b < 0) continue;
                int end = line.indexOf('\t', b + 1);
                String name = end < 0 ? line.substring(b + 1) : line.substring(b + 1, end);
                long addr = Long.parseUnsignedLong(line, 0, a, 16);
                if (addr != 0) zero = false;
                out.putIfAbsent(name, addr);
            }
        } catch (IOException | NumberFormatException e) {
            throw new ElfException("read " + KALLSYMS + ": " + e.getMessage(), e);
        }
        if (zero && !out.isEmpty()) {
            // kptr_restrict hides the addresses from this process: zeros would load and run wrong.
            throw new ElfException("read " + KALLSYMS + ": every address is 0 (kernel.kptr_restrict; needs CAP_SYSLOG)");
        }
        return out;
    }

    /**
     * libbpf's rule for a kfunc's prototype and a typed variable (its CO-RE "types are
     * compatible"): after typedefs and qualifiers, the same kind (an enum's size aside);
     * integers, enums, structs, unions and forward declarations match by kind alone (bitfield
     * integers never); pointers and arrays by what they point at; prototypes by return type
     * and each parameter.
     */
    static boolean compatible(BtfTypes a, int ida, BtfTypes b, int idb, int depth) {
        if (depth < 0) return false;
        ida = a.skipModsAndTypedefs(ida);
        idb = b.skipModsAndTypedefs(idb);
        int ka = a.kind(ida), kb = b.kind(idb);
        boolean enums = (ka == BtfTypes.KIND_ENUM || ka == BtfTypes.KIND_ENUM64)
                && (kb == BtfTypes.KIND_ENUM || kb == BtfTypes.KIND_ENUM64);
        if (ka != kb && !enums) return false;
        return switch (ka) {
            case BtfTypes.KIND_UNKN, BtfTypes.KIND_STRUCT, BtfTypes.KIND_UNION, BtfTypes.KIND_ENUM, BtfTypes.KIND_ENUM64,
                 BtfTypes.KIND_FWD, BtfTypes.KIND_FLOAT -> true;
            case BtfTypes.KIND_INT -> a.intOffset(ida) == 0 && b.intOffset(idb) == 0;
            case BtfTypes.KIND_PTR -> compatible(a, a.ref(ida), b, b.ref(idb), depth - 1);
            case BtfTypes.KIND_ARRAY -> compatible(a, a.array(ida).elemType(), b, b.array(idb).elemType(), depth - 1);
            case BtfTypes.KIND_FUNC_PROTO -> {
                List<BtfTypes.Param> pa = a.params(ida), pb = b.params(idb);
                if (pa.size() != pb.size()) yield false;
                for (int i = 0; i < pa.size(); i++) {
                    if (!compatible(a, pa.get(i).type(), b, pb.get(i).type(), depth - 1)) yield false;
                }
                yield compatible(a, a.ref(ida), b, b.ref(idb), depth - 1);
            }
            default -> false;
        };
    }

    /** The module BTF fds opened, for the programs' fd_array. */
    List<Btf> opened() {
        return new ArrayList<>(moduleBtfs.values());
    }

    @Override
    public void close() {
        moduleBtfs.values().forEach(Btf::close);
        moduleBtfs.clear();
    }
}
