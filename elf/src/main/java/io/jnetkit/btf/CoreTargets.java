package io.jnetkit.btf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where CO-RE relocations look for their target types: the running kernel's BTF (vmlinux, then
 * — only when vmlinux has no candidate of that name, as libbpf does — each loaded module's split
 * BTF), or one BTF file given instead ({@code bpftool gen min_core_btf}'s output, or a test's).
 */
public final class CoreTargets {
    /** A candidate type: its id in {@code btf}. */
    public record Candidate(BtfTypes btf, int id) {}

    private static volatile BtfTypes cachedVmlinux;
    private static final Map<String, BtfTypes> cachedModules = new ConcurrentHashMap<>();

    private final BtfTypes main;
    private final boolean kernelModules;

    private CoreTargets(BtfTypes main, boolean kernelModules) {
        this.main = main;
        this.kernelModules = kernelModules;
    }

    /**
     * The running kernel: {@code /sys/kernel/btf/vmlinux} (parsed once per process: it cannot
     * change while the kernel runs) and the modules' BTF beside it.
     */
    public static CoreTargets kernel() {
        BtfTypes v = cachedVmlinux;
        if (v == null) cachedVmlinux = v = BtfTypes.kernel();
        return new CoreTargets(v, true);
    }

    /** Only {@code btf}: the {@code --btf FILE} override, no modules. */
    public static CoreTargets of(BtfTypes btf) {
        return new CoreTargets(btf, false);
    }

    /** Reads a BTF file (raw BTF, e.g. a copy of {@code /sys/kernel/btf/vmlinux}) as the only target. */
    public static CoreTargets file(Path path) {
        return of(BtfTypes.read(path));
    }

    /** The BTF searched first (vmlinux, or the override). */
    public BtfTypes main() {
        return main;
    }

    /** Types whose essential name is {@code essential} and whose kind is CO-RE-compatible with {@code kind}. */
    public List<Candidate> candidates(String essential, int kind) {
        List<Candidate> out = new ArrayList<>();
        add(out, main, essential, kind);
        if (out.isEmpty() && kernelModules) {
            for (String m : BtfTypes.kernelModules()) {
                BtfTypes b;
                try {
                    b = cachedModules.computeIfAbsent(m, n -> BtfTypes.module(n, main));
                } catch (BtfException e) {
                    continue; // unloaded in between, or unreadable: it has no candidates for us
                }
                add(out, b, essential, kind);
            }
        }
        return out;
    }

    private static void add(List<Candidate> out, BtfTypes btf, String essential, int kind) {
        for (int id : btf.byEssentialName(essential)) {
            if (Core.kindsCompatible(kind, btf.kind(id)) && BtfTypes.essentialName(btf.name(id)).equals(essential)) {
                out.add(new Candidate(btf, id));
            }
        }
    }
}
