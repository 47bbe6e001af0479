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
 *   <li>{@link io.jnetkit.testkit.NoBpfFdLeaks} fails a test that leaves a bpf descriptor open.</li>
 *   <li>{@link io.jnetkit.testkit.KernelInventory} counts from the kernel what a test's jnetkit runs
 *       made and left: owned namespaces, devices and routes, pins, and BPF programs, maps and links
 *       by id; snapshot, compare, a readable report.</li>
 * </ul>
 */
package io.jnetkit.testkit;
