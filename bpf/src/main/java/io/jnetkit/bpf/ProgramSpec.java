package io.jnetkit.bpf;

import io.jnetkit.asm.AsmException;
import io.jnetkit.asm.Instructions;

/**
 * What to load, without touching the kernel: the program's name, type, expected attach type,
 * license and instructions. Checked on construction (name ≤ 15 bytes of [A-Za-z0-9_.], at least
 * one instruction, no more than the kernel's 1,000,000); loading is {@link Program#load}.
 *
 * <p>The instructions are the assembler's model ({@link Instructions}), the one representation the
 * ELF loader, the policy compiler and hand-written programs share: maps, functions and kernel
 * symbols stay symbolic ({@link io.jnetkit.asm.Reference}) until {@link Program#load} resolves them
 * and encodes the program once. Raw {@link Bytecode} is decoded into that model (and must be valid
 * instructions).
 *
 * @param name               object name shown by {@code bpftool prog}; "" for none
 * @param type               program type; netkit and tcx take {@link ProgramType#SCHED_CLS}
 * @param expectedAttachType where it will be attached, or null for none (sent as 0). Not enforced
 *                           for SCHED_CLS, but libbpf sets it for {@code netkit/primary}, {@code netkit/peer}
 *                           and {@code tc/ingress} sections, and so should you
 * @param license            e.g. "GPL"; GPL-only helpers need a GPL-compatible one
 * @param instructions       the code; its references are resolved at load
 */
public record ProgramSpec(String name, ProgramType type, AttachType expectedAttachType, String license,
                          Instructions instructions) {
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
        if (instructions == null || instructions.slotCount() == 0) {
            throw new IllegalArgumentException("program " + name + " has no instructions");
        }
        if (instructions.slotCount() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("program " + name + " has " + instructions.slotCount()
                    + " instructions; the kernel allows at most " + MAX_INSTRUCTIONS);
        }
    }

    /** A spec of raw instructions, decoded into the instruction model. */
    public ProgramSpec(String name, ProgramType type, AttachType expectedAttachType, String license, Bytecode code) {
        this(name, type, expectedAttachType, license, decode(name, code));
    }

    private static Instructions decode(String name, Bytecode code) {
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("program " + name + " has no instructions");
        }
        try {
            return Instructions.decode(code.toBytes());
        } catch (AsmException e) {
            throw new IllegalArgumentException("program " + name + ": " + e.getMessage(), e);
        }
    }

    /** A GPL-licensed spec with no expected attach type. */
    public static ProgramSpec of(String name, ProgramType type, Instructions instructions) {
        return new ProgramSpec(name, type, null, "GPL", instructions);
    }

    /** A GPL-licensed spec of raw instructions with no expected attach type. */
    public static ProgramSpec of(String name, ProgramType type, Bytecode instructions) {
        return new ProgramSpec(name, type, null, "GPL", instructions);
    }

    /** A GPL-licensed SCHED_CLS spec for the given hook kind (netkit primary/peer, tcx ingress/egress). */
    public static ProgramSpec schedCls(String name, AttachType expectedAttachType, Instructions instructions) {
        return new ProgramSpec(name, ProgramType.SCHED_CLS, expectedAttachType, "GPL", instructions);
    }

    /** {@link #schedCls(String, AttachType, Instructions)} of raw instructions. */
    public static ProgramSpec schedCls(String name, AttachType expectedAttachType, Bytecode instructions) {
        return new ProgramSpec(name, ProgramType.SCHED_CLS, expectedAttachType, "GPL", instructions);
    }

    /** This spec with other instructions (e.g. after CO-RE relocation). */
    public ProgramSpec withInstructions(Instructions newInstructions) {
        return new ProgramSpec(name, type, expectedAttachType, license, newInstructions);
    }

    public ProgramSpec withExpectedAttachType(AttachType attachType) {
        return new ProgramSpec(name, type, attachType, license, instructions);
    }

    public ProgramSpec withLicense(String newLicense) {
        return new ProgramSpec(name, type, expectedAttachType, newLicense, instructions);
    }
}
