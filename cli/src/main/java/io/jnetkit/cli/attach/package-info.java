/**
 * {@code jnetkit attach}, {@code detach} and {@code prune}: words in, one call to the library's
 * {@link io.jnetkit.hooks.PinnedHooks} (pinned attachments, stale-pin removal) out, printed.
 * {@link io.jnetkit.cli.attach.Targets} resolves DEV HOOK in the {@code -n} namespace
 * ({@code --no-follow} keeps it there) and falls back to the pin address when the device or
 * namespace is gone.
 */
package io.jnetkit.cli.attach;
