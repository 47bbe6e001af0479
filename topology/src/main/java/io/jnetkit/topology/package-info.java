/**
 * Topology files: pods (and, optionally, nodes joined by links) described in YAML, validated and
 * planned before anything is touched. {@link io.jnetkit.topology.Topology#read} returns the plan
 * or throws one {@link io.jnetkit.topology.TopologyException} {@code FILE:LINE:COL: message}
 * (exit 2 in the CLI). Reading and planning are kernel-free; {@link io.jnetkit.topology.TopologyEngine}
 * builds a plan ({@code jnetkit up/down/status -f FILE}); {@link io.jnetkit.topology.TopologyGraph}
 * draws one as Graphviz DOT text, kernel-free, and {@link io.jnetkit.topology.Graphviz} runs
 * Graphviz's {@code dot} to make SVG or PNG of it ({@code jnetkit graph -f FILE}).
 *
 * <pre>
 * name: demo                     # required; 1-12 of [a-z0-9], starting with a letter
 * defaults:                      # optional; what a pod gets for a key it does not set
 *   datapath: auto               # auto (netkit if the kernel has it, else veth) | netkit | veth
 *   mode: l3                     # netkit only: l3 (default) | l2
 *   scrub: default               # netkit only: default | none (the primary's scrub)
 *   peer-scrub: default          # netkit only: default | none
 *   headroom: 0                  # netkit only, 0..65535 (Linux 6.14+)
 *   tailroom: 0                  # netkit only, 0..65535 (Linux 6.14+)
 *   pool: 10.77.0.0/24           # prefix, or a list with at most one per family; not with nodes
 * nodes:                         # optional: namespaces standing in for hosts
 *   - name: a                    # [A-Za-z0-9][A-Za-z0-9_.-]*, at most 12 bytes (link devices to-NAME)
 *     pod-cidr: 10.1.0.0/24      # required; prefix or list (one per family); no overlaps between nodes
 *   - name: b
 *     pod-cidr: [10.2.0.0/24, fd00:2::/64]
 * links:                         # with nodes: veth pairs, each a list of two node names
 *   - [a, b]
 * link-cidr: 169.254.255.0/24    # IPv4 prefix the links' /31s come from (this is the default)
 * pods:                          # required, at least one
 *   - name: web                  # required; [A-Za-z0-9][A-Za-z0-9_.-]*, unique, not a node's name
 *     node: a                    # required with nodes, refused without
 *     addresses: [10.1.0.10, fd00:2::10]   # single hosts (bare, /32, /128); or leave out and draw
 *     pool: 10.1.0.128/25        # the pod's own pool (else its node's pod-cidr, else defaults pool)
 *     datapath: netkit           # and mode, scrub, peer-scrub, headroom, tailroom, as in defaults
 *     host-device: web0          # default tp-TOPOLOGY-POD (at most 15 bytes)
 *     pod-device: eth0           # the default
 *     hooks:                     # peer: what the pod sends; primary: what it receives
 *       peer:    {policy: "deny tcp dport 22; allow any"}
 *       primary: {policy-file: web.policy}          # relative to the topology file's directory
 *       # or {object: prog.o, program: NAME}: a SCHED_CLS program of a BPF object file
 * </pre>
 *
 * <h2>What the plan holds</h2>
 * <ul>
 *   <li>Names: everything a topology creates starts with {@code tp-NAME-}: pod namespaces
 *       {@code tp-NAME-POD}, node namespaces {@code tp-NAME-NODE}, and host devices
 *       {@code tp-NAME-POD} unless {@code host-device} is set. The topology name allows no
 *       {@code -}, so the prefix of one topology is never the prefix of another's names. Link
 *       devices, inside node namespaces only, are {@code to-OTHERNODE}.</li>
 *   <li>Addresses: explicit ones are reserved first (all pods), then each pod without
 *       {@code addresses} gets, in file order, the first free address of each prefix of its pool.
 *       Network addresses (and IPv4 broadcast) are skipped except in /31, /32, /127 and /128.</li>
 *   <li>Links: the i-th link (file order) takes the i-th /31 of {@code link-cidr} (first address
 *       on the first node named); when any node has an IPv6 pod CIDR, also {@code fe80::a/64} and
 *       {@code fe80::b/64} (link-local, so the same pair on every link).</li>
 *   <li>Routes: each node gets a route to every other node's pod CIDRs, via the first hop of a
 *       shortest path over the links (file order breaks ties); every node must be reachable.</li>
 *   <li>Netkit settings PodSpec does not carry (scrub, peer scrub, headroom, tailroom) are in
 *       {@link io.jnetkit.topology.PlannedPod#netkit()}; veth pods get none, and setting one on a
 *       veth pod is an error (a default for them is simply not applied).</li>
 * </ul>
 *
 * <h2>Validation</h2>
 * Everything is checked before the plan is returned, first error wins, positioned at the key or
 * value at fault: YAML syntax (snakeyaml's words), a duplicate key, an unknown key (the message
 * lists the valid ones), a wrong type, a bad address or prefix, a prefix with host bits set, a
 * pod address that is not a single host or not unicast space, duplicate pod or node names, a pod
 * and a node of one name, a pod on an unknown node (or without a node when there are nodes), an
 * address or pool outside the node's pod CIDR, overlapping node pod CIDRs, an address given to
 * two pods, a pool with no free address left, a missing policy or object file (at the key), a
 * policy that does not parse (the policy compiler's words, at the key), an unknown hook, both
 * inline policy and policy-file (or object) on one hook, an unknown datapath, mode or scrub,
 * headroom or tailroom outside 0..65535, a netkit setting on a veth pod, names too long for a
 * device (15 bytes) or with characters a namespace or device cannot have, links naming unknown
 * nodes, a node linked to itself, a duplicate link, a node no link path reaches, an empty file,
 * and a top level that is not a mapping.
 *
 * <h2>What up records</h2>
 * {@code up} writes {@code /run/jnetkit/topologies/NAME.json} (mode 0600): the pods and nodes it
 * may have made, before its first change and again when done. {@code up} takes down what the
 * record has and the file no longer has; {@code down} takes down both and deletes the record. The
 * record names candidates only: a pod's pair is deleted only when the kernel shows it is the pod's.
 *
 * <p>Positions come from Jackson's streaming YAML parser (its tree model drops them), which also
 * lets duplicate keys be errors instead of silently merged.
 */
package io.jnetkit.topology;
