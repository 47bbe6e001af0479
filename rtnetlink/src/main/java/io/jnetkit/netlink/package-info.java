/**
 * Netlink sockets: encode requests, talk to the kernel, decode replies — the layer under
 * {@code io.jnetkit.rtnl}, like libmnl under iproute2.
 *
 * <ul>
 *   <li>{@link io.jnetkit.netlink.NetlinkSocket}: one request at a time, sequence numbers and port
 *       id checked on every reply, acks, GETs and dumps (re-run when the kernel marks a dump
 *       {@code NLM_F_DUMP_INTR}), receive buffers sized by peeking so nothing is truncated.
 *       A socket created inside a namespace stays there (opened once, used from any thread).</li>
 *   <li>{@link io.jnetkit.netlink.MessageBuilder} and {@link io.jnetkit.netlink.Message}:
 *       native-endian, 4-byte aligned; nests are sent without {@code NLA_F_NESTED}, as iproute2
 *       does, which every rtnetlink family accepts.</li>
 *   <li>{@link io.jnetkit.netlink.Attributes}: a strictly bounds-checked parser. Anything that does
 *       not fit its declared length throws {@link io.jnetkit.netlink.MalformedMessageException};
 *       it never returns a wrong value or fails with an index error.</li>
 *   <li>{@link io.jnetkit.netlink.NetlinkException}: errno plus the kernel's extended-ack text
 *       ({@code NETLINK_EXT_ACK}, Linux 4.12+) and offending-attribute offset.</li>
 * </ul>
 *
 * <p>Traps handled here: without {@code NETLINK_CAP_ACK} (4.2+) an error echoes the whole
 * request, so the ext-ack TLVs start after it (we skip by the echoed {@code nlmsg_len});
 * a failed dump reports its error inside {@code NLMSG_DONE}; both options are switched on where
 * available and their absence ({@code ENOPROTOOPT}) is tolerated.
 */
package io.jnetkit.netlink;
