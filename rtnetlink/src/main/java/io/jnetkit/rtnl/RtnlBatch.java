package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.netlink.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.jnetkit.abi.RtnlAbi.IFF_UP;

/**
 * Changes sent together and acknowledged together: one round trip with the kernel for all of them
 * instead of one each (iproute2's {@code ip -batch} still waits for each ack). Devices are named by
 * ifindex, which the caller knows (it has just made them, or read them): a name would cost a
 * lookup each. The kernel runs the requests in order; a refused one does not stop those after it,
 * so a batch holds only changes whose failure undoes the whole work anyway (a new pod's wiring).
 *
 * <pre>{@code
 * try (Rtnl pod = Rtnl.open(ns)) {
 *     pod.batch().setUp(1, "lo").addAddress(eth0, "eth0", Cidr.parse("10.0.0.2/32")).setUp(eth0, "eth0")
 *             .addRoute(RouteSpec.viaDevice(Cidr.parse("0.0.0.0/0"), "eth0"), eth0).run();
 * }
 * }</pre>
 */
public final class RtnlBatch {
    private final Rtnl rtnl;
    private final List<String> operations = new ArrayList<>();
    private final List<Message> requests = new ArrayList<>();

    RtnlBatch(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /** {@code ip link set NAME up}, by ifindex; {@code name} is for messages only. */
    public RtnlBatch setUp(int ifindex, String name) {
        operations.add("set link " + name + " up");
        requests.add(LinkCodec.change(ifindex, IFF_UP, IFF_UP).build());
        return this;
    }

    /** {@code ip address add CIDR dev NAME}, by ifindex. */
    public RtnlBatch addAddress(int ifindex, String name, Cidr cidr) {
        Objects.requireNonNull(cidr, "cidr");
        operations.add("add address " + cidr + " to " + name);
        requests.add(AddressCodec.request(true, ifindex, cidr));
        return this;
    }

    /** {@code ip route add …}, through the device of ifindex {@code oif} (the spec's device name is for messages). */
    public RtnlBatch addRoute(RouteSpec route, int oif) {
        Objects.requireNonNull(route, "route");
        operations.add("add route " + Routes.describe(route));
        requests.add(RouteCodec.request(true, route, oif));
        return this;
    }

    /** How many changes wait to be sent. */
    public int size() {
        return requests.size();
    }

    /**
     * Sends every change and waits for every ack; throws the kernel's refusal of the first change
     * it refused (a {@link io.jnetkit.netlink.NetlinkException} naming it). The batch is empty after.
     */
    public void run() {
        try {
            rtnl.socket().ackAll(List.copyOf(operations), List.copyOf(requests));
        } finally {
            operations.clear();
            requests.clear();
        }
    }
}
