/**
 * {@code jnetkit link add|del|set|show}: netkit and veth pairs and any device, in iproute2's
 * grammar ({@code ip link …}), including what iproute2 cannot set (netkit headroom/tailroom).
 *
 * <p>{@code link show} prints what {@code ip link show} prints, text and JSON alike, with
 * {@code -d} (details), {@code -s} (counters), {@code -br} (one line) and the filters
 * {@code up}, {@code type KIND[_slave]}, {@code master DEV}, {@code group G}; a peer in another
 * namespace is {@code link-netns NAME} in text when /run/netns names it, as in ip. Checked
 * against iproute2 6.15 key by key by the parity tests (io.jnetkit.cli.parity); what still
 * differs on purpose: the {@code info_data} of kinds other than netkit and the bridge/bond port
 * data ({@code info_slave_data}) are not decoded; {@code -s} is one level ({@code -s -s}'s error
 * breakdown is not printed); VF, XDP, {@code permaddr} and {@code protodown_reason} are not read.
 */
package io.jnetkit.cli.link;
