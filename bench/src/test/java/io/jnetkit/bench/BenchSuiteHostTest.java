package io.jnetkit.bench;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.pod.Datapath;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/bench-all}'s Java side in smoke mode, so the suite never rots: the policy benchmark
 * (1 round, a thousand repeats, with its clang equivalents compiled here), the data plane on this
 * kernel's veth (1 round, 1 s, a few ping-pongs), then the report and its charts from those raw
 * files beside a pods table — and the report reads what they measured. Figures are not judged.
 */
@HostTest
class BenchSuiteHostTest {
    @TempDir
    Path dir;

    /**
     * Java2D opens the font files on first use and keeps them open for the JVM's life (its font
     * cache, not a leak of the suite): open them before the fd check's snapshot of each test.
     */
    @BeforeAll
    static void openTheChartsFonts() {
        java.awt.Graphics2D g = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            for (int style : new int[] {java.awt.Font.PLAIN, java.awt.Font.BOLD}) {
                g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, style, 12));
                g.drawString("0", 0, 8);
            }
        } finally {
            g.dispose();
        }
    }

    @Test
    void smokeRunWritesTheReportAndCharts() throws Exception {
        if (System.getenv("JNETKIT_BENCH_SMOKE_DIR") != null) dir = Files.createDirectories(Path.of(System.getenv("JNETKIT_BENCH_SMOKE_DIR")));
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path objects = Files.createDirectories(dir.resolve("c"));
        for (String c : List.of("seed_equiv", "rules20_equiv")) {
            Process p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-Wall", "-I/usr/include/x86_64-linux-gnu",
                    "-c", Path.of("src/main/c", c + ".c").toAbsolutePath().toString(), "-o", objects.resolve(c + ".o").toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "clang " + c);
        }
        PolicyBench.main(new String[] {"--objects", objects.toString(), "--repeat", "1000", "--rounds", "1",
                "--tsv", raw.resolve("policy.tsv").toString()});
        List<String[]> policy = BenchReport.tsv(raw.resolve("policy.tsv"));
        // seed 4 packets x 2 programs, 20 rules 5 x 2, 3 mixed sizes x 2 packets, 3 CIDR sizes x 2,
        // 256 CIDR rules as the compiler makes them (an LPM trie) x 2, the LPM trie at 5 sizes x 2
        assertEquals(8 + 10 + 6 + 6 + 2 + 10, policy.size());
        assertEquals(2, policy.stream().filter(r -> r[1].equals("cidrs-compiled")).count());
        assertEquals(List.of("8", "8", "64", "64", "256", "256", "4096", "4096", "65536", "65536"),
                policy.stream().filter(r -> r[1].equals("lpm")).map(r -> r[2]).toList());
        for (String[] r : policy) assertFalse(r[12].startsWith("-"), "never a negative net: " + String.join(" ", r));

        List<DataplaneBench.Figure> dp = DataplaneBench.run(List.of(Datapath.VETH), 1, 1, 50);
        assertEquals(2 * 2 * 2, dp.size(), "veth with and without policy x 2 paths x 2 metrics");
        for (DataplaneBench.Figure f : dp) assertTrue(f.median() > 0, f.toString());
        DataplaneBench.writeTsv(raw.resolve("dataplane.tsv"), dp);
        assertEquals(List.of(), NetNamespaces.list().stream().filter(n -> n.startsWith("jdp" + ProcessHandle.current().pid() % 100000)).toList());

        Files.writeString(raw.resolve("machine.txt"), "mode: smoke\ncores: 2\n");
        Files.writeString(raw.resolve("pods.txt"), String.join("\n",
                "way                        pods         up       down       up/pod     down/pod",
                "jnetkit-library               3         30         20        10.00         6.67",
                "go-netlink                    3         60         30        20.00        10.00"));
        Files.writeString(raw.resolve("startup.skipped"), "not available: bin/bench-startup is not in this tree");
        BenchReport.main(new String[] {dir.toString()});
        String md = Files.readString(dir.resolve("RESULTS.md"));
        assertTrue(md.contains("| seed filter | tcp4 :12345 (drop) |"), md);
        assertTrue(md.contains("LINEAR") || md.contains("sub-linear"), "the sweep's verdict");
        assertTrue(md.contains("- CIDR rules: compare chain vs LPM trie ns/packet"), "the trie's line");
        assertTrue(md.contains("crossover ≈ "), md);
        assertTrue(md.contains("| veth | pod-host |"), md);
        assertTrue(md.contains("| go-netlink | 30.00 (1.80×) |"), "per-pod table with the ratio to jnetkit");
        assertTrue(md.contains("Not measured in this run: not available: bin/bench-startup"), md);
        for (String png : List.of("policy-ns-per-rule.png", "pods-per-pod.png")) {
            assertEquals(Charts.WIDTH, ImageIO.read(dir.resolve(png).toFile()).getWidth(), png);
            assertTrue(md.contains("](" + png + ")"), png);
        }
    }
}
