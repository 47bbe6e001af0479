/**
 * Benchmarks (the Maven profile {@code bench} only; figures, not tests): each prints what it
 * measured side by side with what it is compared with, and {@code bin/bench-all} collects them.
 * <ul>
 *   <li>{@link io.jnetkit.bench.PolicyBench}: compiled policies against clang -O2 C, and policies
 *       of 20–256 rules and 8–256 CIDRs (instructions, verifier work, load time, ns/packet through
 *       BPF_PROG_TEST_RUN, the harness timed in every round), and the same CIDRs as one
 *       BPF_MAP_TYPE_LPM_TRIE lookup up to 65536 prefixes, with the size where the trie starts to
 *       win: {@code bin/bench}.</li>
 *   <li>{@link io.jnetkit.bench.PodsBench}: N pods through {@code Pods.up}, beside Go's netlink,
 *       {@code ip -batch} and bash+ip: {@code bin/bench-pods}.</li>
 *   <li>{@link io.jnetkit.bench.TopologyBench}: {@code jnetkit up}/{@code down} of generated
 *       topologies: {@code bin/bench-topology}.</li>
 *   <li>{@link io.jnetkit.bench.DataplaneBench}: iperf3 throughput and TCP ping-pong latency over
 *       netkit and veth, with and without a policy, in one lab guest: {@code bin/bench-dataplane}.</li>
 *   <li>{@link io.jnetkit.bench.BenchReport} and {@link io.jnetkit.bench.Charts}: the results file
 *       {@code bench/results/RESULTS.md} and its PNG charts, drawn with the JDK's Java2D.</li>
 * </ul>
 * Start-up ({@code bin/bench-startup}), batch mode ({@code bin/bench-batch}) and memory
 * ({@code bin/bench-memory}) are shell scripts around the CLI: they measure processes.
 */
package io.jnetkit.bench;
