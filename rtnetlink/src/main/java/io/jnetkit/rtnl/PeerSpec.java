package io.jnetkit.rtnl;

import io.jnetkit.netns.NetNs;

/**
 * The other end of a netkit or veth pair: iproute2's {@code … peer [name NAME] [netns NS]
 * [address MAC] [mtu N]}. Null fields are kernel defaults. The peer's netns is sent inside the
 * peer info (portable across kernels). Without a netns the peer is created in the namespace of
 * the {@link Rtnl} handle (the requesting socket's), not in the primary's.
 *
 * @param up bring the peer up after creation; the kernel ignores the peer's ifinfomsg flags in
 *           the create request, so this is a second request inside the peer's namespace
 */
public record PeerSpec(String name, NetNs netns, MacAddress address, Integer mtu, boolean up,
                       Integer numTxQueues, Integer numRxQueues) {
    /** A peer left entirely to the kernel (netkit: {@code nk%d} in the handle's namespace). */
    public static final PeerSpec DEFAULT = new PeerSpec(null, null, null, null, false, null, null);

    public PeerSpec {
        LinkNames.checkOptional("peer name", name);
        LinkNames.positive("peer mtu", mtu);
        LinkNames.positive("peer numtxqueues", numTxQueues);
        LinkNames.positive("peer numrxqueues", numRxQueues);
    }

    public static PeerSpec named(String name) {
        return builder().name(name).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder; every field is optional. */
    public static final class Builder {
        private String name;
        private NetNs netns;
        private MacAddress address;
        private Integer mtu;
        private boolean up;
        private Integer numTxQueues;
        private Integer numRxQueues;

        public Builder name(String v) { name = v; return this; }
        public Builder netns(NetNs v) { netns = v; return this; }
        public Builder address(MacAddress v) { address = v; return this; }
        public Builder mtu(Integer v) { mtu = v; return this; }
        public Builder up(boolean v) { up = v; return this; }
        public Builder numTxQueues(Integer v) { numTxQueues = v; return this; }
        public Builder numRxQueues(Integer v) { numRxQueues = v; return this; }

        public PeerSpec build() {
            return new PeerSpec(name, netns, address, mtu, up, numTxQueues, numRxQueues);
        }
    }
}
