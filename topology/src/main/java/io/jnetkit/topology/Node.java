package io.jnetkit.topology;

import io.jnetkit.net.Cidr;

import java.util.List;

/**
 * A node: a network namespace standing in for a host. Its pods' host-side devices live in it, its
 * pods' addresses come from its pod CIDRs, and veth links join it to other nodes.
 *
 * @param name     as written
 * @param netns    {@code tp-TOPOLOGY-NODE}
 * @param podCidrs the node's pod prefixes (networks, host bits zero), at most one per family
 * @param routes   the routes this node needs to every other node's pod CIDRs, through its links
 */
public record Node(String name, String netns, List<Cidr> podCidrs, List<NodeRoute> routes) {
    public Node {
        podCidrs = List.copyOf(podCidrs);
        routes = List.copyOf(routes);
    }
}
