/**
 * The one place where jnetkit calls into the kernel.
 *
 * <p>Every system call goes through a single variadic {@code syscall(2)} downcall
 * ({@link io.jnetkit.sys.Syscall}): each distinct FFM downcall shape costs 6–14 ms of JVM
 * start-up, one shape costs it once. {@code errno} is captured per call into the calling
 * thread's own segment, never a shared static buffer.
 *
 * <p>Kernel errors surface as {@link io.jnetkit.sys.KernelException} carrying the errno name
 * ({@code EEXIST}) and, where the kernel said more (netlink extended ack, verifier log),
 * the kernel's own words. File descriptors are owned by {@link io.jnetkit.sys.Fd} objects.
 *
 * <p>Namespaces are per OS thread: {@code setns(2)} changes only the calling thread, so the
 * callers of {@link io.jnetkit.sys.Linux#setns} must run on a dedicated platform thread.
 */
package io.jnetkit.sys;
