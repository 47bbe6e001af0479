/** {@code jnetkit netns add|del|list|exec}: named network namespaces, compatible with {@code ip netns}. */
package io.jnetkit.cli.netns;
