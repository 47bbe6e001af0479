package io.jnetkit.rtnl;

import io.jnetkit.netns.NetNs;

import java.util.Objects;

/**
 * A veth pair. Equivalent to {@code ip link add NAME type veth peer [name PEER] [netns NS] …}.
 * Null fields are kernel defaults (peer name {@code veth%d}).
 */
public record VethSpec(String name, Integer mtu, MacAddress address, NetNs netns, boolean up,
                       Integer numTxQueues, Integer numRxQueues, PeerSpec peer) implements LinkSpec {
    public VethSpec {
        LinkNames.checkOptional("link name", name);
        LinkNames.positive("mtu", mtu);
        LinkNames.positive("numtxqueues", numTxQueues);
        LinkNames.positive("numrxqueues", numRxQueues);
        peer = Objects.requireNonNullElse(peer, PeerSpec.DEFAULT);
    }

    @Override
    public String kind() { return "veth"; }

    /** {@code ip link add NAME type veth peer name PEER}. */
    public static VethSpec of(String name, String peerName) {
        return builder().name(name).peer(peerName == null ? null : PeerSpec.named(peerName)).build();
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
        private PeerSpec peer;

        public Builder name(String v) { name = v; return this; }
        public Builder mtu(Integer v) { mtu = v; return this; }
        public Builder address(MacAddress v) { address = v; return this; }
        public Builder netns(NetNs v) { netns = v; return this; }
        public Builder up(boolean v) { up = v; return this; }
        public Builder numTxQueues(Integer v) { numTxQueues = v; return this; }
        public Builder numRxQueues(Integer v) { numRxQueues = v; return this; }
        public Builder peer(PeerSpec v) { peer = v; return this; }

        public VethSpec build() {
            return new VethSpec(name, mtu, address, netns, up, numTxQueues, numRxQueues, peer);
        }
    }
}
