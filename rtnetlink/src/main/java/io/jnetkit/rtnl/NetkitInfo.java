package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;

/**
 * A netkit end as the kernel reports it; {@code ip -d link show} prints {@code netkit mode l3 type
 * primary policy forward peer policy forward scrub default peer scrub default}.
 *
 * <p>Every field is null when the kernel did not report it (scrub: 6.13+, headroom/tailroom: 6.14+,
 * peer values only while the other end exists). The enum fields are also null for a value this
 * version does not know; {@link #raw()} keeps the numbers. Perspective flips: on the peer,
 * {@code policy} is the peer's own and {@code peerPolicy} the primary's.
 */
public record NetkitInfo(Boolean primary, NetkitMode mode, NetkitPolicy policy, NetkitPolicy peerPolicy,
                         NetkitScrub scrub, NetkitScrub peerScrub, Integer headroom, Integer tailroom,
                         Raw raw) implements LinkInfo {
    /** The numbers the kernel sent, null when absent. */
    public record Raw(Integer mode, Integer policy, Integer peerPolicy, Integer scrub, Integer peerScrub,
                      Integer pairing) {}

    @Override
    public String kind() { return NetkitAbi.KIND; }
}
