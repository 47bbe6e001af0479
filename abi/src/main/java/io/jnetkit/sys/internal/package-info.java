/**
 * The raw system calls: the single {@code syscall(2)} downcall ({@link io.jnetkit.sys.internal.Syscall}),
 * its numbers ({@link io.jnetkit.sys.internal.Sysno}) and thin typed wrappers
 * ({@link io.jnetkit.sys.internal.Linux}).
 *
 * <p>Library-internal: module {@code io.jnetkit.abi} exports this package only to the jnetkit
 * modules that talk to the kernel, so an application (or the CLI) cannot mount, open sockets or
 * issue arbitrary system calls through it; it gets those operations from the library's typed
 * APIs instead. Errors, file descriptors and errno names stay public in {@link io.jnetkit.sys}.
 *
 * <p>Namespaces are per OS thread: {@code setns(2)} changes only the calling thread, so the
 * callers of {@link io.jnetkit.sys.internal.Linux#setns} must run on a dedicated platform thread.
 */
package io.jnetkit.sys.internal;
