package io.jnetkit.topology;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad topology files: each is refused with one FILE:LINE:COL message naming what is wrong. */
class TopologyErrorsTest {
    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("empty file", "# nothing\n", "1:1", "empty topology file"),
                bad("top level not a mapping", "- a\n- b\n", "1:1", "expected a mapping, got a list"),
                bad("unknown top-level key", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\nnodez: []\n",
                        "5:1", "unknown key \"nodez\" at the top level; valid keys: name, defaults, nodes, links, link-cidr, pods"),
                bad("unknown pod key", "name: t\npods:\n  - name: a\n    adresses: [10.0.0.1]\n",
                        "4:5", "unknown key \"adresses\" in a pod; valid keys: name, node, addresses"),
                bad("duplicate YAML key", "name: t\nname: u\n", "2:1", "duplicate key \"name\" (first at 1:1)"),
                bad("invalid YAML", "name: t\npods: [\n", "3:1", "invalid YAML: expected the node content, but found '<stream end>'"),
                bad("wrong type", "name: t\npods:\n  - name: a\n    addresses: 10.0.0.1\n",
                        "4:16", "addresses: expected a list, got a string"),
                bad("duplicate pod", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n  - name: a\n    addresses: [10.0.0.2]\n",
                        "5:11", "duplicate pod name \"a\" (first at 3:11)"),
                bad("duplicate address", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n  - name: b\n    addresses: [10.0.0.1]\n",
                        "6:17", "address 10.0.0.1 is also pod a's (at 4:17)"),
                bad("address not a host", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.0/24]\n",
                        "4:17", "must be a single host"),
                bad("pool too small", "name: t\ndefaults:\n  pool: 10.0.0.0/30\npods:\n  - name: a\n  - name: b\n  - name: c\n",
                        "3:9", "pool 10.0.0.0/30 is too small: no free address left for pod c (2 usable, 2 taken; 3 pods draw from it)"),
                bad("pool too small after reservation",
                        "name: t\npods:\n  - name: a\n    pool: 10.0.0.0/31\n  - name: b\n    addresses: [10.0.0.0, 10.0.0.1]\n",
                        "4:11", "pool 10.0.0.0/31 is too small: no free address left for pod a"),
                bad("bad CIDR", "name: t\ndefaults:\n  pool: 10.0.0.0/33\npods:\n  - name: a\n",
                        "3:9", "pool: invalid prefix length 33"),
                bad("bad address", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.256]\n",
                        "4:17", "address: invalid address \"10.0.0.256\""),
                bad("pool with host bits", "name: t\ndefaults:\n  pool: 10.0.0.1/24\npods:\n  - name: a\n",
                        "3:9", "pool 10.0.0.1/24 has host bits set; the prefix is 10.0.0.0/24"),
                bad("missing policy file", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    hooks:\n      peer:\n        policy-file: no-such.policy\n",
                        "7:9", "read policy file no-such.policy: no such file"),
                // found by fuzzing (fuzz/: TopologyFuzzTest): InvalidPathException escaped; a device read forever
                bad("NUL in a policy file name", "name: t\npods:\n  - name: a\n    hooks:\n      peer: {policy-file: \"p\\0\"}\n",
                        "5:14", "policy file p\\0: not a path (Nul character not allowed)"),
                bad("NUL in an object file name", "name: t\npods:\n  - name: a\n    hooks:\n      primary: {object: \"o\\0.o\"}\n",
                        "5:17", "object file o\\0.o: not a path (Nul character not allowed)"),
                bad("policy file is a device", "name: t\npods:\n  - name: a\n    hooks:\n      peer: {policy-file: /dev/zero}\n",
                        "5:14", "read policy file /dev/zero: not a regular file (/dev/zero)"),
                bad("headroom not decimal", "name: t\ndefaults:\n  headroom: 4_\npods:\n  - name: a\n",
                        "3:13", "headroom: expected a decimal integer 0..65535, got 4_"),
                bad("policy does not parse", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    hooks:\n      primary:\n        policy: \"deny tcp dport http\"\n",
                        "7:9", "pod a primary policy: line 1, column 16: rule 1: 'dport' needs a port"),
                bad("unknown hook", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    hooks:\n      ingress:\n        policy: allow any\n",
                        "6:7", "unknown hook \"ingress\" in pod a; hooks: peer (what the pod sends), primary (what it receives)"),
                bad("inline policy and policy file", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    hooks:\n      peer:\n        policy: allow any\n        policy-file: x.policy\n",
                        "8:9", "policy and policy-file exclude each other"),
                bad("unknown datapath", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    datapath: ipvlan\n",
                        "5:15", "unknown datapath \"ipvlan\"; expected auto, netkit or veth"),
                bad("unknown mode", "name: t\ndefaults:\n  mode: l4\npods:\n  - name: a\n    addresses: [10.0.0.1]\n",
                        "3:9", "unknown mode \"l4\"; expected l3 or l2"),
                bad("unknown scrub", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    peer-scrub: all\n",
                        "5:17", "unknown peer-scrub \"all\"; expected default or none"),
                bad("headroom out of range", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    headroom: 70000\n",
                        "5:15", "headroom 70000 is out of range: 0..65535 bytes"),
                bad("tailroom not a number", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    tailroom: \"64\"\n",
                        "5:15", "tailroom: expected an integer 0..65535, got a string"),
                bad("netkit setting on veth", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    datapath: veth\n    mode: l2\n",
                        "6:11", "this setting applies to netkit only, not to veth"),
                bad("pod name too long for its device", "name: topo\npods:\n  - name: frontend\n    addresses: [10.0.0.1]\n",
                        "3:11", "its host device tp-topo-frontend would be 16 bytes, longer than 15"),
                bad("invalid pod name", "name: t\npods:\n  - name: a/b\n    addresses: [10.0.0.1]\n",
                        "3:11", "invalid pod name \"a/b\""),
                bad("invalid topology name", "name: My-Topo\npods:\n  - name: a\n    addresses: [10.0.0.1]\n",
                        "1:7", "invalid topology name \"My-Topo\""),
                bad("host device too long", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    host-device: a-very-long-device\n",
                        "5:18", "invalid host-device \"a-very-long-device\": 1 to 15 bytes"),
                bad("pod on unknown node", NODES + "  - name: p\n    node: c\n",
                        "11:11", "pod p is on unknown node \"c\"; nodes: a, b"),
                bad("pod without node", NODES + "  - name: p\n",
                        "10:11", "pod p needs a node: this topology declares nodes (a, b)"),
                bad("address outside its node's pod CIDR", NODES + "  - name: p\n    node: a\n    addresses: [10.2.0.9]\n",
                        "12:17", "address 10.2.0.9/32 is outside node a's pod-cidr 10.1.0.0/24"),
                bad("overlapping node pod CIDRs", "name: t\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/16\n  - name: b\n    pod-cidr: 10.1.2.0/24\npods:\n  - name: p\n    node: a\n",
                        "6:15", "pod-cidr 10.1.2.0/24 of node b overlaps 10.1.0.0/16 of node a (at 4:15)"),
                bad("duplicate node", "name: t\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/24\n  - name: a\n    pod-cidr: 10.2.0.0/24\npods:\n  - name: p\n    node: a\n",
                        "5:11", "duplicate node name \"a\" (first at 3:11)"),
                bad("link to unknown node", "name: t\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/24\nlinks:\n  - [a, c]\npods:\n  - name: p\n    node: a\n",
                        "6:9", "link names unknown node \"c\"; nodes: a"),
                bad("unlinked node", "name: t\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/24\n  - name: b\n    pod-cidr: 10.2.0.0/24\npods:\n  - name: p\n    node: a\n",
                        "5:11", "node b has no link path to node a"),
                bad("node on a topology without nodes", "name: t\npods:\n  - name: p\n    node: a\n    addresses: [10.0.0.1]\n",
                        "4:11", "pod p is on unknown node \"a\"; this topology declares no nodes"),
                bad("YAML alias", "name: t\ndefaults: &d\n  pool: 10.0.0.0/24\npods:\n  - name: a\n", "2:11",
                        "YAML anchors and aliases (&NAME, *NAME) are not supported"),
                bad("no pods", "name: t\n", "1:1", "the topology needs the key pods"),
                bad("program without object", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    hooks:\n      peer: {policy: allow any, program: x}\n",
                        "6:33", "program names a program of an object file; it needs object, not policy"),
                bad("two pods on one host device", "name: t\npods:\n  - name: a\n    addresses: [10.0.0.1]\n    host-device: d0\n  - name: b\n    addresses: [10.0.0.2]\n    host-device: d0\n",
                        "8:18", "host device d0 is already used at 5:18"),
                bad("host device named like a node link", NODES + "  - name: p\n    node: a\n    host-device: to-b\n",
                        "12:18", "host device to-b is already used by a node link in node a"),
                bad("pod named like a node", NODES + "  - name: a\n    node: a\n",
                        "10:11", "pod name \"a\" is also a node's (at 3:11): both would be namespace tp-t-a"),
                bad("defaults pool with nodes", "name: t\ndefaults:\n  pool: 10.9.0.0/24\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/24\npods:\n  - name: p\n    node: a\n",
                        "3:3", "defaults pool does not apply to a topology with nodes"),
                bad("links without nodes", "name: t\nlinks:\n  - [a, b]\npods:\n  - name: p\n    addresses: [10.0.0.1]\n",
                        "2:1", "links join nodes, and this topology declares no nodes"),
                bad("duplicate link", "name: t\n" + NODES.substring(NODES.indexOf("nodes:"), NODES.indexOf("pods:"))
                        + "  - [b, a]\npods:\n  - name: p\n    node: a\n",
                        "9:5", "duplicate link b - a (first at 8:5)"),
                bad("link-cidr too small", "name: t\nlink-cidr: 10.255.0.0/31\n" + NODES.substring(NODES.indexOf("nodes:"), NODES.indexOf("links:"))
                        + "  - name: c\n    pod-cidr: 10.3.0.0/24\nlinks:\n  - [a, b]\n  - [b, c]\npods:\n  - name: p\n    node: a\n",
                        "2:12", "link-cidr 10.255.0.0/31 is too small: 2 links need a /31 each"),
                bad("link to itself", "name: t\nnodes:\n  - name: a\n    pod-cidr: 10.1.0.0/24\nlinks:\n  - [a, a]\npods:\n  - name: p\n    node: a\n",
                        "6:5", "a link joins two different nodes, not a to itself"),
                bad("two IPv4 pod CIDRs", "name: t\nnodes:\n  - name: a\n    pod-cidr: [10.1.0.0/24, 10.2.0.0/24]\npods:\n  - name: p\n    node: a\n",
                        "4:29", "pod-cidr: at most one IPv4 prefix (first at 4:16)"),
                bad("pod name not a string", "name: t\npods:\n  - name: [a]\n    addresses: [10.0.0.1]\n",
                        "3:11", "name: expected a string, got a list"),
                bad("no pool to draw from", "name: t\npods:\n  - name: p\n",
                        "3:11", "pod p has no addresses and no pool to draw from"));
    }

    static final String NODES = """
            name: t
            nodes:
              - name: a
                pod-cidr: 10.1.0.0/24
              - name: b
                pod-cidr: 10.2.0.0/24
            links:
              - [a, b]
            pods:
            """;

    private static Arguments bad(String what, String yaml, String where, String phrase) {
        return Arguments.of(what, yaml, where, phrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refused(String what, String yaml, String where, String phrase) {
        TopologyException e = assertThrows(TopologyException.class, () -> Topology.parse(yaml, "bad.yaml"), what);
        assertTrue(e.getMessage().startsWith("bad.yaml:" + where + ": "), e.getMessage());
        assertTrue(e.detail().contains(phrase), e.getMessage());
        assertEquals(e.getMessage(), e.toString());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }
}
