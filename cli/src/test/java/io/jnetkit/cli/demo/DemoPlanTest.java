package io.jnetkit.cli.demo;

import io.jnetkit.cli.Json;
import io.jnetkit.netns.NetNs;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan, its rendering and the JSON, without a kernel. */
class DemoPlanTest {
    private static List<Step> plan(Demo.Settings s) {
        try (NetNs self = NetNs.current()) {
            return new Demo(s, self, () -> { throw new AssertionError("not loaded in a plan"); },
                    new PrintWriter(new StringWriter()), true).plan();
        }
    }

    @Test
    void twelveStepsInTheSeedsOrderWithTheirCommands() {
        List<Step> p = plan(Demo.Settings.defaults());
        assertEquals(12, p.size());
        for (int i = 0; i < p.size(); i++) assertEquals(i + 1, p.get(i).number());
        assertEquals("[1/12] create network namespace task_netns   (ip netns add task_netns)", Report.header(p.get(0), 12));
        assertEquals("[3/12] move task_nk into task_netns   (ip link set task_nk netns task_netns)",
                Report.header(p.get(2), 12));
        assertEquals("ip link add task_nk type netkit peer name nk0", p.get(1).equivalentLine());
        assertEquals("ip -n task_netns addr add 10.0.0.2/24 dev task_nk; ip -n task_netns link set task_nk up",
                p.get(3).equivalentLine());
        assertEquals("ip addr add 10.0.0.1/24 dev nk0; ip link set nk0 up", p.get(4).equivalentLine());
        assertEquals("ping -c 3 10.0.0.2", p.get(5).equivalentLine());
        assertTrue(p.get(7).title().contains("netkit peer hook of task_nk"), p.get(7).title());
        assertTrue(p.get(7).equivalentLine().contains("bpftool cannot attach to netkit"), p.get(7).equivalentLine());
        assertTrue(p.get(7).equivalentLine().contains("bpftool net attach tcx_ingress"));
        assertTrue(p.get(8).title().contains("12345 is dropped"));
        assertEquals("clean up", p.get(11).title());
        assertEquals("ip link del nk0; ip netns del task_netns", p.get(11).equivalentLine());
    }

    @Test
    void namesAndKeepChangeThePlan() {
        Demo.Settings d = Demo.Settings.defaults();
        List<Step> p = plan(new Demo.Settings("pod1", "pk1", "hk1", d.hostAddress(), d.podAddress(), 1, true, false));
        assertEquals("ip link set pk1 netns pod1", p.get(2).equivalentLine());
        assertEquals("ping -c 1 10.0.0.2", p.get(5).equivalentLine());
        assertEquals("leave the setup in place (--keep)", p.get(11).title());
        assertTrue(p.get(11).equivalent().isEmpty());
        assertEquals("[12/12] leave the setup in place (--keep)", Report.header(p.get(11), 12));
    }

    private static StepResult result(int n, StepResult.Status st, String error) {
        return new StepResult(n, "step " + n, List.of("cmd " + n), st, List.of("out " + n), error, 5);
    }

    @Test
    void closingLineSaysWhichStepFailed() {
        List<StepResult> ok = List.of(result(1, StepResult.Status.PASSED, null), result(2, StepResult.Status.PASSED, null));
        Report.Summary good = new Report.Summary("6.12.1", ok, 2, 2, null, 12L, false, 4200);
        assertTrue(good.ok());
        assertEquals("demo: 2 steps passed (4.2 s)", good.closingLine());

        List<StepResult> bad = List.of(result(1, StepResult.Status.FAILED, "namespace task_netns already exists"),
                result(2, StepResult.Status.PASSED, null));
        Report.Summary failed = new Report.Summary("6.12.1", bad, 1, 2, 1, null, false, 100);
        assertFalse(failed.ok());
        assertEquals("demo: step 1/2 failed (step 1): namespace task_netns already exists; 1 of 2 steps passed (0.1 s)",
                failed.closingLine());
    }

