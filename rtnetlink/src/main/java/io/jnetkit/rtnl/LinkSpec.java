package io.jnetkit.rtnl;

import io.jnetkit.netns.NetNs;

/**
 * What to create: a kernel-free description of a link, {@code ip link add …}. Every nullable
 * field means "the kernel's default" and is then not sent at all (never sent as 0).
 * Names are checked against the kernel's rules when the spec is built.
 */
public sealed interface LinkSpec permits NetkitSpec, VethSpec, DummySpec {
    /** {@code IFLA_INFO_KIND}, e.g. {@code netkit}. */
    String kind();

    /** The device name; null lets the kernel pick ({@code nk%d}, {@code veth%d}, …). */
    String name();

    Integer mtu();

    /** {@code address}; refused by the kernel for netkit L3 (EOPNOTSUPP). */
    MacAddress address();

    /** Create the device directly inside this namespace ({@code IFLA_NET_NS_FD}); null = the handle's. */
    NetNs netns();

    /** Bring the device up as part of creation (IFF_UP in the request). */
    boolean up();

    Integer numTxQueues();

    Integer numRxQueues();
}
