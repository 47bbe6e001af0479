package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import java.net.InetAddress;

/**
 * A route to add or delete. Equivalent to {@code ip route add|del [DST|default] [via GW] [dev DEV]
 * [table N] [metric N]}. The family comes from {@code dst} or {@code gateway}; the table defaults
 * to main. Like iproute2, a route without gateway gets scope link, with one scope global, and
 * protocol boot.
 *
 * @param dst     null for the default route
 * @param device  the output device by name, or null (then a gateway is required)
 */
public record RouteSpec(Cidr dst, InetAddress gateway, String device, Integer table, Integer metric) {
    public RouteSpec {
        if (gateway == null && device == null) {
            throw new IllegalArgumentException("invalid route: needs a gateway (via) or a device (dev)");
        }
        if (dst != null && gateway != null && IpFamily.of(gateway) != dst.family()) {
            throw new IllegalArgumentException("invalid route: gateway " + Cidr.format(gateway) + " is "
                    + IpFamily.of(gateway).word() + " but destination " + dst + " is " + dst.family().word());
        }
        if (dst == null && gateway == null) {
            throw new IllegalArgumentException("invalid route: a default route via a device needs a family; "
                    + "give dst 0.0.0.0/0 or ::/0");
        }
        if (device != null) LinkNames.check("route device", device);
        if (table != null && (table <= 0 || table == 0xffffffffL)) {
            throw new IllegalArgumentException("invalid route table " + table);
        }
        if (metric != null && metric < 0) {
            throw new IllegalArgumentException("invalid route metric " + metric);
        }
    }

    public IpFamily family() {
        return dst != null ? dst.family() : IpFamily.of(gateway);
    }

    /** {@code ip route add default via GW}. */
    public static RouteSpec defaultVia(InetAddress gateway) {
        return new RouteSpec(null, gateway, null, null, null);
    }

    /** {@code ip route add DST dev DEV}. */
    public static RouteSpec viaDevice(Cidr dst, String device) {
        return new RouteSpec(dst, null, device, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder. */
    public static final class Builder {
        private Cidr dst;
        private InetAddress gateway;
        private String device;
        private Integer table;
        private Integer metric;

        public Builder dst(Cidr v) { dst = v; return this; }
        public Builder dst(String v) { dst = Cidr.parse(v); return this; }
        public Builder gateway(InetAddress v) { gateway = v; return this; }
        public Builder gateway(String v) { gateway = Cidr.parseAddress(v); return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder table(Integer v) { table = v; return this; }
        public Builder metric(Integer v) { metric = v; return this; }

        public RouteSpec build() {
            return new RouteSpec(dst, gateway, device, table, metric);
        }
    }
}
