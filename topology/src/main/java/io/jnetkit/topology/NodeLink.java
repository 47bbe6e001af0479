package io.jnetkit.topology;

import io.jnetkit.net.Cidr;

import java.util.List;

/**
 * A veth pair joining two nodes: {@code ip -n NS_A link add DEVICE_A type veth peer name DEVICE_B
 * netns NS_B}, with {@code addressesA} on DEVICE_A and {@code addressesB} on DEVICE_B. IPv4: the two
 * addresses of a /31 drawn from the topology's {@code link-cidr}; IPv6 (when any node has an IPv6
 * pod CIDR): {@code fe80::a/64} and {@code fe80::b/64}, link-local, so unique per device only.
 *
 * @param a          the first node named
 * @param b          the second
 * @param deviceA    in a's namespace: {@code to-B}
 * @param deviceB    in b's namespace: {@code to-A}
 */
public record NodeLink(String a, String b, String deviceA, String deviceB, List<Cidr> addressesA, List<Cidr> addressesB) {
    public NodeLink {
        addressesA = List.copyOf(addressesA);
        addressesB = List.copyOf(addressesB);
    }
}
