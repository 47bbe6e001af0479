/**
 * {@code jnetkit addr add|del|show|flush}: IPv4 and IPv6 interface addresses ({@code ip address}).
 *
 * <p>{@code addr show} prints what {@code ip address show} prints (link lines, {@code brd},
 * {@code peer}, flags such as {@code dynamic}/{@code secondary}/{@code noprefixroute},
 * {@code proto}, label, lifetimes), {@code -br} one line per device, {@code -4}/{@code -6} one
 * family without the link layer, and with {@code -6} for every device ip's shorter link lines (it
 * reads them through the kernel's IPv6 link dump, which has no qdisc, master or group).
 * {@code addr del ADDRESS dev X} without a prefix deletes the one address of that device with
 * that local address (ip does a wildcard delete with a warning); {@code addr flush dev X} deletes
 * all of them. Checked against iproute2 6.15 by the parity tests (io.jnetkit.cli.parity); not
 * printed: multicast/anycast addresses, {@code ip addr show} filters other than dev/up.
 */
package io.jnetkit.cli.addr;
