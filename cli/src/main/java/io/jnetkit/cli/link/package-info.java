/**
 * {@code jnetkit link add|del|set|show}: netkit and veth pairs and any device, in iproute2's
 * grammar ({@code ip link …}), including what iproute2 cannot set (netkit headroom/tailroom).
 */
package io.jnetkit.cli.link;
