package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliProcess;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jnetkit graph -f: files written, formats, stdout, errors; with the real Graphviz dot. */
class GraphCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void assertSvg(Path f) throws IOException {
        String svg = Files.readString(f);
        assertTrue(svg.startsWith("<?xml "), svg);
        assertTrue(svg.contains("\n<svg ") && svg.strip().endsWith("</svg>"), "an <svg> root: " + f);
    }

    static void assertPng(Path f) throws IOException {
        byte[] png = Files.readAllBytes(f);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), f.toString());
    }

    @Test
    void writesSvgAndPng(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("lab");
        CliRun r = CliRun.ok("graph", "-f", EXAMPLES.resolve("nodes.yaml").toString(), "-o", out.toString());
        assertEquals(List.of("lab.png", "lab.svg"), files(dir));
        assertSvg(dir.resolve("lab.svg"));
        assertPng(dir.resolve("lab.png"));
        assertTrue(Files.readString(dir.resolve("lab.svg")).contains(">pod b3</text>"));
        assertEquals("wrote " + out + ".svg (" + Files.size(dir.resolve("lab.svg")) + " bytes)\n"
                + "wrote " + out + ".png (" + Files.size(dir.resolve("lab.png")) + " bytes)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void formatsAndExtensions(@TempDir Path dir) throws Exception {
        String f = EXAMPLES.resolve("three-pods.yaml").toString();
        // -o NAME.svg alone: that one file.
        CliRun.ok("graph", "-f", f, "-o", dir.resolve("one.svg").toString());
        assertEquals(List.of("one.svg"), files(dir));
        assertSvg(dir.resolve("one.svg"));
        // --format as a list and repeated; each once, in the order given.
        CliRun r = CliRun.ok("graph", "-f", f, "-o", dir.resolve("two").toString(), "--format", "dot,png", "--format", "dot");
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith("wrote " + dir.resolve("two.dot")), r.out());
        assertEquals(TopologyGraph.dot(Topology.read(Path.of(f))), Files.readString(dir.resolve("two.dot")));
        assertPng(dir.resolve("two.png"));
        // A format extension on OUT is replaced by each format's.
        CliRun.ok("graph", "-f", f, "-o", dir.resolve("three.png").toString(), "--format", "svg");
        assertSvg(dir.resolve("three.svg"));
        assertEquals(List.of("one.svg", "three.svg", "two.dot", "two.png"), files(dir));
        // A directory: the topology's name in it.
        Path sub = Files.createDirectory(dir.resolve("sub"));
        CliRun.ok("graph", "-f", f, "-o", sub.toString(), "--format", "dot");
        assertEquals(List.of("demo.dot"), files(sub));
    }

    @Test
    void dotToStdoutIsTheLibrarysText() {
        Path f = EXAMPLES.resolve("nodes.yaml");
        CliRun r = CliRun.ok("graph", "-f", f.toString(), "--format", "dot", "-o", "-");
        assertEquals(TopologyGraph.dot(Topology.read(f)), r.out());
        CliRun svg = CliRun.ok("graph", "-f", f.toString(), "--format", "svg", "-o", "-");
        assertTrue(svg.out().startsWith("<?xml ") && svg.out().contains("<svg "), svg.out());
    }

    @Test
    void jsonListsTheFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.ok("graph", "-f", EXAMPLES.resolve("three-pods.yaml").toString(), "-o", out.toString(),
                "--format", "dot", "--json");
        assertEquals("{\"topology\":\"demo\",\"files\":[{\"format\":\"dot\",\"path\":\"" + out + ".dot\",\"bytes\":"
                + Files.size(dir.resolve("demo.dot")) + "}]}\n", r.out());
    }

    @Test
    void badFileIsExit2AndWritesNothing(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: tbadgraph\npods:\n  - name: web\n    colour: blue\n");
        Path outDir = Files.createDirectory(dir.resolve("out"));
        CliRun r = CliRun.fails(Exit.USAGE, "graph", "-f", bad.toString(), "-o", outDir.resolve("x").toString());
        assertTrue(r.err().startsWith("jnetkit: " + bad + ":4:5: "), r.err());
        assertEquals(List.of(), files(outDir));
        CliRun missing = CliRun.fails(Exit.USAGE, "graph", "-f", dir.resolve("none.yaml").toString(), "-o", outDir.resolve("x").toString());
        assertTrue(missing.err().contains("read topology: no such file"), missing.err());
        assertEquals(List.of(), files(outDir));
    }

    @Test
    void badOptionsAreExit2(@TempDir Path dir) throws Exception {
        String f = EXAMPLES.resolve("three-pods.yaml").toString();
        CliRun two = CliRun.fails(Exit.USAGE, "graph", "-f", f, "-o", "-");
        assertEquals("jnetkit: -o - writes one format to stdout; 2 given (svg,png)\n", two.err());
        CliRun pdf = CliRun.fails(Exit.USAGE, "graph", "-f", f, "--format", "svg,pdf", "-o", dir.resolve("x").toString());
        assertEquals("jnetkit: unknown graph format \"pdf\"; expected dot, svg or png\n", pdf.err());
        CliRun.fails(Exit.USAGE, "graph", "-f", f, "--format", "dot", "-o", "-", "--json");
        CliRun.fails(Exit.USAGE, "graph", "-f", f, "-o", "");
        CliRun nodir = CliRun.fails(Exit.NOT_FOUND, "graph", "-f", f, "--format", "dot", "-o", dir.resolve("no/such/x").toString());
        assertEquals("jnetkit: write graph " + dir.resolve("no/such/x.dot") + ": no such directory\n", nodir.err());
        assertEquals(List.of(), files(dir));
    }

    @Test
    void helpHasAnExampleAndTheCommandIsListed() {
        CliRun r = CliRun.ok("graph", "--help");
        assertTrue(r.out().contains("jnetkit graph -f examples/nodes.yaml"), r.out());
        assertTrue(r.out().contains("apt install graphviz"), r.out());
        assertTrue(CliRun.ok("--help").out().contains("  graph "), "graph in jnetkit --help");
    }

    /** In a JVM of its own: a working directory, a PATH without dot, and bytes on stdout. */
    @Test
    void defaultOutputMissingDotAndPngOnStdout(@TempDir Path dir) throws Exception {
        String f = EXAMPLES.resolve("nodes.yaml").toAbsolutePath().toString();
        Path work = Files.createDirectory(dir.resolve("work"));
        CliRun here = CliProcess.start(List.of("env", "-C", work.toString()), Map.of(), "graph", "-f", f).await(60);
        assertEquals(0, here.exit(), here.toString());
        assertEquals("wrote lab.svg (" + Files.size(work.resolve("lab.svg")) + " bytes)\nwrote lab.png ("
                + Files.size(work.resolve("lab.png")) + " bytes)\n", here.out());
        assertSvg(work.resolve("lab.svg"));
        assertPng(work.resolve("lab.png"));

        Path noDot = Files.createDirectory(dir.resolve("bin"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        CliRun missing = CliProcess.start(List.of("env", "-C", elsewhere.toString()), Map.of("PATH", noDot.toString()),
                "graph", "-f", f).await(60);
        assertEquals(Exit.UNSUPPORTED.code, missing.exit(), missing.toString());
        assertEquals("jnetkit: render graph: Graphviz's dot not found on PATH (apt install graphviz)\n", missing.err());
        assertEquals(List.of(), files(elsewhere));

        CliRun png = CliProcess.start(List.of(), Map.of(), "graph", "-f", f, "--format", "png", "-o", "-").await(60);
        assertEquals(0, png.exit(), png.toString());
        // The bytes decoded as UTF-8: 0x89 is not UTF-8, so it reads as U+FFFD; the rest is the signature.
        assertTrue(png.out().startsWith("\uFFFDPNG\r\n\u001a\n"), png.out().substring(0, Math.min(16, png.out().length())));
        assertTrue(png.out().length() > 5000, "a whole picture");
    }
}
