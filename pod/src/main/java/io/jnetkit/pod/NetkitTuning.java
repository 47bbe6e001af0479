package io.jnetkit.pod;

import io.jnetkit.rtnl.NetkitScrub;

/**
 * A netkit pod's pair settings beyond mode and policies ({@link PodSpec#netkit()}):
 * {@code ip link add … type netkit scrub S peer scrub PS}, plus headroom and tailroom (Linux
 * 6.14+, not in iproute2; an older kernel ignores them and {@code up} says so). Null: the kernel's
 * default. Applied when the pair is created; ignored for veth pods.
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
