/**
 * rtnetlink objects: links (netkit, veth, dummy, any kind read back), addresses and routes —
 * what {@code ip link}, {@code ip address} and {@code ip route} do, through a {@link
 * io.jnetkit.rtnl.Rtnl} handle bound to one namespace.
 *
 * <p>Specs ({@link io.jnetkit.rtnl.NetkitSpec}, {@link io.jnetkit.rtnl.VethSpec}, {@link
 * io.jnetkit.rtnl.RouteSpec}, {@link io.jnetkit.net.Cidr}) are kernel-free records; {@code null}
 * always means "the kernel's default" and is then not sent. Read-back values are records too
 * ({@link io.jnetkit.rtnl.Link}, {@link io.jnetkit.rtnl.Address}, {@link io.jnetkit.rtnl.Route}),
 * with what {@code ip -d -s} prints beyond the basics in {@link io.jnetkit.rtnl.LinkExtras} and
 * {@link io.jnetkit.rtnl.LinkStats}, and ip's words for the numbers ({@link
 * io.jnetkit.rtnl.Route#protocolWord()}, {@link io.jnetkit.rtnl.Address#flagWords()}, {@link
 * io.jnetkit.rtnl.RouteTables} for table names).
 *
 * <p>{@link io.jnetkit.rtnl.RtnlBatch} ({@link io.jnetkit.rtnl.Rtnl#batch()}) sends several changes
 * in one datagram, each with its own sequence number and ack: one round trip for all. The kernel
 * runs them in order and goes on after a refused one, so a batch holds only changes that are
 * undone together when one fails.
 *
 * <h2>netkit traps handled here</h2>
 * <ul>
 *   <li>Defaults are not zero: mode L3 = 1, scrub DEFAULT = 1. Unset fields are omitted, never
 *       sent as 0.</li>
 *   <li>The peer info ({@code IFLA_NETKIT_PEER_INFO}: an ifinfomsg plus IFLA_* attributes) is always
 *       sent, with the peer's netns inside it: before 6.14 a missing peer info made the kernel
 *       apply the outer {@code IFLA_NET_NS_FD} to the peer as well. A peer without a netns lands in
 *       the handle's namespace, not the primary's.</li>
 *   <li>{@code IFLA_NETKIT_PRIMARY} is read-only (sending it is EINVAL) and never sent.</li>
 *   <li>The peer's ifinfomsg flags are ignored by the kernel, so {@link io.jnetkit.rtnl.PeerSpec#up()}
 *       is a second request inside the peer's namespace; if it fails the pair is deleted.</li>
 *   <li>The peer is registered first: lower ifindex, first pick of {@code nk%d}
 *       ({@code ip link add task_nk type netkit} → peer {@code nk0}).</li>
 *   <li>Attributes above the running kernel's {@code IFLA_NETKIT_MAX} are silently ignored (scrub
 *       6.13 / 6.12.y, headroom and tailroom 6.14, pairing 7.1): {@link io.jnetkit.rtnl.Links#create}
 *       reads the pair back and lists what did not take in {@link io.jnetkit.rtnl.CreateResult#ignored()}.</li>
 *   <li>L3 refuses a MAC address (EOPNOTSUPP; before 6.10 every mode did). jnetkit does not pre-check
 *       this and passes the kernel's error on.</li>
 *   <li>Policies can be changed later only through the primary ({@link
 *       io.jnetkit.rtnl.Links#changeNetkit}); on the peer the kernel says EACCES. Mode, scrub, headroom,
 *       tailroom and the peer info are fixed at creation.</li>
 *   <li>Deleting either end deletes both; destroying the namespace of one end deletes the pair.</li>
 * </ul>
 *
 * <p>Names are checked before anything is sent, on their UTF-8 bytes as the kernel's
 * {@code dev_valid_name} does (at most 15 bytes, not "." or "..", no '/', ':', NUL or
 * whitespace, where whitespace includes the byte 0xa0 — so "à", c3 a0, is refused);
 * kernel errors arrive as {@link io.jnetkit.netlink.NetlinkException} with the errno and the
 * kernel's extended-ack text, plus jnetkit's hint where the errno alone misleads: an EEXIST
 * from creating a pair says which name is taken (the peer's is looked up in its own namespace),
 * and netkit settings on a veth are refused before sending (the kernel's bare EOPNOTSUPP reads
 * like "no netkit in this kernel").
 */
package io.jnetkit.rtnl;
