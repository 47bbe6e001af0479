package io.jnetkit.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jnetkit.net.Cidr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a topology has made, as far as {@code up} got: {@code /run/jnetkit/topologies/NAME.json}
 * (system property {@code jnetkit.statedir} / {@code JNETKIT_STATE_DIR} for another directory).
 * It exists so that a pod or node taken out of the file is still taken down: {@code up} removes
 * what the record has and the file no longer has, {@code down} removes both. It is a list of
 * candidates, never proof of ownership: every removal still checks the kernel (a host device is
 * deleted only when its other end is in the pod's namespace), and a lost or stale record costs
 * nothing but the removal of what the file no longer names.
 *
 * <p>{@code up} writes the record before its first change (the old record plus the file's plan, so
 * a killed {@code up} leaves a record of everything it may have made) and again when done (the
 * plan alone). Written to a temporary file and renamed, under the topology's lock.
 *
 * @param topology the topology's name
 * @param base     the label ({@link io.jnetkit.rtnl.NetnsIds#label}) of the namespace node-less
 *                 pods were wired to, or null when the topology has nodes
 * @param nodes    node name to namespace
 * @param pods     the pods, by name
 */
record StateFile(String topology, String base, Map<String, String> nodes, Map<String, Pod> pods) {
    private static final Path DEFAULT_DIR = Path.of("/run/jnetkit/topologies");
    private static final JsonFactory JSON = new JsonFactory();

    StateFile {
        nodes = Map.copyOf(nodes);
        pods = Map.copyOf(pods);
    }

    /**
     * One pod as recorded: enough to take it down ({@link io.jnetkit.pod.Pods#down} needs the names
     * and one address).
     *
     * @param node the node's namespace, or null: the {@link #base} namespace
     */
    record Pod(String node, String netns, String hostDevice, String podDevice, List<Cidr> addresses) {
        Pod {
            addresses = List.copyOf(addresses);
        }

        /** Whether {@code o} lives where this pod does: same node, namespace and devices. */
        boolean sameHome(Pod o) {
            return java.util.Objects.equals(node, o.node) && netns.equals(o.netns) && hostDevice.equals(o.hostDevice)
                    && podDevice.equals(o.podDevice);
        }
    }

    /** The record of what {@code t} plans, wired to {@code base} (null when it has nodes). */
    static StateFile of(Topology t, String base) {
        Map<String, String> nodes = new LinkedHashMap<>();
        t.nodes().forEach(n -> nodes.put(n.name(), n.netns()));
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (PlannedPod p : t.plan()) {
            pods.put(p.name(), new Pod(p.node() == null ? null : t.node(p.node()).netns(), p.spec().netns(),
                    p.spec().hostDevice(), p.spec().podDevice(), p.spec().addresses()));
        }
        return new StateFile(t.name(), t.hasNodes() ? null : base, nodes, pods);
    }

    /**
     * This record and {@code older}'s entries that this one lacks. A pod both name in different
     * homes (it moved to another node) keeps its older home: the record must still say where the
     * old pair is until {@code up} has taken it down there, or an {@code up} stopped in between
     * would forget it and then find the pod's namespace still paired with the old device.
     */
    StateFile plus(StateFile older) {
        Map<String, String> n = new LinkedHashMap<>(older.nodes);
        n.putAll(nodes);
        Map<String, Pod> p = new LinkedHashMap<>(older.pods);
        for (Map.Entry<String, Pod> e : pods.entrySet()) {
            Pod was = p.get(e.getKey());
            if (was == null || was.sameHome(e.getValue())) p.put(e.getKey(), e.getValue());
        }
        return new StateFile(topology, base != null ? base : older.base, n, p);
    }

    static Path dir() {
        String p = System.getProperty("jnetkit.statedir");
        if (p == null || p.isBlank()) p = System.getenv("JNETKIT_STATE_DIR");
        return p == null || p.isBlank() ? DEFAULT_DIR : Path.of(p);
    }

    static Path path(String topology) {
        return dir().resolve(topology + ".json");
    }

    /** The record of {@code topology}, or null when there is none (never up, or down). */
    static StateFile read(String topology) {
        Path f = path(topology);
        try (JsonParser in = JSON.createParser(Files.readAllBytes(f))) {
            return parse(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw new TopologyException(f.toString(), 0, 0, "read topology state: " + e.getMessage()
                    + " (the file only lists what to remove: delete it and run down -f FILE again)");
        }
    }

    private static StateFile parse(JsonParser in) throws IOException {
        expect(in.nextToken(), JsonToken.START_OBJECT);
        String topology = null;
        String base = null;
        Map<String, String> nodes = new LinkedHashMap<>();
        Map<String, Pod> pods = new LinkedHashMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "topology" -> topology = in.getValueAsString();
                case "base" -> base = in.getValueAsString();
                case "nodes" -> {
                    while (in.nextToken() == JsonToken.FIELD_NAME) {
                        String name = in.currentName();
                        in.nextToken();
                        nodes.put(name, in.getValueAsString());
                    }
                }
                case "pods" -> {
                    while (in.nextToken() == JsonToken.FIELD_NAME) {
                        String name = in.currentName();
                        expect(in.nextToken(), JsonToken.START_OBJECT);
                        pods.put(name, parsePod(in));
                    }
                }
                default -> in.skipChildren();
            }
        }
        if (topology == null) throw new IOException("no \"topology\"");
        return new StateFile(topology, base, nodes, pods);
    }

    private static Pod parsePod(JsonParser in) throws IOException {
        String node = null, netns = null, host = null, dev = null;
        List<Cidr> addresses = new ArrayList<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "node" -> node = in.getValueAsString();
                case "netns" -> netns = in.getValueAsString();
                case "hostDevice" -> host = in.getValueAsString();
                case "podDevice" -> dev = in.getValueAsString();
                case "addresses" -> {
                    while (in.nextToken() == JsonToken.VALUE_STRING) addresses.add(Cidr.parse(in.getText()));
                }
                default -> in.skipChildren();
            }
        }
        if (netns == null || host == null || dev == null || addresses.isEmpty()) throw new IOException("a pod without names or addresses");
        return new Pod(node, netns, host, dev, addresses);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) throw new IOException("expected " + want + ", found " + got);
    }

    /** Writes the record (0600, directory 0700), replacing the old one in one rename. */
    void write() {
        Path f = path(topology);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.createDirectories(f.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); JsonGenerator g = JSON.createGenerator(w)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("topology", topology);
                if (base != null) g.writeStringField("base", base);
                g.writeObjectFieldStart("nodes");
                for (var e : nodes.entrySet()) g.writeStringField(e.getKey(), e.getValue());
                g.writeEndObject();
                g.writeObjectFieldStart("pods");
                for (var e : pods.entrySet()) {
                    Pod p = e.getValue();
                    g.writeObjectFieldStart(e.getKey());
                    if (p.node() != null) g.writeStringField("node", p.node());
                    g.writeStringField("netns", p.netns());
                    g.writeStringField("hostDevice", p.hostDevice());
                    g.writeStringField("podDevice", p.podDevice());
                    g.writeArrayFieldStart("addresses");
                    for (Cidr c : p.addresses()) g.writeString(c.toString());
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write topology state " + f + ": " + e.getMessage(), e);
        }
    }

    /** Removes the record of {@code topology}; nothing when there is none. */
    static void delete(String topology) {
        try {
            Files.deleteIfExists(path(topology));
        } catch (IOException e) {
            throw new UncheckedIOException("delete topology state " + path(topology) + ": " + e.getMessage(), e);
        }
    }
}
