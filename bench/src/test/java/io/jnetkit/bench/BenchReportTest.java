package io.jnetkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report from raw files alone, without a kernel: start-up JSON, the data plane's ratios, what is missing. */
class BenchReportTest {
    @TempDir
    Path dir;

    @Test
    void startupJsonBecomesATableAndAGroupedChart() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Files.writeString(raw.resolve("startup.json"), """
                {"repeats":15,"load":1.0,"results":[
                {"command":"java -version","tool":"java","median_ms":45.0,"x_jvm":null,"x_native":null},
                {"tool":"bin/jnetkit","median_ms":120.5,"command":"link show","x_jvm":2.7,"x_native":60.2},
                {"command":"link show","tool":"ip","median_ms":2.0,"x_jvm":null,"x_native":null}],"skipped":[]}""");
        String md = BenchReport.write(dir);
        assertTrue(md.contains("| link show | bin/jnetkit | 120.5 | 2.7 | 60.2 |"), md);
        assertTrue(md.contains("| java -version | java | 45.0 |  |  |"), md);
        assertEquals(Charts.WIDTH, ImageIO.read(dir.resolve("startup.png").toFile()).getWidth());
        // nothing else was measured: each section says so instead of failing
        assertTrue(md.contains("## Programs (`bin/bench`)\n\nNot measured in this run."), md);
        assertFalse(Files.exists(dir.resolve("pods-per-pod.png")));
    }

    private static PolicyBench.Row row(String kind, int size, double net) {
        return new PolicyBench.Row("w", kind, size, "jnetkit", "p", 10, 10, 1, 20,
                new PolicyBench.Stat(20 + net, 20, 20, net, net, net, 0));
    }

    @Test
    void trieCrossoverIsInterpolatedBetweenTheSizesWhereTheChainOvertakesIt() {
        List<PolicyBench.Row> rows = List.of(row("cidrs", 8, 1), row("cidrs", 64, 3), row("cidrs", 256, 9),
                row("lpm", 8, 5), row("lpm", 64, 5), row("lpm", 256, 5), row("lpm", 4096, 6));
        String line = PolicyBench.trieVerdict(rows).getFirst();
        // 64: chain 2 below the trie, 256: 4 above: the difference crosses 0 a third of the way, at 128
        assertTrue(line.contains("at N = 8: 1.00 vs 5.00, 64: 3.00 vs 5.00, 256: 9.00 vs 5.00; the trie alone at N = 4096: 6.00;"
                + " crossover ≈ 128 (between 64 and 256 rules"), line);
    }

    @Test
    void trieCrossoverPastTheRuleLimitIsExtrapolatedAndSaysSo() {
        // the chain: 1/32 ns a rule from 64 to 256, 8 ns at 256; the trie 10 at 4096: 8 + (N - 256) / 32 = 10 at N = 320
        List<PolicyBench.Row> rows = List.of(row("cidrs", 64, 2), row("cidrs", 256, 8),
                row("lpm", 64, 10), row("lpm", 256, 10), row("lpm", 4096, 10));
        String line = PolicyBench.trieVerdict(rows).getFirst();
        assertTrue(line.contains("crossover ≈ 320 (extrapolated: the chain at 0.031 ns per added rule; above the compiler's limit of 256"), line);
        assertEquals(List.of(), PolicyBench.trieVerdict(List.of(row("cidrs", 8, 1))), "nothing without the trie");
    }

    @Test
    void trieCrossoverPerPacketBesideTheMean() {
        // the miss: the trie cheaper from the start; the hit: the chain still cheaper at 256, 1/16 ns a rule, the trie 16 at 4096
        List<PolicyBench.Row> rows = new java.util.ArrayList<>();
        for (int n : new int[] {8, 256}) {
            rows.add(new PolicyBench.Row("w", "cidrs", n, "jnetkit", "miss (next)", 1, 1, 1, 20, new PolicyBench.Stat(0, 0, 0, n / 8.0, 0, 0, 0)));
            rows.add(new PolicyBench.Row("w", "cidrs", n, "jnetkit", "hit (drop)", 1, 1, 1, 20, new PolicyBench.Stat(0, 0, 0, n / 16.0, 0, 0, 0)));
        }
        for (int n : new int[] {8, 256, 4096}) {
            rows.add(new PolicyBench.Row("w", "lpm", n, "jnetkit", "miss (next)", 1, 1, 1, 20, new PolicyBench.Stat(0, 0, 0, 0.5, 0, 0, 0)));
            rows.add(new PolicyBench.Row("w", "lpm", n, "jnetkit", "hit (drop)", 1, 1, 1, 20, new PolicyBench.Stat(0, 0, 0, 24, 0, 0, 0)));
        }
        String line = PolicyBench.trieVerdict(rows).getFirst();
        assertTrue(line.contains("at N = 8: 0.75 vs 12.25, 256: 24.00 vs 12.25; the trie alone at N = 4096: 12.25;"), line);
        // hit: 16 at 256, +1/16 a rule, 24 flat from 256 on: 16 + (N - 256) / 16 = 24 at N = 384
        assertTrue(line.contains("; per packet: miss ≈ ≤ 8 (the trie is as fast or faster at every size measured); hit ≈ 384 (extrapolated"), line);
    }

    @Test
    void dataplaneRatiosAreNetkitOverVethFromTheSameRun() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Files.writeString(raw.resolve("dataplane.tsv"), String.join("\n",
                "variant\tpath\tmetric\tmedian\tvalues",
                "netkit\tpod-host\tgbps\t2.0000\t2.0000", "netkit\tpod-host\trr_us\t50.0000\t50.0000",
                "veth\tpod-host\tgbps\t1.0000\t1.0000", "veth\tpod-host\trr_us\t100.0000\t100.0000"));
        String md = BenchReport.write(dir);
        assertTrue(md.contains("| no policy | pod-host | 2.00 | 0.50 |"), md);
        assertTrue(md.contains("TCG"), "says absolute figures mean little under TCG");
        assertTrue(Files.size(dir.resolve("dataplane-ratios.png")) > 1000);
    }
}
