package io.jnetkit.rtnl;

import io.jnetkit.net.Cidr;
import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.netlink.NetlinkSocket;
import io.jnetkit.netns.NetNs;

import java.util.function.Function;

/**
 * A handle on one network namespace's rtnetlink: links, addresses, routes. Like {@code ip -n NS …}
 * (or vishvananda/netlink's {@code Handle}): the socket is opened inside the namespace once and then
 * used from any thread, so the caller's own thread never switches namespace.
 *
 * <pre>{@code
 * try (Rtnl rtnl = Rtnl.open(ns)) {
 *     CreateResult r = rtnl.links().create(NetkitSpec.named("task_nk"));
 *     rtnl.addresses().add("task_nk", Cidr.parse("10.0.0.1/24"));
 * }
 * }</pre>
 *
 * Thread-safe: requests are serialized on the socket. Not a pool: one request at a time.
 */
public final class Rtnl implements AutoCloseable {
    private final NetlinkSocket socket;
    private final NetNs netns;
    private final Links links = new Links(this);
    private final Addresses addresses = new Addresses(this);
    private final Routes routes = new Routes(this);

    private Rtnl(NetlinkSocket socket, NetNs netns) {
        this.socket = socket;
        this.netns = netns;
    }

    /** A handle on the calling thread's namespace. */
    public static Rtnl open() {
        return new Rtnl(NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE), null);
    }

    /** A handle on {@code ns}; {@code ns} stays owned by the caller and must stay open while creating peers in it. */
    public static Rtnl open(NetNs ns) {
        return new Rtnl(NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, ns), ns);
    }

    /** {@code ip link}. */
    public Links links() { return links; }

    /** {@code ip address}. */
    public Addresses addresses() { return addresses; }

    /** {@code ip route}. */
    public Routes routes() { return routes; }

    /** Changes to send together, acknowledged together: one round trip ({@link RtnlBatch}). */
    public RtnlBatch batch() { return new RtnlBatch(this); }

    /** The namespace this handle was opened on, or null for "the opening thread's". */
    public NetNs netns() { return netns; }

    NetlinkSocket socket() { return socket; }

    /** Runs {@code work} with a socket in {@code where}: this handle's own when null, else a temporary one. */
    <T> T in(NetNs where, Function<NetlinkSocket, T> work) {
        if (where == null || where == netns) {
            return work.apply(socket);
        }
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, where)) {
            return work.apply(s);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "rtnl(" + (netns == null ? "own netns" : netns.label()) + ")";
    }
}
