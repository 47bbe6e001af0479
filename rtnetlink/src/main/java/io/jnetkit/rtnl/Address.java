package io.jnetkit.rtnl;

import io.jnetkit.net.IpFamily;
import io.jnetkit.net.Cidr;
import java.net.InetAddress;

/**
 * An interface address as {@code ip address show} lists it ({@code inet 10.0.0.1/24 scope global
 * task_nk}).
 *
 * @param index   the device's ifindex
 * @param local   the address itself ({@code IFA_LOCAL}, or {@code IFA_ADDRESS} for IPv6)
 * @param scope   RT_SCOPE_* (0 global, 253 link, 254 host)
 * @param label   {@code IFA_LABEL} (IPv4 only), else null
 * @param flags   IFA_F_* ({@code IFA_FLAGS} when present, it has the bits above 8)
 */
public record Address(int index, IpFamily family, InetAddress local, int prefixLength, int scope, String label,
                      int flags) {
    /** {@code local/prefixLength}. */
    public Cidr cidr() {
        return new Cidr(local, prefixLength);
    }

    @Override
    public String toString() {
        return family.word() + " " + cidr() + " dev#" + index;
    }
}
