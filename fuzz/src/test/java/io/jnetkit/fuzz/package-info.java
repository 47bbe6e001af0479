/**
 * Coverage-guided fuzz targets (Jazzer {@code @FuzzTest}) for the parsers of untrusted input:
 * policy text, topology files and BPF objects here; netlink replies, CNI configs and BTF in the
 * library's own packages ({@code io.jnetkit.rtnl}, {@code io.jnetkit.cni}, {@code io.jnetkit.elf}),
 * whose decoders are package-private: the module runs on the class path, where a test class in
 * the same package reaches them.
 *
 * <p>Each target states the only exception types that may escape; anything else (an index error,
 * NPE, {@code NegativeArraySizeException}, out of memory, a stack overflow, a hang) is a finding.
 * Inputs under {@code src/test/resources/<package>/<Target>Inputs/<method>/} run in every test
 * run: seeds (recorded netlink dumps, elf fixtures, examples, CNI configs) and past findings
 * ({@code finding-*}). {@code bin/fuzz TARGET DURATION} fuzzes one target for longer.
 */
package io.jnetkit.fuzz;
