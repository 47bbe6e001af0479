package io.jnetkit.topology;

import io.jnetkit.pod.NetkitTuning;
import io.jnetkit.net.Cidr;
import io.jnetkit.pod.Datapath;
import io.jnetkit.rtnl.NetkitMode;

import java.util.List;

/**
 * The {@code defaults:} section: what a pod gets for a key it does not set. Null fields: unset.
 *
 * @param datapath  default {@link Datapath#AUTO}
 * @param mode      netkit mode, null: L3
 * @param netkit    scrub, peer scrub, headroom, tailroom
 * @param pool      the prefixes pods without addresses draw from (one address from each), when
 *                  neither the pod nor its node names a pool; empty: none
 */
public record Defaults(Datapath datapath, NetkitMode mode, NetkitTuning netkit, List<Cidr> pool) {
    public Defaults {
        if (datapath == null) datapath = Datapath.AUTO;
        if (netkit == null) netkit = NetkitTuning.NONE;
        pool = pool == null ? List.of() : List.copyOf(pool);
    }
}
