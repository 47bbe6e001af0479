package io.jnetkit.rtnl;

import io.jnetkit.abi.RtnlAbi;

/**
 * A network device as read back from the kernel ({@code RTM_NEWLINK}); what {@code ip -d link show}
 * prints. Integer fields are null when the kernel did not report them.
 *
 * @param index        ifindex
 * @param type         ARPHRD_* ({@code link/ether} is 1)
 * @param flags        IFF_* bits; see {@link #up()}, {@link #lowerUp()}, {@link #noArp()}
 * @param address      the hardware address when it is 6 bytes, else null
 * @param operState    null when the kernel sent a value this version does not know
 * @param link         {@code IFLA_LINK}: for netkit/veth the other end's ifindex (in its own netns)
 * @param linkNetnsId  {@code IFLA_LINK_NETNSID}: set when the other end is in another namespace
 * @param kind         {@code IFLA_INFO_KIND}, null for devices without one
 */
public record Link(int index, String name, int type, int flags, Integer mtu, Integer minMtu, Integer maxMtu,
                   MacAddress address, OperState operState, Integer link, Integer linkNetnsId,
                   Integer txQueueLen, Integer numTxQueues, Integer numRxQueues, String kind, LinkInfo info) {

    /** Administratively up (IFF_UP). */
    public boolean up() { return (flags & RtnlAbi.IFF_UP) != 0; }

    /** Carrier (IFF_LOWER_UP); for netkit and veth only when both ends are up. */
    public boolean lowerUp() { return (flags & RtnlAbi.IFF_LOWER_UP) != 0; }

    public boolean running() { return (flags & RtnlAbi.IFF_RUNNING) != 0; }

    public boolean noArp() { return (flags & RtnlAbi.IFF_NOARP) != 0; }

    public boolean loopback() { return (flags & RtnlAbi.IFF_LOOPBACK) != 0; }

    /** The netkit data, or null for other kinds. */
    public NetkitInfo netkit() { return info instanceof NetkitInfo n ? n : null; }
}
