package io.jnetkit.topology;

import io.jnetkit.pod.Drift;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DOT text of topologies: what is drawn, how it is escaped, and that it is the same every time. */
class TopologyGraphTest {
    static final Path EXAMPLES = TopologyPlanTest.EXAMPLES;

    /** The HTML-like label of one graph node, as written (between {@code [label=<} and {@code >];}). */
    static String box(String dot, String id) {
        Matcher m = Pattern.compile(Pattern.quote("\"" + id + "\" [label=<") + "(.*?)>\\];", Pattern.DOTALL).matcher(dot);
        assertTrue(m.find(), () -> "no box " + id + " in\n" + dot);
        return m.group(1);
    }

    static void assertHas(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), () -> "lacks [" + p + "] in\n" + text);
    }

    static long count(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    @Test
    void threePodsHangOffTheHostNamespace() {
        Path file = EXAMPLES.resolve("three-pods.yaml");
        String dot = TopologyGraph.dot(Topology.read(file));
        assertEquals(dot, TopologyGraph.dot(Topology.read(file)), "same file, same bytes");
        assertTrue(dot.startsWith("// topology demo from " + file + ", drawn by jnetkit graph\ngraph \"demo\" {\n"), dot);
        assertTrue(dot.endsWith("\n}\n"), dot);
        assertHas(dot, "graph [label=\"topology demo\\n" + file + "\"",
                "subgraph \"cluster_host\" {\n    label=\"host namespace\";",
                "    \"host\" -- \"pod:web\" [label=\"tp-demo-web - eth0\"];\n",
                "    \"host\" -- \"pod:api\" [label=\"tp-demo-api - eth0\"];\n",
                "    \"host\" -- \"pod:db\" [label=\"tp-demo-db - eth0\"];\n");
        assertEquals(1, count(dot, "subgraph "), "no nodes: one cluster");
        assertEquals(3, count(dot, " -- "), dot);
        assertHas(box(dot, "host"), "the current namespace (or -n NS)", ">pool<", ">10.77.0.0/24<", ">forwarding<");
        String web = box(dot, "pod:web");
        assertHas(web, "<b>pod web</b>", ">tp-demo-web<", ">10.77.0.1/32<", ">eth0<", ">auto (netkit, else veth)<", ">l3<");
        assertFalse(web.contains("peer (sends)") || web.contains("primary (receives)"), web);
        assertHas(box(dot, "pod:api"), ">10.77.0.2/32<", "peer (sends)", "<font face=\"Courier\">count allow any</font>");
        // db's policy comes from db.policy: its comment line cut to 60 characters, then one statement a line.
        assertHas(box(dot, "pod:db"), ">10.77.0.100/32<", "primary (receives)",
                "<font face=\"Courier\"># db: no SSH from anyone, everything else allowed (used b...<br align=\"left\"/>"
                        + "deny tcp dport 22<br align=\"left\"/>allow any</font>");
        assertFalse(dot.contains("#c0392b"), "nothing red without a status");
    }

    @Test
    void nodesAreClustersJoinedByTheirLink() {
        Path file = EXAMPLES.resolve("nodes.yaml");
        String dot = TopologyGraph.dot(Topology.read(file));
        assertEquals(dot, TopologyGraph.dot(Topology.read(file)));
        assertEquals(2, count(dot, "subgraph "), dot);
        assertHas(dot, "subgraph \"cluster_node:a\" {\n    label=\"node a\";",
                "subgraph \"cluster_node:b\" {\n    label=\"node b\";",
                "  {rank=same; \"node:a\"; \"node:b\";}\n",
                "  \"node:a\" -- \"node:b\" [penwidth=2, label=\"veth\\na: to-b 169.254.255.0/31\\nb: to-a 169.254.255.1/31\"];\n");
        for (String p : List.of("a1", "a2", "a3", "b1", "b2", "b3")) {
            assertHas(dot, "    \"node:" + p.charAt(0) + "\" -- \"pod:" + p + "\" [label=\"tp-lab-" + p + " - eth0\"];\n");
        }
        // Each pod is drawn inside its node's cluster: between that cluster's opening and the next one.
        int b = dot.indexOf("subgraph \"cluster_node:b\"");
        assertTrue(dot.indexOf("\"pod:a3\" [label") < b && dot.indexOf("\"pod:b1\" [label") > b, dot);
        assertHas(box(dot, "node:a"), "<b>namespace tp-lab-a</b>", ">10.1.0.0/24<", ">10.2.0.0/24 via 169.254.255.1 dev to-b<");
        assertHas(box(dot, "node:b"), "<b>namespace tp-lab-b</b>", ">10.2.0.0/24<", ">10.1.0.0/24 via 169.254.255.0 dev to-a<");
        assertHas(box(dot, "pod:a1"), ">10.1.0.1/32<", "primary (receives)",
                "<font face=\"Courier\">deny tcp src 10.2.0.0/24 dport 8080<br align=\"left\"/>allow any</font>");
        assertHas(box(dot, "pod:a3"), ">netkit mode<", ">l2<");
        String b3 = box(dot, "pod:b3");
        assertHas(b3, ">veth (tcx hooks)<", ">10.2.0.3/32<");
        assertFalse(b3.contains("netkit mode"), "a veth pod has no netkit mode: " + b3);
    }

    /** The file name of {@link #nasty}'s topology, in {@code dir}. */
    static String nastyFileName(Path dir) {
        return dir.resolve("a \"quoted\\\" {file}|\n.yaml").toString();
    }

    /**
     * A topology whose text has everything DOT or XML could trip on, where a file may have it: a
     * policy comment (a policy may carry anything there), an object file's and a program's name,
     * and the topology file's own name.
     */
    static Topology nasty(Path dir) throws Exception {
        Files.writeString(dir.resolve("we\"ird\\<o>.o"), "not read: the graph only names it");
        String yaml = """
                name: esc
                defaults: {pool: 10.9.0.0/24}
                pods:
                  - name: p1
                    hooks:
                      peer: {policy: "deny tcp dport 22  # <b>\\"x\\" & \\\\N {a|b} ]]> \\t tab; allow any\\r\\n# \\u0007bell"}
                      primary: {object: "we\\"ird\\\\<o>.o", program: "pr<o>g\\"\\\\"}
                """;
        return Topology.parse(yaml, nastyFileName(dir));
    }

    @Test
    void fileTextIsEscapedForDot(@TempDir Path dir) throws Exception {
        Topology t = nasty(dir);
        String fileName = nastyFileName(dir);
        String dot = TopologyGraph.dot(t);
        String p1 = box(dot, "pod:p1");
        // The comment runs to the end of the line, ';' and all; the \r of a CRLF line is dropped, a bell is a '?'.
        assertHas(p1, "<font face=\"Courier\">deny tcp dport 22 # &lt;b&gt;&quot;x&quot; &amp; \\\\N {a|b} ]]&gt;   tab; allow any"
                        + "<br align=\"left\"/># ?bell</font>",
                "object we&quot;ird\\\\&lt;o&gt;.o<br align=\"left\"/>program pr&lt;o&gt;g&quot;\\\\");
        // In HTML-like text a backslash is doubled too: dot would replace \N with the node's name.
        // In a quoted string a quote is \" and a backslash \\, and a line break \n (the file's name has all three).
        String expected = "topology esc\\n" + fileName.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        assertHas(dot, "graph [label=\"" + expected + "\"");
        assertFalse(dot.contains("\u0007") || dot.contains("\r"), "control characters are gone");
        // The comment line stays one line however the file's name is written.
        assertEquals("// topology esc from " + fileName.replace('\n', '?') + ", drawn by jnetkit graph", dot.lines().findFirst().orElseThrow());
        assertEquals(2, dot.lines().filter(l -> l.startsWith("graph ") || l.startsWith("}")).count(), dot);
    }

    @Test
    void manyPodsAreAGrid() {
        StringBuilder yaml = new StringBuilder("name: grid\ndefaults: {pool: 10.9.0.0/24}\npods:\n");
        for (int i = 0; i < 10; i++) yaml.append("  - name: p").append(i).append('\n');
        String dot = TopologyGraph.dot(Topology.parse(yaml.toString(), "grid.yaml"));
        // 10 pods: 4 columns; the first row hangs off the namespace, each other pod off the one above.
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            edges.append("    \"").append(i < 4 ? "host" : "pod:p" + (i - 4)).append("\" -- \"pod:p").append(i).append("\" [style=invis];\n");
        }
        assertHas(dot, edges.toString());
        assertEquals(10, count(dot, " -- "), dot);
        assertHas(box(dot, "host"), ">pods<", ">10<");
        // Up to FAN_OUT pods fan out with labelled edges.
        assertEquals(3, count(TopologyGraph.dot(Topology.read(EXAMPLES.resolve("three-pods.yaml"))), "\" [label=\"tp-demo-"));
    }

    @Test
    void policyLinesAreStatementsWithTheirComments() {
        assertEquals(List.of("deny tcp dport 22", "allow any # the rest", "# alone", "default deny"),
                TopologyGraph.policyLines("deny   tcp dport 22;allow any # the rest\n\n   # alone\n;;default deny\n"));
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 12; i++) many.append("deny tcp dport ").append(i).append('\n');
        List<String> shown = TopologyGraph.policyLines(many.toString());
        assertEquals(TopologyGraph.POLICY_LINES, shown.size());
        assertEquals("deny tcp dport 7", shown.get(6));
        assertEquals("(5 more lines)", shown.getLast());
    }

    @Test
    void driftIsDrawnRed() {
        Topology t = Topology.read(EXAMPLES.resolve("nodes.yaml"));
        Map<String, List<Drift>> pods = new java.util.LinkedHashMap<>();
        for (PlannedPod p : t.plan()) pods.put(p.name(), List.of());
        pods.put("b2", List.of(new Drift.NetnsMissing("tp-lab-b2"), new Drift.DeviceMissing(Drift.Side.HOST, "tp-lab-b2")));
        TopologyEngine.Status status = new TopologyEngine.Status(t,
                List.of(new TopologyEngine.NodeDrift.ForwardingOff("b", "ipv4")), pods);
        String dot = TopologyGraph.dot(t, status);
        assertHas(dot, "live: drift (red)", "subgraph \"cluster_node:b\" {\n    label=\"node b\"; style=\"rounded\"; color=\"#c0392b\";",
                "subgraph \"cluster_node:a\" {\n    label=\"node a\"; style=\"rounded\"; color=\"#8a99ad\";");
        String b2 = box(dot, "pod:b2");
        assertHas(b2, "color=\"#c0392b\"", "netns tp-lab-b2 is missing<br align=\"left\"/>host device tp-lab-b2 is missing");
        assertHas(box(dot, "node:b"), "node b: ipv4 forwarding is off");
        for (String ok : List.of("pod:a1", "pod:b1", "node:a")) assertFalse(box(dot, ok).contains("#c0392b"), ok);

        String clean = TopologyGraph.dot(t, new TopologyEngine.Status(t, List.of(), Map.of()));
        assertHas(clean, "live: no drift");
        assertFalse(clean.contains("#c0392b"), clean);
    }
}
