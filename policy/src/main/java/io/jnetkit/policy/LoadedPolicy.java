package io.jnetkit.policy;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Program;

import java.util.List;

/**
 * A policy in the kernel: the loaded program and its counters map, both owned (closing drops
 * this process's references; an attachment or pin keeps them alive). Attach
 * {@link #program()} with the bpf module ({@code Link}, {@code Attachments}); replacing the
 * program of an existing link swaps policies atomically.
 */
public final class LoadedPolicy implements AutoCloseable {
    private final CompiledPolicy compiled;
    private final Program program;
    private final BpfMap counters;
    private final List<BpfMap> tries;

    LoadedPolicy(CompiledPolicy compiled, Program program, BpfMap counters, List<BpfMap> tries) {
        this.compiled = compiled;
        this.program = program;
        this.counters = counters;
        this.tries = List.copyOf(tries);
    }

    public CompiledPolicy compiled() {
        return compiled;
    }

    public Policy policy() {
        return compiled.policy();
    }

    /** The loaded SCHED_CLS program. */
    public Program program() {
        return program;
    }

    /** The {@code jnk_counters} map (one entry per rule, then the default). */
    public BpfMap counters() {
        return counters;
    }

    /** The LPM tries ({@link CompiledPolicy#tries()}, same order), filled; the program holds them too. */
    public List<BpfMap> tries() {
        return tries;
    }

    /** The counters now, one per rule and the default last. */
    public List<RuleStats> stats() {
        return RuleStats.read(compiled.policy(), counters);
    }

    @Override
    public void close() {
        RuntimeException failed = null;
        for (AutoCloseable c : concat()) {
            try {
                c.close();
            } catch (Exception e) {
                if (failed == null) failed = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    private List<AutoCloseable> concat() {
        List<AutoCloseable> all = new java.util.ArrayList<>();
        all.add(program);
        all.add(counters);
        all.addAll(tries);
        return all;
    }

    @Override
    public String toString() {
        return "loaded policy (" + program + ", " + counters + "): " + compiled.policy();
    }
}
