/**
 * The raw bpf(2) layer: one static method per command, attr layouts from
 * {@link io.jnetkit.abi.BpfAbi}. Internal — use {@link io.jnetkit.bpf} instead; nothing here
 * is a stable API.
 *
 * <p>Kernel traps handled here: every attr is a zeroed 168-byte union (a longer zero tail is
 * accepted, a non-zero one is E2BIG); PROG_LOAD may return EAGAIN when the verifier sees a
 * signal (retried); PROG_TEST_RUN may return EINTR during a long repeat (retried); PROG_QUERY
 * returns ENOSPC yet still fills the arrays when more programs are attached than there is
 * room for (reported, not thrown).
 */
package io.jnetkit.bpf.internal;
