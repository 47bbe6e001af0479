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

    LoadedPolicy(CompiledPolicy compiled, Program program, BpfMap counters) {
        this.compiled = compiled;
        this.program = program;
        this.counters = counters;
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

    /** The counters now, one per rule and the default last. */
    public List<RuleStats> stats() {
        return RuleStats.read(compiled.policy(), counters);
    }

    @Override
    public void close() {
        try {
            program.close();
        } finally {
            counters.close();
        }
    }

    @Override
    public String toString() {
        return "loaded policy (" + program + ", " + counters + "): " + compiled.policy();
    }
}
