/**
 * {@code jnetkit bpflink show}: bpftool's {@code link show}. The word is {@code bpflink} because
 * {@code link} is iproute2's word for network devices ({@code jnetkit link show}); the pins that
 * {@code jnetkit attach} and {@code policy apply} make are BPF links, listed here.
 */
package io.jnetkit.cli.bpflink;
