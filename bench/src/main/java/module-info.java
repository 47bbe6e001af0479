/** Benchmarks (the bench profile only): policies vs clang and by size, pods, topologies, the data plane, the results file and its charts. */
module io.jnetkit.bench {
    requires io.jnetkit.bpf;
    requires io.jnetkit.elf;
    requires io.jnetkit.policy;
    requires io.jnetkit.hooks;
    requires io.jnetkit.netns;
    requires io.jnetkit.topology;
    requires io.jnetkit.pod;
    requires io.jnetkit.probe;
    requires io.jnetkit.rtnetlink;
    requires java.desktop;
}
