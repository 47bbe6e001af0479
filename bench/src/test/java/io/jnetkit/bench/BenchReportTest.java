package io.jnetkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

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
