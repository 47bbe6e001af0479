/** Benchmarks (the bench profile only): policy compile, load and attach costs. */
module io.jnetkit.bench {
    requires io.jnetkit.bpf;
    requires io.jnetkit.elf;
    requires io.jnetkit.policy;
}
