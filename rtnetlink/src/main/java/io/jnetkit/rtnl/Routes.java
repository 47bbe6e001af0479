package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Routes: {@code ip route add|del|show}. Get one from {@link Rtnl#routes()}. */
public final class Routes {
    private final Rtnl rtnl;

    Routes(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /** {@code ip route add …}; EEXIST if the same route exists. */
    public void add(RouteSpec route) {
        Objects.requireNonNull(route, "route");
        rtnl.socket().ack("add route " + describe(route), RouteCodec.request(true, route, oif(route)));
    }

    /** {@code ip route del …}; ESRCH if there is no such route. */
    public void delete(RouteSpec route) {
        Objects.requireNonNull(route, "route");
        rtnl.socket().ack("delete route " + describe(route), RouteCodec.request(false, route, oif(route)));
    }

    /**
     * Every route of {@code family} in every table (null: both families). Equivalent to
     * {@code ip -4|-6 route show table all}; filter on {@link Route#table()} for the main table.
     */
    public List<Route> list(IpFamily family) {
        List<Route> out = new ArrayList<>();
        for (Message m : rtnl.socket().dump("list routes", RouteCodec.dump(family))) {
            if (m.type() == RtnlAbi.RTM_NEWROUTE) {
                Route r = RouteCodec.decode(m);
                if (r != null && (family == null || r.family() == family)) out.add(r);
            }
        }
        return out;
    }

    /**
     * The routes of {@code family} (null: both) in {@code table} (254 is main; 0, RT_TABLE_UNSPEC,
     * every table; unsigned, as the kernel's u32), only those out of {@code device} when it is not
     * null: {@code ip route show table N|all dev X}. The kernel does the
     * filtering (strict dump checking, Linux 4.20), so asking about one pod's device costs the same
     * with 10 routes in the table or 10,000.
     */
    public List<Route> list(IpFamily family, int table, String device) {
        Integer oif = device == null ? null : rtnl.links().indexOf(device);
        List<Route> out = new ArrayList<>();
        for (Message m : rtnl.socket().dumpFiltered("list routes of table " + table + (device == null ? "" : " dev " + device),
                RouteCodec.dump(family, table, oif))) {
            if (m.type() == RtnlAbi.RTM_NEWROUTE) {
                Route r = RouteCodec.decode(m);
                // A kernel without strict checking sends every route: the same filter here.
                if (r != null && (family == null || r.family() == family) && (table == 0 || r.table() == table)
                        && (oif == null || oif.equals(r.oif()))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private Integer oif(RouteSpec r) {
        return r.device() == null ? null : rtnl.links().indexOf(r.device());
    }

    static String describe(RouteSpec r) {
        return (r.dst() == null ? "default" : r.dst().toString())
                + (r.gateway() != null ? " via " + Cidr.format(r.gateway()) : "")
                + (r.device() != null ? " dev " + r.device() : "");
    }
}
