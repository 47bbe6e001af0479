/**
 * {@code jnetkit attach} and {@code jnetkit detach}: netkit (primary/peer, either end named)
 * and tcx hooks, by pinned link or legacy attach. {@link io.jnetkit.cli.attach.HookTarget} is
 * the reusable part (also for {@code jnetkit demo}).
 */
package io.jnetkit.cli.attach;
