package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Message;
import io.jnetkit.net.IpFamily;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

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

    /**
     * Deletes every address of {@code link} (of {@code family}, or both when null) and returns how
     * many it deleted. Equivalent to {@code ip [-4|-6] address flush dev LINK}. Deleting an IPv4
     * primary takes its secondaries with it unless promote_secondaries is set, so an address that
     * is gone by the time its turn comes (EADDRNOTAVAIL) is not an error, and the device is listed
     * again until nothing of the family is left (a promoted secondary is deleted in the next round).
     */
    public int flush(String link, IpFamily family) {
        int index = rtnl.links().indexOf(link);
        int deleted = 0;
        for (int round = 0; round < 16; round++) {
            List<Address> left = list().stream()
                    .filter(a -> a.index() == index && (family == null || a.family() == family)).toList();
            if (left.isEmpty()) {
                return deleted;
            }
            for (Address a : left) {
                try {
                    delete(index, a);
                    deleted++;
                } catch (KernelException e) {
                    if (e.errno() != Errno.EADDRNOTAVAIL) throw e;
                }
            }
        }
        throw new IllegalStateException("flush addresses of " + link + ": addresses keep coming back after 16 rounds");
    }

    private void delete(int index, Address a) {
        rtnl.socket().ack("delete address " + a.cidr() + " from #" + index, AddressCodec.delete(index, a));
    }

    /**
     * Deletes an address as listed by {@link #list()}: with its peer, which the kernel needs to
     * find a point-to-point address ({@code ip address del 10.0.0.1 peer 10.0.0.2/32 dev X}).
     */
    public void delete(Address a) {
        Objects.requireNonNull(a, "address");
        delete(a.index(), a);
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
