package io.jnetkit.topology;

import io.jnetkit.net.Cidr;

import java.net.InetAddress;

/**
 * A route in a node's namespace towards another node's pods: {@code ip -n NODE_NETNS route add
 * DESTINATION via VIA dev DEVICE}. The first hop of a shortest path over the links (links in file
 * order break ties); nodes in between forward.
 *
 * @param node        the node whose namespace holds the route
 * @param destination the other node's pod CIDR
 * @param device      this node's link device of the first hop
 * @param via         the far end's address on that link, same family as the destination
 * @param toNode      the node owning the destination
 */
public record NodeRoute(String node, Cidr destination, String device, InetAddress via, String toNode) {
    @Override
    public String toString() {
        return node + ": " + destination + " via " + Cidr.format(via) + " dev " + device + " (" + toNode + ")";
    }
}
