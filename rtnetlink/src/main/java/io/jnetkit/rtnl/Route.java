package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import java.net.InetAddress;

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
 */
public record Route(IpFamily family, Cidr dst, InetAddress gateway, Integer oif, int table, int protocol,
                    int scope, int type, Integer priority, InetAddress prefSrc) {
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
