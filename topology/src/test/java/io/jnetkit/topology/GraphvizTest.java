package io.jnetkit.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graphviz's real dot (bin/setup installs it) rendering the examples, and its failures. */
class GraphvizTest {
    static {
        // The SVG is checked with the JDK's XML parser; the topology module itself has no use for
        // java.xml, so only its tests read it (a no-op on the class path).
        GraphvizTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static Document xml(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // dot's SVG names its DTD; nothing is fetched.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    @Test
    void rendersBothExamplesAsSvgAndPng() throws Exception {
        Graphviz dot = Graphviz.onPath();
        for (String example : new String[] {"three-pods.yaml", "nodes.yaml"}) {
            Topology t = Topology.read(TopologyPlanTest.EXAMPLES.resolve(example));
            String text = TopologyGraph.dot(t);
            byte[] svg = dot.render(text, Graphviz.Format.SVG);
            Document doc = xml(svg);
            assertEquals("svg", doc.getDocumentElement().getTagName(), example);
            String s = new String(svg, StandardCharsets.UTF_8);
            for (PlannedPod p : t.plan()) {
                assertTrue(s.contains(">pod " + p.name() + "</text>"), example + ": pod " + p.name() + " drawn");
                assertTrue(s.contains(">" + p.spec().addresses().getFirst() + "</text>"), example + ": " + p.name() + "'s address");
            }
            byte[] png = dot.render(text, Graphviz.Format.PNG);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), example);
            assertTrue(png.length > 5000, example + ": a real picture, " + png.length + " bytes");
        }
    }

    @Test
    void escapedTextComesOutAsWritten(@TempDir Path dir) throws Exception {
        byte[] svg = Graphviz.onPath().render(TopologyGraph.dot(TopologyGraphTest.nasty(dir)), Graphviz.Format.SVG);
        String text = xml(svg).getDocumentElement().getTextContent();
        // What dot drew is the text itself: no markup taken from it, no backslash eaten, no \N expanded.
        assertTrue(text.contains("deny tcp dport 22 # <b>\"x\" & \\N {a|b} ]]>"), text);
        assertTrue(text.contains("object we\"ird\\<o>.o"), text);
        assertTrue(text.contains("program pr<o>g\"\\"), text);
        assertTrue(text.contains("a \"quoted\\\" {file}|"), text);
    }

    @Test
    void missingDotIsAClearError(@TempDir Path empty) {
        for (String path : new String[] {empty.toString(), "", null}) {
            GraphvizException e = assertThrows(GraphvizException.class, () -> Graphviz.find(path));
            assertEquals(GraphvizException.Kind.NOT_INSTALLED, e.kind());
            assertEquals("render graph: Graphviz's dot not found on PATH (apt install graphviz)", e.getMessage());
        }
    }

    @Test
    void dotsOwnErrorIsInTheMessage() {
        GraphvizException e = assertThrows(GraphvizException.class,
                () -> Graphviz.onPath().render("graph { a -- ; }", Graphviz.Format.SVG));
        assertEquals(GraphvizException.Kind.FAILED, e.kind());
        assertTrue(e.getMessage().startsWith("render graph: dot -Tsvg failed (exit 1): "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error in line 1"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void aDotPastItsTimeIsKilled() {
        // No dot starts, reads and lays out a graph within a millisecond.
        StringBuilder big = new StringBuilder("graph {");
        for (int i = 0; i < 300; i++) big.append(" n").append(i).append(" -- n").append((i * 7) % 300).append(';');
        Graphviz dot = Graphviz.onPath().timeout(Duration.ofMillis(1));
        GraphvizException e = assertThrows(GraphvizException.class, () -> dot.render(big.append('}').toString(), Graphviz.Format.PNG));
        assertEquals(GraphvizException.Kind.FAILED, e.kind());
        assertEquals("render graph: dot -Tpng did not finish within 1 ms (killed)", e.getMessage());
    }
}
