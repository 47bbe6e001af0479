package io.jnetkit.rtnl;

import io.jnetkit.netns.NetNs;

/** A dummy device. Equivalent to {@code ip link add NAME type dummy}. Needs the dummy driver. */
public record DummySpec(String name, Integer mtu, MacAddress address, NetNs netns, boolean up,
                        Integer numTxQueues, Integer numRxQueues) implements LinkSpec {
    public DummySpec {
        LinkNames.checkOptional("link name", name);
        LinkNames.positive("mtu", mtu);
        LinkNames.positive("numtxqueues", numTxQueues);
        LinkNames.positive("numrxqueues", numRxQueues);
    }

    @Override
    public String kind() { return "dummy"; }

    public static DummySpec named(String name) {
        return new DummySpec(name, null, null, null, false, null, null);
    }
}
