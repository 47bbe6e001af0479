/**
 * {@code jnetkit route add|del|show}: IPv4 and IPv6 routes ({@code ip route}).
 *
 * <p>{@code route show [table main|local|all|N|NAME] [dev X]} prints what ip prints: the type
 * when not unicast ({@code local}, {@code broadcast}, {@code blackhole}…), {@code proto} unless
 * it is {@code boot} (what {@code ip route add} sets), {@code scope} unless global, flags such as
 * {@code linkdown}, IPv6 {@code pref}; neither the device nor the table a listing was selected by.
 * Table names come from /etc/iproute2/rt_tables (or /usr/share/iproute2's) and its
 * {@code rt_tables.d}, for add and del too. Checked against iproute2 6.15 by the parity tests
 * (io.jnetkit.cli.parity); not printed: multipath nexthops, route metrics ({@code mtu},
 * {@code advmss}…), IPv6 {@code expires}, nexthop objects.
 */
package io.jnetkit.cli.route;
