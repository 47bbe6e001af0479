/**
 * {@code jnetkit net show}: bpftool net show, complete for netkit (both lists, through the primary).
 *
 * <p>{@code --json} is {@code bpftool -j net show}'s layout (one object: {@code xdp}, {@code tc},
 * {@code flow_dissector}, {@code netfilter}; one {@code tc} entry per program on a tcx or netkit
 * hook), extended with each entry's {@code tag} and hook {@code revision} and a {@code hooks} list
 * of every hook, the empty ones and a peer's lists reached through a primary elsewhere included.
 * {@code flow_dissector} holds the namespace's flow dissector as {@code [{"id": N}]} (bpftool 7.5
 * writes {@code ["id": N]}, which is not JSON), {@code xdp} each device's XDP program (mode and
 * id, from IFLA_XDP). Legacy tc (cls_bpf) and netfilter programs are not read: those lists are
 * empty. Checked against bpftool 7.5 by the parity tests
 * (io.jnetkit.cli.parity).
 */
package io.jnetkit.cli.net;
