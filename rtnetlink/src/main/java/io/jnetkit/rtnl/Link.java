package io.jnetkit.rtnl;

import io.jnetkit.abi.RtnlAbi;

import java.util.ArrayList;
import java.util.List;

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
 * @param more         what {@code ip -d -s link show} prints beyond that (qdisc, master, group,
 *                     promiscuity, statistics…); never null
 */
public record Link(int index, String name, int type, int flags, Integer mtu, Integer minMtu, Integer maxMtu,
                   MacAddress address, OperState operState, Integer link, Integer linkNetnsId,
                   Integer txQueueLen, Integer numTxQueues, Integer numRxQueues, String kind, LinkInfo info,
                   LinkExtras more) {

    public Link {
        more = more == null ? LinkExtras.NONE : more;
    }

    /** A link without the extras (tests, and code written before they were read). */
    public Link(int index, String name, int type, int flags, Integer mtu, Integer minMtu, Integer maxMtu,
                MacAddress address, OperState operState, Integer link, Integer linkNetnsId,
                Integer txQueueLen, Integer numTxQueues, Integer numRxQueues, String kind, LinkInfo info) {
        this(index, name, type, flags, mtu, minMtu, maxMtu, address, operState, link, linkNetnsId, txQueueLen,
                numTxQueues, numRxQueues, kind, info, LinkExtras.NONE);
    }

    /** Administratively up (IFF_UP). */
    public boolean up() { return (flags & RtnlAbi.IFF_UP) != 0; }

    /** Carrier (IFF_LOWER_UP); for netkit and veth only when both ends are up. */
    public boolean lowerUp() { return (flags & RtnlAbi.IFF_LOWER_UP) != 0; }

    public boolean running() { return (flags & RtnlAbi.IFF_RUNNING) != 0; }

    public boolean noArp() { return (flags & RtnlAbi.IFF_NOARP) != 0; }

    /** A point-to-point device (IFF_POINTOPOINT): its second address is the peer's, not a broadcast. */
    public boolean pointToPoint() { return (flags & RtnlAbi.IFF_POINTOPOINT) != 0; }

    public boolean loopback() { return (flags & RtnlAbi.IFF_LOOPBACK) != 0; }

    /** The netkit data, or null for other kinds. */
    public NetkitInfo netkit() { return info instanceof NetkitInfo n ? n : null; }

    private static final int IFF_ALLMULTI = 0x200;
    private static final int[] FLAG_BITS = {RtnlAbi.IFF_LOOPBACK, RtnlAbi.IFF_BROADCAST, RtnlAbi.IFF_POINTOPOINT,
            RtnlAbi.IFF_MULTICAST, RtnlAbi.IFF_NOARP, IFF_ALLMULTI, RtnlAbi.IFF_PROMISC, RtnlAbi.IFF_UP,
            RtnlAbi.IFF_LOWER_UP, RtnlAbi.IFF_DORMANT};
    private static final String[] FLAG_WORDS = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP",
            "ALLMULTI", "PROMISC", "UP", "LOWER_UP", "DORMANT"};

    /**
     * The flags as {@code ip link show} prints them between {@code <>}, in iproute2's order:
     * {@code NO-CARRIER} first when up without carrier (IFF_UP without IFF_RUNNING), then
     * LOOPBACK, BROADCAST, POINTOPOINT, MULTICAST, NOARP, ALLMULTI, PROMISC, UP, LOWER_UP,
     * DORMANT for each bit set. Also iproute2's JSON {@code flags} array.
     */
    public List<String> flagWords() {
        List<String> out = new ArrayList<>();
        if (up() && !running()) {
            out.add("NO-CARRIER");
        }
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                out.add(FLAG_WORDS[i]);
            }
        }
        return out;
    }

    /** An Ethernet-like device (ARPHRD_ETHER: ether, veth, netkit in L2 mode): it has a broadcast address. */
    public boolean ethernet() { return type == RtnlAbi.ARPHRD_ETHER; }

    /**
     * The link type as {@code ip link show} prints it after {@code link/}: {@code ether},
     * {@code loopback}, {@code none} (netkit in L3 mode, tun), else {@code [N]} with the
     * ARPHRD_* number, as iproute2 prints a type it has no name for.
     */
    public String linkTypeWord() {
        return switch (type) {
            case RtnlAbi.ARPHRD_ETHER -> "ether";
            case RtnlAbi.ARPHRD_LOOPBACK -> "loopback";
            case RtnlAbi.ARPHRD_NONE -> "none";
            default -> "[" + type + "]";
        };
    }
}
