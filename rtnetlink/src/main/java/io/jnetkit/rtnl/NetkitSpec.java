package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;
import io.jnetkit.netns.NetNs;

import java.util.Objects;

/**
 * A netkit pair. Equivalent to {@code ip link add NAME type netkit [mode l2|l3]
 * [forward|blackhole] [scrub none|default] peer [forward|blackhole] [scrub none|default] [name
 * PEER] [netns NS] …}, plus {@code headroom}/{@code tailroom} (6.14+, not in iproute2 yet).
 *
 * <p>Null fields are left to the kernel: mode L3, policies forward, scrub default, headroom and
 * tailroom 0. Attributes newer than the running kernel are silently ignored by it; {@link
 * Links#create} reads the pair back and lists them in {@link CreateResult#ignored()}.
 *
 * <p>L3 (the default) with an {@code address} is not pre-checked: the kernel refuses it with
 * EOPNOTSUPP, and the error carries its words.
 */
public record NetkitSpec(String name, Integer mtu, MacAddress address, NetNs netns, boolean up,
                         Integer numTxQueues, Integer numRxQueues,
                         NetkitMode mode, NetkitPolicy policy, NetkitPolicy peerPolicy,
                         NetkitScrub scrub, NetkitScrub peerScrub, Integer headroom, Integer tailroom,
                         PeerSpec peer) implements LinkSpec {
    public NetkitSpec {
        LinkNames.checkOptional("link name", name);
        LinkNames.positive("mtu", mtu);
        LinkNames.positive("numtxqueues", numTxQueues);
        LinkNames.positive("numrxqueues", numRxQueues);
        LinkNames.u16("headroom", headroom);
        LinkNames.u16("tailroom", tailroom);
        peer = Objects.requireNonNullElse(peer, PeerSpec.DEFAULT);
    }

    @Override
    public String kind() { return NetkitAbi.KIND; }

    /** {@code ip link add NAME type netkit}: everything else default. */
    public static NetkitSpec named(String name) {
        return builder().name(name).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder; every field is optional. */
    public static final class Builder {
        private String name;
        private Integer mtu;
        private MacAddress address;
        private NetNs netns;
        private boolean up;
        private Integer numTxQueues;
        private Integer numRxQueues;
        private NetkitMode mode;
        private NetkitPolicy policy;
        private NetkitPolicy peerPolicy;
        private NetkitScrub scrub;
        private NetkitScrub peerScrub;
        private Integer headroom;
        private Integer tailroom;
        private PeerSpec peer;

        public Builder name(String v) { name = v; return this; }
        public Builder mtu(Integer v) { mtu = v; return this; }
        public Builder address(MacAddress v) { address = v; return this; }
        public Builder netns(NetNs v) { netns = v; return this; }
        public Builder up(boolean v) { up = v; return this; }
        public Builder numTxQueues(Integer v) { numTxQueues = v; return this; }
        public Builder numRxQueues(Integer v) { numRxQueues = v; return this; }
        public Builder mode(NetkitMode v) { mode = v; return this; }
        public Builder policy(NetkitPolicy v) { policy = v; return this; }
        public Builder peerPolicy(NetkitPolicy v) { peerPolicy = v; return this; }
        public Builder scrub(NetkitScrub v) { scrub = v; return this; }
        public Builder peerScrub(NetkitScrub v) { peerScrub = v; return this; }
        public Builder headroom(Integer v) { headroom = v; return this; }
        public Builder tailroom(Integer v) { tailroom = v; return this; }
        public Builder peer(PeerSpec v) { peer = v; return this; }

        public NetkitSpec build() {
            return new NetkitSpec(name, mtu, address, netns, up, numTxQueues, numRxQueues, mode, policy,
                    peerPolicy, scrub, peerScrub, headroom, tailroom, peer);
        }
    }
}
