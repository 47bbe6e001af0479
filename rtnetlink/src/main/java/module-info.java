/**
 * rtnetlink: links (netkit pairs among them), addresses and routes ({@code ip link/addr/route}).
 *
 * <p>{@code io.jnetkit.rtnl} is the API. The raw netlink socket and message builder
 * ({@code io.jnetkit.netlink}) are not exported: an application asks {@code io.jnetkit.rtnl} for
 * typed operations instead.
 */
module io.jnetkit.rtnetlink {
    requires transitive io.jnetkit.abi;
    requires transitive io.jnetkit.netns;

    exports io.jnetkit.rtnl;
}
