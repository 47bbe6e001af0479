package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Interface addresses: {@code ip address add|del|show}. Get one from {@link Rtnl#addresses()}. */
public final class Addresses {
    private final Rtnl rtnl;

    Addresses(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /** {@code ip address add CIDR dev LINK}; EEXIST (with the kernel's text) if already there. */
    public void add(String link, Cidr cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int index = rtnl.links().indexOf(link);
        rtnl.socket().ack("add address " + cidr + " to " + link, AddressCodec.request(true, index, cidr));
    }

    /** {@code ip address add CIDR dev LINK} with CIDR as text, e.g. {@code "10.0.0.1/24"}. */
    public void add(String link, String cidr) {
        add(link, Cidr.parse(cidr));
    }

    /** {@code ip address del CIDR dev LINK}; EADDRNOTAVAIL if it is not there. */
    public void delete(String link, Cidr cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int index = rtnl.links().indexOf(link);
        rtnl.socket().ack("delete address " + cidr + " from " + link, AddressCodec.request(false, index, cidr));
    }

    /** Every IPv4 and IPv6 address in the namespace. Equivalent to {@code ip address show}. */
    public List<Address> list() {
        List<Address> out = new ArrayList<>();
        for (Message m : rtnl.socket().dump("list addresses", AddressCodec.dump(null))) {
            if (m.type() == RtnlAbi.RTM_NEWADDR) {
                Address a = AddressCodec.decode(m);
                if (a != null) out.add(a);
            }
        }
        return out;
    }

    /** The addresses of one device. Equivalent to {@code ip address show dev LINK}. */
    public List<Address> list(String link) {
        int index = rtnl.links().indexOf(link);
        return list().stream().filter(a -> a.index() == index).toList();
    }
}
