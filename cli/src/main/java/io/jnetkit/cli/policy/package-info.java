/**
 * {@code jnetkit policy}: compile a small allow/deny policy to BPF in the JVM and apply it to a
 * netkit or tcx hook as a pinned link, replace it atomically, read its counters live, show it,
 * remove it, or write it out as an ELF object.
 *
 * <p>Pins live in {@code <bpffs>/jnetkit/<netns>/<device>/<hook>/policy/}: {@code link} (the
 * BPF link), {@code counters} (the per-rule counters map) and {@code source} (a one-entry,
 * frozen array map holding the policy's text), so a later jnetkit process finds all three.
 */
package io.jnetkit.cli.policy;
