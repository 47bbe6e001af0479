package io.jnetkit.policy;

import io.jnetkit.asm.Disassembler;
import io.jnetkit.asm.Instructions;
import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.ProgramSpec;

import java.util.List;
import java.util.Objects;

/**
 * A compiled policy, not yet in the kernel: the program and the counters map it needs.
 *
 * <p><b>Program</b>: SCHED_CLS, for netkit ({@code netkit/primary}, {@code netkit/peer}) and tcx
 * hooks; GPL (it calls no GPL-only helper, but the license costs nothing). It returns
 * {@link Action#verdict()}: -1 (NEXT) to allow, 2 (DROP) to deny. If the policy counts anything
 * the program has one symbolic map reference, {@value PolicyCompiler#COUNTERS_MAP}, resolved by
 * {@link #programSpec(int, AttachType)} / {@link #load()}; otherwise it references no map.
 *
 * <p><b>Counters</b>: {@code jnk_counters}, an ARRAY of {@code rules + 1} entries (the last is
 * the default), each {@code struct { u64 packets; u64 bytes; }} little-endian, updated with
 * atomic adds ({@code lock xadd}) so every CPU's hits land in the one value that
 * {@code bpftool map dump} shows. Only rules written with {@code count} (and the default with
 * {@code count default …}) are updated; bytes are {@code skb->len}, the frame from its Ethernet
 * header. A per-CPU array would avoid the atomic, but its lookup is not inlined on all kernels
 * netkit runs on, and one counted packet costs one atomic add pair either way.
 */
public final class CompiledPolicy {
    private final Policy policy;
    private final Instructions program;
    private final MapSpec counters;

    CompiledPolicy(Policy policy, Instructions program) {
        this.policy = Objects.requireNonNull(policy);
        this.program = Objects.requireNonNull(program);
        this.counters = MapSpec.of(PolicyCompiler.COUNTERS_MAP, MapType.ARRAY, 4, RuleStats.VALUE_SIZE,
                policy.rules().size() + 1);
    }

    /** The policy this was compiled from. */
    public Policy policy() {
        return policy;
    }

    /** The program, with the counters map as a symbolic reference (if the policy counts). */
    public Instructions program() {
        return program;
    }

    /** The counters map to create: ARRAY, u32 key, 16-byte value, one entry per rule + 1. */
    public MapSpec countersSpec() {
        return counters;
    }

    /** Whether the program updates the counters map (some rule or the default counts). */
    public boolean counts() {
        return !program.mapRefs().isEmpty();
    }

    /** Instruction slots ({@code insn_cnt}; an ld_imm64 counts two) — before the kernel rewrites them. */
    public int instructionCount() {
        return program.slotCount();
    }

    /** The program as assembly text with labels (llvm-objdump syntax, {@link io.jnetkit.asm.Assembler} reads it back). */
    public String disassembly() {
        return Disassembler.DEFAULT.withLabels().disassemble(program);
    }

    /** The policy's warnings ({@link Policy#warnings()}). */
    public List<String> warnings() {
        return policy.warnings();
    }

    /**
     * The load request for the kernel: name {@value PolicyCompiler#PROGRAM_NAME}, SCHED_CLS, GPL,
     * and the program with the counters map still a symbolic reference
     * ({@value PolicyCompiler#COUNTERS_MAP}), which {@link io.jnetkit.bpf.Program#load(ProgramSpec,
     * java.util.Map)} resolves against the map it is given.
     *
     * @param expectedAttachType e.g. {@link AttachType#NETKIT_PEER}, or null
     */
    public ProgramSpec programSpec(AttachType expectedAttachType) {
        return ProgramSpec.schedCls(PolicyCompiler.PROGRAM_NAME, expectedAttachType, program);
    }

    /** Creates the counters map and loads the program without an expected attach type. */
    public LoadedPolicy load() {
        return load(null);
    }

    /**
     * Creates the counters map and loads the program.
     *
     * @throws io.jnetkit.bpf.VerifierException if the verifier refuses (a compiler bug)
     */
    public LoadedPolicy load(AttachType expectedAttachType) {
        BpfMap map = BpfMap.create(counters);
        try {
            io.jnetkit.bpf.Program p = io.jnetkit.bpf.Program.load(programSpec(expectedAttachType),
                    java.util.Map.of(PolicyCompiler.COUNTERS_MAP, map));
            return new LoadedPolicy(this, p, map);
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "compiled policy (" + instructionCount() + " instructions): " + policy;
    }
}
