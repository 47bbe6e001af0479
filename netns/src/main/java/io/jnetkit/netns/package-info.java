/**
 * Network namespaces: named ones that iproute2 shares ({@code /run/netns/NAME}, so {@code ip
 * netns} lists ours and we open theirs), by path, by pid, and "run this code in there".
 *
 * <p>The trap this package exists for: a namespace belongs to an OS thread, not to the
 * process. {@code setns(2)} switches only the calling thread; threads it starts inherit the
 * switch; a virtual thread that switched would leave its carrier in the wrong namespace for
 * every other virtual thread. So {@link io.jnetkit.netns.NetNs#call} always runs the code on
 * a fresh platform thread that ends with it, and callers never switch their own thread.
 * Sockets keep the namespace they were created in, which is how {@code Rtnl} handles work
 * "inside" a namespace from any thread.
 *
 * <p>Creating a named namespace does what {@code ip netns add} does: make {@code /run/netns}
 * a shared mount (bind it onto itself first if it is not a mount point), create the file,
 * and from a thread that has {@code unshare(CLONE_NEWNET)}-ed bind-mount
 * {@code /proc/thread-self/ns/net} onto it. {@code /proc/self} would name the process
 * leader's namespace, which is not the JVM thread's.
 *
 * <p>{@link io.jnetkit.netns.Rollback} is the undo stack for multi-step setups (namespaces,
 * devices, pins) that must leave nothing behind on failure or Ctrl-C; it lives here because
 * every library module and front end depends on this one.
 *
 * <p>Any file opens, so opening by path asks the descriptor for its namespace type
 * ({@code NS_GET_NSTYPE}, 4.11): {@code /etc/passwd} or {@code /proc/self/ns/mnt} is refused
 * at once, not with a bare EINVAL at the first {@code setns} or {@code IFLA_NET_NS_FD}.
 */
package io.jnetkit.netns;
