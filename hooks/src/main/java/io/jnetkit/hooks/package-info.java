/**
 * The state that outlives a jnetkit process: programs attached to netkit and tcx hooks and
 * pinned, and policies — for any front end (the CLI, a topology engine, a CNI plugin), from any
 * number of processes at once.
 *
 * <ul>
 *   <li>{@link io.jnetkit.hooks.HookTarget}: a device's hook resolved as the kernel addresses it
 *       (a netkit peer through its primary, across namespaces; {@code STRICT} refuses to leave the
 *       named namespace).</li>
 *   <li>{@link io.jnetkit.hooks.Bpffs}: the host's bpffs, also from a private mount namespace
 *       ({@code ip netns exec}), where a freshly mounted bpffs would vanish with the process.</li>
 *   <li>{@link io.jnetkit.hooks.HookAddress} and {@link io.jnetkit.hooks.PinNames}: the pin layout
 *       {@code <bpffs>/jnetkit/<netns>/<device>/<hook>/{policy,programs/<name>}}, with every name
 *       encoded so that dots (bpffs refuses them: EPERM) and any other byte survive.</li>
 *   <li>{@link io.jnetkit.hooks.PinnedHooks}: attach (idempotent: the same program name replaces
 *       itself in place), detach, list and {@code prune} of pins whose device is gone.</li>
 *   <li>{@link io.jnetkit.hooks.PolicyStore}: apply/show/stats/remove of one policy per hook;
 *       the text and counters are maps bound to the program, so what is reported is what runs.</li>
 *   <li>{@link io.jnetkit.hooks.HookLock}: one writer per hook across threads and processes.</li>
 * </ul>
 *
 * <p>Kernel facts relied on: a tcx/netkit link whose device is deleted becomes <em>defunct</em>
 * (its info reports ifindex 0, BPF_LINK_UPDATE fails with ENOLINK, detach does nothing) but
 * stays alive while pinned; BPF_LINK_UPDATE swaps a link's program atomically (Linux 6.6 tcx,
 * 6.7 netkit); BPF_PROG_BIND_MAP (5.10) ties a map's life to a program; bpffs names may not
 * contain dots; a record lock dies with its process, also on SIGKILL.
 */
package io.jnetkit.hooks;
