package io.jnetkit.policy;

import io.jnetkit.asm.Disassembler;
import io.jnetkit.asm.Instructions;
import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.net.Cidr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A compiled policy, not yet in the kernel: the program and the counters map it needs.
 *
 * <p><b>Program</b>: SCHED_CLS, for netkit ({@code netkit/primary}, {@code netkit/peer}) and tcx
 * hooks; GPL (it calls no GPL-only helper, but the license costs nothing). It returns
 * {@link Action#verdict()}: -1 (NEXT) to allow, 2 (DROP) to deny. If the policy counts anything
 * the program has one symbolic map reference, {@value PolicyCompiler#COUNTERS_MAP}, and one per
 * LPM trie ({@link #tries()}); {@link #programSpec(AttachType)} keeps them symbolic and
 * {@link #load()} creates the maps and resolves them; a policy without either references no map.
 *
 * <p><b>Counters</b>: {@code jnk_counters}, an ARRAY of {@code rules + 1} entries (the last is
 * the default), each {@code struct { u64 packets; u64 bytes; }} little-endian, updated with
 * atomic adds ({@code lock xadd}) so every CPU's hits land in the one value that
 * {@code bpftool map dump} shows. Only rules written with {@code count} (and the default with
 * {@code count default …}) are updated; bytes are {@code skb->len}, the frame from its Ethernet
 * header. A per-CPU array would avoid the atomic, but its lookup is not inlined on all kernels
 * netkit runs on, and one counted packet costs one atomic add pair either way.
 *
 * <p><b>LPM tries</b>: a run of at least {@value PolicyCompiler#MIN_LPM_RUN} consecutive rules
 * that differ only in one address ({@code deny src 172.16.N.0/24} × 256) is one lookup in a
 * BPF_MAP_TYPE_LPM_TRIE, {@code jnk_lpm_0} (then {@code _1}), instead of a compare per rule:
 * see {@link LpmTrie} and {@link #tries()}. {@link #load()} creates and fills them.
 */
public final class CompiledPolicy {
    private final Policy policy;
    private final Instructions program;
    private final MapSpec counters;
    private final List<LpmTrie> tries;

    /**
     * One LPM trie standing for rules {@code firstRule} … {@code firstRule + prefixes.size() - 1}
     * (0-based), whose only conditions are these prefixes, on the source ({@code src}) or
     * destination address. The map: key {@code struct { u32 prefixlen; u8 addr[4 or 16]; }}
     * (prefix length in host order, address in network order), value the rule's index (u32, the
     * index of its counter), BPF_F_NO_PREALLOC (the only flag the kernel accepts for the type),
     * one entry per rule. ({@code bpftool map create PATH type lpm_trie key 8 value 4 entries N
     * name jnk_lpm_0 flags 1}, then {@code bpftool map update}.)
     *
     * @param name      the map's name, as the program refers to it
     * @param firstRule the run's first rule (0-based)
     * @param src       whether the prefixes are source (else destination) networks
     * @param prefixes  the run's prefixes in rule order, none overlapping another
     */
    public record LpmTrie(String name, int firstRule, boolean src, List<Cidr> prefixes) {
        public LpmTrie {
            prefixes = List.copyOf(prefixes);
        }

        /** The map to create. */
        public MapSpec spec() {
            int addr = prefixes.getFirst().bytes().length;
            return new MapSpec(name, MapType.LPM_TRIE, 4 + addr, 4, prefixes.size(), 1 /* BPF_F_NO_PREALLOC */);
        }

        /** The entries, in rule order: key {prefixlen, address} to value rule index, both as the kernel reads them. */
        public java.util.Map<byte[], byte[]> entries() {
            java.util.Map<byte[], byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < prefixes.size(); i++) {
                Cidr c = prefixes.get(i);
                byte[] a = c.bytes();
                byte[] key = new byte[4 + a.length];
                le32(key, 0, c.prefixLength());
                System.arraycopy(a, 0, key, 4, a.length);
                byte[] value = new byte[4];
                le32(value, 0, firstRule + i);
                out.put(key, value);
            }
            return out;
        }

        /** What the compiler made of the rules: {@code rules 3-258: one LPM trie lookup (256 src prefixes)}. */
        public String note() {
            return "rules " + (firstRule + 1) + "-" + (firstRule + prefixes.size()) + ": one LPM trie lookup in "
                    + name + " (" + prefixes.size() + " " + (src ? "src" : "dst") + " prefixes)";
        }

        private static void le32(byte[] b, int at, int v) {
            for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    CompiledPolicy(Policy policy, Instructions program, List<LpmTrie> tries) {
        this.policy = Objects.requireNonNull(policy);
        this.program = Objects.requireNonNull(program);
        this.tries = List.copyOf(tries);
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

    /** The LPM tries the program looks rules up in (none for short policies), in rule order. */
    public List<LpmTrie> tries() {
        return tries;
    }

    /** What the compiler did beyond a compare per condition, one line each (the LPM tries). */
    public List<String> notes() {
        return tries.stream().map(LpmTrie::note).toList();
    }

    /** Whether the program updates the counters map (some rule or the default counts). */
    public boolean counts() {
        return program.mapRefs().stream().anyMatch(r -> r.name().equals(PolicyCompiler.COUNTERS_MAP));
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

    /** Creates the maps and loads the program without an expected attach type. */
    public LoadedPolicy load() {
        return load(null);
    }

    /**
     * Creates the counters map and the LPM tries (filled), and loads the program. The program
     * holds the tries: they live as long as it does (attached, pinned) and need no pin of their
     * own; they are never changed after the load.
     *
     * @throws io.jnetkit.bpf.VerifierException if the verifier refuses (a compiler bug)
     */
    public LoadedPolicy load(AttachType expectedAttachType) {
        List<BpfMap> made = new ArrayList<>();
        try {
            BpfMap map = BpfMap.create(counters);
            made.add(map);
            java.util.Map<String, BpfMap> byName = new LinkedHashMap<>();
            byName.put(PolicyCompiler.COUNTERS_MAP, map);
            List<BpfMap> trieMaps = new ArrayList<>();
            for (LpmTrie t : tries) {
                BpfMap m = BpfMap.create(t.spec());
                made.add(m);
                trieMaps.add(m);
                t.entries().forEach(m::put);
                byName.put(t.name(), m);
            }
            io.jnetkit.bpf.Program p = io.jnetkit.bpf.Program.load(programSpec(expectedAttachType), byName);
            return new LoadedPolicy(this, p, map, trieMaps);
        } catch (RuntimeException e) {
            for (BpfMap m : made) {
                try {
                    m.close();
                } catch (RuntimeException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "compiled policy (" + instructionCount() + " instructions): " + policy;
    }
}
