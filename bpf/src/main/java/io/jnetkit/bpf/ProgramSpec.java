package io.jnetkit.bpf;

/**
 * What to load, without touching the kernel: the program's name, type, expected attach type,
 * license and instructions. Checked on construction (name ≤ 15 bytes of [A-Za-z0-9_.], at least
 * one instruction, no more than the kernel's 1,000,000); loading is {@link Program#load}.
 *
 * @param name               object name shown by {@code bpftool prog}; "" for none
 * @param type               program type; netkit and tcx take {@link ProgramType#SCHED_CLS}
 * @param expectedAttachType where it will be attached, or null for none (sent as 0). Not enforced
 *                           for SCHED_CLS, but libbpf sets it for {@code netkit/primary}, {@code netkit/peer}
 *                           and {@code tc/ingress} sections, and so should you
 * @param license            e.g. "GPL"; GPL-only helpers need a GPL-compatible one
 * @param instructions       the code, with any map fds already in its ld_imm64 slots
 */
public record ProgramSpec(String name, ProgramType type, AttachType expectedAttachType, String license,
                          Bytecode instructions) {
    /** BPF_COMPLEXITY_LIMIT_INSNS: the kernel refuses longer programs with E2BIG. */
    public static final int MAX_INSTRUCTIONS = 1_000_000;

    public ProgramSpec {
        Names.check("program", name);
        if (type == null || type == ProgramType.UNKNOWN || type == ProgramType.UNSPEC) {
            throw new IllegalArgumentException("program " + name + ": a program type is required");
        }
        if (expectedAttachType == AttachType.UNKNOWN) {
            throw new IllegalArgumentException("program " + name + ": expected attach type UNKNOWN");
        }
        if (license == null || license.isEmpty() || license.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("program " + name + ": a license is required (e.g. \"GPL\")");
        }
        if (instructions == null || instructions.isEmpty()) {
            throw new IllegalArgumentException("program " + name + " has no instructions");
        }
        if (instructions.count() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("program " + name + " has " + instructions.count()
                    + " instructions; the kernel allows at most " + MAX_INSTRUCTIONS);
        }
    }

    /** A GPL-licensed spec with no expected attach type. */
    public static ProgramSpec of(String name, ProgramType type, Bytecode instructions) {
        return new ProgramSpec(name, type, null, "GPL", instructions);
    }

    /** A GPL-licensed SCHED_CLS spec for the given hook kind (netkit primary/peer, tcx ingress/egress). */
    public static ProgramSpec schedCls(String name, AttachType expectedAttachType, Bytecode instructions) {
        return new ProgramSpec(name, ProgramType.SCHED_CLS, expectedAttachType, "GPL", instructions);
    }

    public ProgramSpec withExpectedAttachType(AttachType attachType) {
        return new ProgramSpec(name, type, attachType, license, instructions);
    }

    public ProgramSpec withLicense(String newLicense) {
        return new ProgramSpec(name, type, expectedAttachType, newLicense, instructions);
    }
}
