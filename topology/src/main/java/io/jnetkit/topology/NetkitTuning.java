package io.jnetkit.topology;

import io.jnetkit.rtnl.NetkitScrub;

/**
 * The netkit pair settings a topology can set that {@link io.jnetkit.pod.PodSpec} does not carry
 * (yet): {@code ip link add … type netkit scrub S peer scrub PS}, plus headroom and tailroom (Linux
 * 6.14+, not in iproute2). Null: the kernel's default. Ignored for veth pods (the planner never
 * gives a veth pod a non-empty tuning).
 *
 * @param scrub     the primary's scrub ({@code scrub})
 * @param peerScrub the peer's scrub ({@code peer-scrub})
 * @param headroom  0..65535 bytes, or null
 * @param tailroom  0..65535 bytes, or null
 */
public record NetkitTuning(NetkitScrub scrub, NetkitScrub peerScrub, Integer headroom, Integer tailroom) {
    /** Everything left to the kernel. */
    public static final NetkitTuning NONE = new NetkitTuning(null, null, null, null);

    public boolean isEmpty() {
        return scrub == null && peerScrub == null && headroom == null && tailroom == null;
    }
}
