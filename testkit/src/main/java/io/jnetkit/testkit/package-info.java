/**
 * JUnit 5 support for tests that touch the kernel, for jnetkit's own suite and for users'.
 *
 * <ul>
 *   <li>Tiers are tags: untagged tests are {@code unit} (no kernel); {@link io.jnetkit.testkit.HostTest}
 *       needs root and the host kernel; {@link io.jnetkit.testkit.NetkitTest} needs a kernel with
 *       netkit and <em>fails</em> (never skips) with a clear message on one without.</li>
 *   <li>{@link io.jnetkit.testkit.FreshNetns} gives each test its own named network namespace with a
 *       unique name and deletes it afterwards, also when the test fails; deleting the namespace
 *       takes every device in it (and the other end of any pair) with it.</li>
 *   <li>{@link io.jnetkit.testkit.NoFdLeaks} (on every kernel-tier test) fails a test that leaves
 *       any descriptor open; {@link io.jnetkit.testkit.NoBpfFdLeaks}, its older bpf-only form.</li>
 *   <li>{@link io.jnetkit.testkit.NoKernelLeaks} (on every kernel-tier test) fails a test that
 *       leaves a kernel object behind: a namespace, a device or route, a pin, a BPF program, map or
 *       link, a process. On a shared machine it attributes by the names the test took from
 *       {@link io.jnetkit.testkit.TestNames} and by ownership (descriptors, pins), never by a
 *       machine-wide diff, which other test runs pollute; in the lab guest, where the tier runs
 *       alone, by id diff.</li>
 *   <li>{@link io.jnetkit.testkit.KernelInventory} counts from the kernel what a test's jnetkit runs
 *       made and left: owned namespaces, devices and routes, pins, and BPF programs, maps and links
 *       by id; snapshot, compare, a readable report.</li>
 * </ul>
 */
package io.jnetkit.testkit;
