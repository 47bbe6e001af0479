package io.jnetkit.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A topology file, validated and planned: every pod resolved to a {@link io.jnetkit.pod.PodSpec}
 * (addresses assigned from pools, names derived and checked), every node with its routes. Nothing
 * here touches the kernel; a file that parses is one the engine can build without a second look
 * at the text. The schema is in the package documentation.
 *
 * @param name     the topology's name; everything it creates is named {@code tp-NAME-…}
 * @param file     the file as named (for messages)
 * @param defaults the {@code defaults:} section
 * @param nodes    the nodes, in file order; empty: pods are wired to the namespace the engine runs in
 * @param links    the links between nodes, in file order
 * @param plan     the pods, in file order, as the engine will wire them
 */
public record Topology(String name, String file, Defaults defaults, List<Node> nodes, List<NodeLink> links,
                       List<PlannedPod> plan) {
    /** The prefix of every namespace and host-namespace device a topology creates. */
    public static final String PREFIX = "tp-";

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        plan = List.copyOf(plan);
    }

    /** Reads and validates a topology file; policy and object files are relative to its directory. */
    public static Topology read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TopologyException(path.toString(), 0, 0, "read topology: no such file");
        } catch (MalformedInputException e) {
            throw new TopologyException(path.toString(), 0, 0, "read topology: not UTF-8 text");
        } catch (IOException e) {
            throw new TopologyException(path.toString(), 0, 0, "read topology: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    /**
     * Validates a topology given as text. {@code fileName} names it in errors, and its directory
     * (the current directory when it has none) is where relative {@code policy-file} and
     * {@code object} paths are found.
     */
    public static Topology parse(String text, String fileName) {
        Path dir = Path.of(fileName).toAbsolutePath().getParent();
        return new Planner(fileName, dir == null ? Path.of("").toAbsolutePath() : dir).plan(text);
    }

    /** {@code tp-NAME-}: what every name this topology creates starts with. */
    public String prefix() {
        return PREFIX + name + "-";
    }

    /** Whether the topology declares nodes. */
    public boolean hasNodes() {
        return !nodes.isEmpty();
    }

    /** The planned pod of that name, or null. */
    public PlannedPod pod(String podName) {
        return plan.stream().filter(p -> p.name().equals(podName)).findFirst().orElse(null);
    }

    /** The node of that name, or null. */
    public Node node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst().orElse(null);
    }

    /** The pods wired to a node (null: the pods of a topology without nodes), in file order. */
    public List<PlannedPod> podsOn(String nodeName) {
        List<PlannedPod> out = new ArrayList<>();
        for (PlannedPod p : plan) {
            if (nodeName == null ? p.node() == null : nodeName.equals(p.node())) out.add(p);
        }
        return out;
    }

    /** Every node's routes, node by node in file order. */
    public List<NodeRoute> routes() {
        return nodes.stream().flatMap(n -> n.routes().stream()).toList();
    }

    /** Every network namespace the topology creates: nodes' first, then pods'. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.netns()));
        plan.forEach(p -> out.add(p.spec().netns()));
        return out;
    }
}
