/** Benchmarks (the bench profile only): policy compile, load and attach costs; topology up/down times. */
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