    @Test
    void reportStreamsTextAndStaysQuietForJson() {
        StringWriter sw = new StringWriter();
        Report r = new Report(new PrintWriter(sw), true, 12);
        Step step = new Step(6, "ping 10.0.0.2 from the host side", List.of("ping -c 3 10.0.0.2"));
        r.started(step);
        r.line("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.032 ms");
        r.finished(new StepResult(6, step.title(), step.equivalent(), StepResult.Status.PASSED, List.of(), null, 7));
        r.finished(new StepResult(7, "x", List.of(), StepResult.Status.FAILED, List.of(), "it broke", 7));
        assertEquals("""
                [6/12] ping 10.0.0.2 from the host side   (ping -c 3 10.0.0.2)
                       64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.032 ms
                       ok (7 ms)
                       FAILED: it broke
                """, sw.toString());

        StringWriter quiet = new StringWriter();
        Report j = new Report(new PrintWriter(quiet), false, 12);
        j.started(step);
        j.line("x");
        j.note("y");
        assertEquals("", quiet.toString());
    }

    @Test
    void jsonListsEveryStep() {
        List<StepResult> steps = List.of(result(1, StepResult.Status.PASSED, null),
                result(2, StepResult.Status.FAILED, "boom"), result(3, StepResult.Status.SKIPPED, "step 2 failed"));
        Map<String, Object> m = DemoCommand.json(new Report.Summary("6.12.1", steps, 1, 3, 2, null, false, 99));
        String json = Json.write(m);
        assertTrue(json.startsWith("{\"ok\":false,\"kernel\":\"6.12.1\",\"passed\":1,\"total\":3,\"failed_step\":2,"), json);
        assertTrue(json.contains("{\"number\":2,\"title\":\"step 2\",\"equivalent\":[\"cmd 2\"],\"status\":\"failed\","
                + "\"output\":[\"out 2\"],\"error\":\"boom\",\"millis\":5}"), json);
        assertTrue(json.contains("\"status\":\"skipped\""), json);
        assertFalse(json.contains("filter_load_attach_ms"), "null values are left out: " + json);
    }

    @Test
    void labCommandRepeatsTheArguments() {
        assertEquals(List.of("/opt/jnk/lab/lab", "run", "--", "/opt/jnk/bin/jnetkit", "--json", "demo", "--keep"),
                LabHandoff.command("/opt/jnk", List.of(), "/jdk", List.of("--json", "demo", "--keep")));
        assertEquals(List.of("/opt/jnk/lab/lab", "run", "--", "/jdk/bin/java", "--enable-native-access=ALL-UNNAMED",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", "/opt/jnk/cli/target/jnetkit-all.jar", "demo"),
                LabHandoff.command("/opt/jnk", LabHandoff.jarLaunch(java.nio.file.Path.of("/opt/jnk/cli/target/jnetkit-all.jar")),
                        "/jdk", List.of("demo")));
        assertEquals(List.of("/opt/jnk/lab/lab", "run", "--", "/jdk/bin/java", "--enable-native-access=io.jnetkit.abi",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-p", "/opt/jnk/cli/target/lib",
                        "-m", "io.jnetkit.cli/io.jnetkit.cli.Main", "demo"),
                LabHandoff.command("/opt/jnk", LabHandoff.moduleLaunch("/opt/jnk/cli/target/lib"), "/jdk", List.of("demo")));
        assertTrue(LabHandoff.runningJar().isEmpty(), "tests run from classes");
        // Surefire runs these tests on the module path (patched into io.jnetkit.cli), as bin/jnetkit runs the CLI.
        assertEquals(LabHandoff.class.getModule().isNamed()
                        ? LabHandoff.moduleLaunch(System.getProperty("jdk.module.path")) : List.of(),
                LabHandoff.runningLaunch());
        assertTrue(LabHandoff.inLab(Map.of(LabHandoff.IN_LAB_ENV, "1")));
        assertFalse(LabHandoff.inLab(Map.of()));
        assertTrue(LabHandoff.lab(null).isEmpty());
        assertTrue(LabHandoff.lab("/nonexistent").isEmpty());
    }

    @Test
    void demoArgsRoundTrip() {
        // Global options are static: run something without -n/--json first so none is left over.
        io.jnetkit.cli.Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "--version");
        DemoCommand c = new DemoCommand();
        new picocli.CommandLine(c).parseArgs("--keep", "--pod-netns", "p1", "--pings", "5");
        assertEquals(List.of("demo", "--keep", "--pod-netns", "p1", "--pings", "5"), c.demoArgs());
    }
}
