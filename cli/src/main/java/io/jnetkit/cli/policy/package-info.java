/**
 * {@code jnetkit policy}: compile a small allow/deny policy to BPF in the JVM and apply it to a
 * netkit or tcx hook, replace it atomically, read its counters live, show it, remove it, or
 * write it out as an ELF object. The state lives in the library's
 * {@link io.jnetkit.hooks.PolicyStore}: one pinned link per hook
 * ({@code <bpffs>/jnetkit/<netns>/<device>/<hook>/policy}), with the policy's text and counters
 * as maps bound to the program it runs, so any later process reads exactly what the hook enforces.
 */
package io.jnetkit.cli.policy;
