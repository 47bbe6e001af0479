/**
 * What callers of jnetkit see of the kernel boundary: kernel errors and owned file descriptors.
 *
 * <p>Every system call goes through a single variadic {@code syscall(2)} downcall in the
 * library-internal {@link io.jnetkit.sys.internal}: each distinct FFM downcall shape costs
 * 6–14 ms of JVM start-up, one shape costs it once. {@code errno} is captured per call into the
 * calling thread's own segment, never a shared static buffer.
 *
 * <p>Kernel errors surface as {@link io.jnetkit.sys.KernelException} carrying the errno name
 * ({@code EEXIST}) and, where the kernel said more (netlink extended ack, verifier log),
 * the kernel's own words. File descriptors are owned by {@link io.jnetkit.sys.Fd} objects.
 */
package io.jnetkit.sys;
