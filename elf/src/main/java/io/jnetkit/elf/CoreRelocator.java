package io.jnetkit.elf;

import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.VerifierException;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.Core;
import io.jnetkit.btf.CoreTargets;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loader's one hook for CO-RE: applied to each program just before PROG_LOAD. Relocates the
 * program against the target BTF ({@link CollectionSpec#setTargetBtf}, else the running kernel's
 * vmlinux and module BTF) with {@link Core}, loads it, and when the verifier stops at a poisoned
 * instruction, says which relocation failed and why instead of "invalid func unknown#195896080".
 */
final class CoreRelocator {
    private static final Pattern POISON_CALL = Pattern.compile("^(\\d+): \\(85\\) call unknown#" + Core.POISON_HELPER + "\\b",
            Pattern.MULTILINE);

    private final CollectionSpec spec;
    private BtfTypes local;
    private CoreTargets targets;

    private CoreRelocator(CollectionSpec spec) {
        this.spec = spec;
    }

    static CoreRelocator of(CollectionSpec spec) {
        return new CoreRelocator(spec);
    }

    /**
     * Relocates {@code p} (a program without CO-RE records passes unchanged) and loads it with {@code loader}.
     *
     * @throws ElfException      when a relocation is malformed or ambiguous, or the target BTF cannot be read
     * @throws VerifierException when the verifier rejects the program; at a poisoned instruction the
     *                           message starts "load program P: CO-RE relocation failed: KIND TYPE ACCESS"
     */
    Program load(ElfProgram p, Function<ElfProgram, Program> loader) {
        if (p.coreRelocations().isEmpty()) return loader.apply(p);
        Core.Result r = relocate(p);
        ElfProgram q = new ElfProgram(p.name(), p.sectionName(), p.type(), p.attachType(), p.license(),
                r.instructions(), p.debugInfo(), List.of(), p.objectCode());
        try {
            return loader.apply(q);
        } catch (VerifierException e) {
            Matcher m = POISON_CALL.matcher(e.log());
            Core.Poisoned hit = null;
            while (m.find()) {
                Core.Poisoned c = r.poisonedAt(Integer.parseInt(m.group(1)));
                if (c != null) hit = c;
            }
            if (hit == null) throw e;
            VerifierException x = new VerifierException("load program " + p.name() + ": CO-RE relocation failed: "
                    + hit.relocation().describe() + " at insn " + hit.relocation().instruction() + " (" + hit.reason() + ")",
                    e.errno(), e.log(), e.truncated());
            x.initCause(e);
            throw x;
        }
    }

    /** The object's BTF as the type model reads it (for __ksym type checks too). */
    BtfTypes localTypes() {
        if (local == null) {
            byte[] btf = spec.kernelBtf();
            if (btf == null) return null;
            try {
                local = BtfTypes.parse(btf, spec.origin() + " .BTF");
            } catch (BtfException e) {
                throw new ElfException("read " + spec.origin() + " .BTF: " + e.getMessage(), e);
            }
        }
        return local;
    }

    /** The relocated instructions of {@code p}, kernel-free when a target BTF was set. */
    Core.Result relocate(ElfProgram p) {
        try {
            if (local == null) {
                byte[] btf = spec.kernelBtf();
                if (btf == null) {
                    throw new ElfException("load prog " + p.name() + ": has CO-RE relocations but the object's BTF is unusable: "
                            + spec.btfProblem().orElse("no .BTF"));
                }
                local = BtfTypes.parse(btf, spec.origin() + " .BTF");
            }
            if (targets == null) targets = spec.coreTargets().orElseGet(CoreTargets::kernel);
            return Core.apply(p.instructions(), p.coreRelocations(), local, targets);
        } catch (BtfException e) {
            throw new ElfException("load prog " + p.name() + ": " + e.getMessage(), e);
        }
    }
}
