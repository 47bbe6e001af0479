package io.jnetkit.rtnl;

import java.util.List;

/**
 * What {@link Links#create} made, read back from the kernel.
 *
 * @param link    the device created (for pairs: the primary, the one named in the spec)
 * @param peer    the other end of a pair, read in its own namespace; null for single devices
 * @param ignored requested settings the running kernel silently dropped or changed, in words,
 *                e.g. {@code "headroom (needs Linux 6.14+)"}; empty when everything took
 */
public record CreateResult(Link link, Link peer, List<String> ignored) {
    public CreateResult {
        ignored = List.copyOf(ignored);
    }
}
