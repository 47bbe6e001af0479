package io.jnetkit.rtnl;

import java.util.List;

/**
 * The attributes of a device that {@code ip -d -s link show} prints besides the ones in {@link Link}:
 * each null (or empty) when the kernel did not send it.
 *
 * @param qdisc        {@code IFLA_QDISC}: the root qdisc's kind ({@code noqueue}, {@code noop}, {@code fq_codel})
 * @param master       {@code IFLA_MASTER}: the ifindex of the bridge/bond this device is enslaved to
 * @param linkMode     {@code IFLA_LINKMODE}: 0 DEFAULT, 1 DORMANT
 * @param group        {@code IFLA_GROUP}: the device group (0 is {@code default})
 * @param broadcast    {@code IFLA_BROADCAST} when 6 bytes ({@code brd})
 * @param promiscuity  {@code IFLA_PROMISCUITY}: how many users asked for promiscuous mode
 * @param allmulti     {@code IFLA_ALLMULTI} (6.4+): how many asked for all-multicast
 * @param addrGenMode  IPv6 link-local address generation ({@code IFLA_INET6_ADDR_GEN_MODE} in IFLA_AF_SPEC)
 * @param limits       the GSO/GRO/TSO limits
 * @param slaveKind    {@code IFLA_INFO_SLAVE_KIND}: the master's kind ({@code bridge}) for an enslaved device
 * @param altNames     {@code IFLA_PROP_LIST}/{@code IFLA_ALT_IFNAME}: alternative names ({@code ip link property add})
 * @param alias        {@code IFLA_IFALIAS} ({@code ip link set X alias TEXT})
 * @param protoDown    {@code IFLA_PROTO_DOWN}
 * @param parentBus    {@code IFLA_PARENT_DEV_BUS_NAME} (physical devices: {@code pci})
 * @param parentDev    {@code IFLA_PARENT_DEV_NAME} (physical devices: {@code 0000:00:03.0})
 * @param stats        {@code IFLA_STATS64}, what {@code ip -s link show} prints
 * @param xdp          {@code IFLA_XDP}: the XDP program attached to the device, null when none
 */
public record LinkExtras(String qdisc, Integer master, Integer linkMode, Long group, MacAddress broadcast,
                         Integer promiscuity, Integer allmulti, Integer addrGenMode, Limits limits, String slaveKind,
                         List<String> altNames, String alias, Boolean protoDown, String parentBus, String parentDev,
                         LinkStats stats, Xdp xdp) {
    public static final LinkExtras NONE = new LinkExtras(null, null, null, null, null, null, null, null,
            Limits.NONE, null, List.of(), null, null, null, null, null, null);

    /** Without XDP. */
    public LinkExtras(String qdisc, Integer master, Integer linkMode, Long group, MacAddress broadcast,
                      Integer promiscuity, Integer allmulti, Integer addrGenMode, Limits limits, String slaveKind,
                      List<String> altNames, String alias, Boolean protoDown, String parentBus, String parentDev,
                      LinkStats stats) {
        this(qdisc, master, linkMode, group, broadcast, promiscuity, allmulti, addrGenMode, limits, slaveKind,
                altNames, alias, protoDown, parentBus, parentDev, stats, null);
    }

    /**
     * What IFLA_XDP says of a device's XDP programs ({@code ip link show}'s {@code xdp} and
     * {@code prog/xdp id N}; {@code bpftool net show}'s {@code xdp} list): the attach mode, and
     * the program of each mode, 0 where none.
     *
     * @param attached  XDP_ATTACHED_*: 1 driver ({@code xdp}), 2 generic ({@code xdpgeneric}),
     *                  3 offload ({@code xdpoffload}), 4 several modes at once ({@code xdpmulti})
     * @param progId    the program when one mode is attached (IFLA_XDP_PROG_ID)
     * @param drvProgId the driver-mode program when several are (IFLA_XDP_DRV_PROG_ID), else 0
     * @param skbProgId the generic-mode program when several are, else 0
     * @param hwProgId  the offloaded program when several are, else 0
     */
    public record Xdp(int attached, int progId, int drvProgId, int skbProgId, int hwProgId) {
        public static final int DRV = 1, SKB = 2, HW = 3, MULTI = 4;
    }

    public LinkExtras {
        limits = limits == null ? Limits.NONE : limits;
        altNames = altNames == null ? List.of() : List.copyOf(altNames);
    }

    /** {@code mode DEFAULT|DORMANT} as ip prints it; null when unknown. */
    public String linkModeWord() {
        if (linkMode == null) return null;
        return switch (linkMode) {
            case 0 -> "DEFAULT";
            case 1 -> "DORMANT";
            default -> "UNKNOWN";
        };
    }

    /** {@code group default} for 0, else the number (ip names others only from /etc/iproute2/group). */
    public String groupWord() {
        return group == null ? null : group == 0 ? "default" : Long.toString(group);
    }

    /** {@code addrgenmode eui64|none|stable_secret|random}, as ip prints it. */
    public String addrGenModeWord() {
        if (addrGenMode == null) return null;
        return switch (addrGenMode) {
            case 0 -> "eui64";
            case 1 -> "none";
            case 2 -> "stable_secret";
            case 3 -> "random";
            default -> "addrgenmode " + addrGenMode;
        };
    }

    /**
     * The segmentation limits ({@code ip -d}: gso_max_size … gro_ipv4_max_size), each null when the
     * kernel is too old to send it (TSO/GRO limits 5.19+/6.0+, the IPv4 ones 6.3+).
     */
    public record Limits(Long gsoMaxSize, Long gsoMaxSegs, Long tsoMaxSize, Long tsoMaxSegs, Long groMaxSize,
                         Long gsoIpv4MaxSize, Long groIpv4MaxSize) {
        public static final Limits NONE = new Limits(null, null, null, null, null, null, null);
    }
}
