package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import io.jnetkit.abi.RtnlAbi;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A route as {@code ip route show table all} lists it.
 *
 * @param dst      destination; {@code 0.0.0.0/0} or {@code ::/0} for the default route
 * @param gateway  {@code via}, or null
 * @param oif      output ifindex ({@code dev}), or null
 * @param table    routing table id (254 = main), from RTA_TABLE when present
 * @param protocol RTPROT_* (2 kernel, 3 boot — what {@code ip route add} sets, 4 static)
 * @param scope    RT_SCOPE_* (0 global, 253 link, 254 host)
 * @param type     RTN_* (1 unicast, 2 local, …)
 * @param priority {@code metric}, or null
 * @param prefSrc  {@code src}, or null
 * @param flags    rtm_flags: RTNH_F_* ({@code linkdown}, {@code onlink}…) and RTM_F_* bits
 * @param pref     {@code RTA_PREF} (IPv6 router preference: 0 medium, 1 high, 3 low), or null
 * @param expires  seconds until the route expires ({@code RTA_CACHEINFO}; {@code ip route add … expires N}), or null
 * @param nexthops the paths of a multipath route ({@code RTA_MULTIPATH}; {@code ip route add … nexthop via …
 *                 nexthop via …}), empty for a route of one path
 * @param metrics  the route's metrics ({@code RTA_METRICS}: {@code mtu 1400 advmss 1300 …}), null when none
 */
public record Route(IpFamily family, Cidr dst, InetAddress gateway, Integer oif, int table, int protocol,
                    int scope, int type, Integer priority, InetAddress prefSrc, int flags, Integer pref,
                    Long expires, java.util.List<Nexthop> nexthops, Metrics metrics) {

    /**
     * RTA_METRICS: the values by RTAX_* index (2 mtu … 17 fastopen_no_cookie; RTT in 1/8 ms and
     * RTTVAR in 1/4 ms, as the kernel keeps them), which are locked ({@code ip route add … mtu lock
     * 1300}: bit {@code 1 << index}) and the congestion control ({@code congctl cubic}).
     */
    public record Metrics(java.util.SortedMap<Integer, Long> values, int lock, String congctl) {
        public Metrics {
            values = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(values));
        }

        public boolean locked(int rtax) {
            return (lock & (1 << rtax)) != 0;
        }
    }

    /**
     * One path of a multipath route: {@code nexthop via GATEWAY dev DEV weight W} and its RTNH_F_*
     * flags ({@code dead}, {@code onlink}, {@code linkdown}, as a route's).
     */
    public record Nexthop(InetAddress gateway, int ifindex, int weight, int flags) {
        /** ip's words for the flags, as {@link Route#flagWords()}. */
        public List<String> flagWords() {
            return words(flags);
        }
    }

    public Route {
        nexthops = nexthops == null ? List.of() : List.copyOf(nexthops);
    }

    public Route(IpFamily family, Cidr dst, InetAddress gateway, Integer oif, int table, int protocol,
                 int scope, int type, Integer priority, InetAddress prefSrc, int flags, Integer pref) {
        this(family, dst, gateway, oif, table, protocol, scope, type, priority, prefSrc, flags, pref, null, List.of(), null);
    }

    public Route(IpFamily family, Cidr dst, InetAddress gateway, Integer oif, int table, int protocol,
                 int scope, int type, Integer priority, InetAddress prefSrc) {
        this(family, dst, gateway, oif, table, protocol, scope, type, priority, prefSrc, 0, null);
    }

    /** ip's word for {@link #type()}: {@code unicast}, {@code local}, {@code broadcast}, {@code blackhole}… */
    public String typeWord() {
        return switch (type) {
            case 0 -> "none";
            case 1 -> "unicast";
            case 2 -> "local";
            case 3 -> "broadcast";
            case 4 -> "anycast";
            case 5 -> "multicast";
            case 6 -> "blackhole";
            case 7 -> "unreachable";
            case 8 -> "prohibit";
            case 9 -> "throw";
            case 10 -> "nat";
            case 11 -> "xresolve";
            default -> Integer.toString(type);
        };
    }

    /** ip's word for {@link #protocol()} ({@code kernel}, {@code boot}, {@code static}, {@code dhcp}…), else the number. */
    public String protocolWord() {
        return switch (protocol) {
            case 0 -> "unspec";
            case 1 -> "redirect";
            case 2 -> "kernel";
            case 3 -> "boot";
            case 4 -> "static";
            case 8 -> "gated";
            case 9 -> "ra";
            case 10 -> "mrt";
            case 11 -> "zebra";
            case 12 -> "bird";
            case 13 -> "dnrouted";
            case 14 -> "xorp";
            case 15 -> "ntk";
            case 16 -> "dhcp";
            case 17 -> "mrouted";
            case 18 -> "keepalived";
            case 42 -> "babel";
            case 99 -> "openr";
            case 186 -> "bgp";
            case 187 -> "isis";
            case 188 -> "ospf";
            case 189 -> "rip";
            case 192 -> "eigrp";
            default -> Integer.toString(protocol);
        };
    }

    /** ip's word for {@link #scope()}: {@code global}, {@code site}, {@code link}, {@code host}, {@code nowhere}. */
    public String scopeWord() {
        return switch (scope) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(scope);
        };
    }

    /** {@code pref medium|high|low} as ip prints it for IPv6; null when the kernel sent none. */
    public String prefWord() {
        if (pref == null) return null;
        return switch (pref) {
            case 0 -> "medium";
            case 1 -> "high";
            case 3 -> "low";
            default -> Integer.toString(pref);
        };
    }

    private static final int[] FLAG_BITS = {RtnlAbi.RTNH_F_DEAD, RtnlAbi.RTNH_F_ONLINK, RtnlAbi.RTNH_F_PERVASIVE,
            RtnlAbi.RTNH_F_OFFLOAD, RtnlAbi.RTNH_F_TRAP, RtnlAbi.RTM_F_NOTIFY, RtnlAbi.RTNH_F_LINKDOWN,
            RtnlAbi.RTNH_F_UNRESOLVED, RtnlAbi.RTM_F_OFFLOAD, RtnlAbi.RTM_F_TRAP, RtnlAbi.RTM_F_OFFLOAD_FAILED};
    private static final String[] FLAG_WORDS = {"dead", "onlink", "pervasive", "offload", "trap", "notify",
            "linkdown", "unresolved", "rt_offload", "rt_trap", "rt_offload_failed"};

    /** The flags as ip prints them after the metric (and as its JSON {@code flags} array), in ip's order. */
    public List<String> flagWords() {
        return words(flags);
    }

    private static List<String> words(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) out.add(FLAG_WORDS[i]);
        }
        return out;
    }
    public boolean isDefault() {
        return dst.prefixLength() == 0;
    }

    @Override
    public String toString() {
        return (isDefault() ? "default" : dst.toString())
                + (gateway != null ? " via " + Cidr.format(gateway) : "")
                + (oif != null ? " dev#" + oif : "") + " table " + table
                + (priority != null ? " metric " + priority : "");
    }
}
