package io.jnetkit.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void helpListsEveryExitCodeOfTheEnum() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit(), r.toString());
        for (Exit e : Exit.values()) {
            assertTrue(r.out().matches("(?s).*\\b" + e.code + "\\s+" + java.util.regex.Pattern.quote(e.meaning) + ".*"),
                    "help lacks exit code " + e + "\n" + r.out());
        }
        assertTrue(r.out().contains("jnetkit link add task_nk type netkit"), r.out());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliRun r = CliRun.of("netns", "list", "--bogus");
        assertEquals(Exit.USAGE.code, r.exit(), r.toString());
        assertTrue(r.err().startsWith("jnetkit: Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("try 'jnetkit netns list --help'"), r.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = CliRun.of("frobnicate");
        assertEquals(Exit.USAGE.code, r.exit(), r.toString());
    }

    @Test
    void versionNamesJava() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("jnetkit "), r.out());
    }

    record Inner(String name, Integer mtu, boolean up) {}

    record Outer(String deviceName, List<Inner> links, Map<String, Object> extra) {}

    @Test
    void jsonWritesRecordsInSnakeCaseAndLeavesOutNulls() {
        String json = Json.write(new Outer("a\"b", List.of(new Inner("x", null, true)), Map.of("k", 1)));
        assertEquals("{\"device_name\":\"a\\\"b\",\"links\":[{\"name\":\"x\",\"up\":true}],\"extra\":{\"k\":1}}", json);
    }

    private static long commands(picocli.CommandLine cl) {
        return cl.getSubcommands().values().stream().distinct().count();
    }

    @Test
    void onlyTheCommandBeingRunIsBuiltAndHelpGetsThemAll() {
        assertEquals("link", Main.commandWord("-n", "pod", "-j", "link", "show"));
        assertEquals("addr", Main.commandWord("--netns", "x", "-4", "addr", "show"));
        assertEquals(null, Main.commandWord("--json"));
        assertEquals(1, commands(Main.commandLine("-n", "pod", "link", "show")));
        assertEquals(1, commands(Main.commandLine("address", "show")), "an alias finds its command");
        long all = commands(Main.commandLine("--help"));
        assertEquals(all, commands(Main.commandLine()));
        assertEquals(all, commands(Main.commandLine("help", "link")));
        assertEquals(all, commands(Main.commandLine("frobnicate")), "an unknown word gets the full list in its error");
        org.junit.jupiter.api.Assertions.assertTrue(all >= 15, "every command: " + all);
        String help = CliRun.of("--help").out();
        for (String c : new String[] {"doctor", "netns", "link", "addr", "route", "demo", "prog", "attach", "detach",
                "prune", "net", "map", "trace", "policy"}) {
            org.junit.jupiter.api.Assertions.assertTrue(help.contains("  " + c + " ") || help.contains("  " + c + ","), c + " in --help");
        }
        // The training run of the start-up cache calls real commands only.
        for (String[] command : AotTraining.COMMANDS) {
            String w = Main.commandWord(command);
            if (w != null) assertEquals(1, commands(Main.commandLine(command)), String.join(" ", command));
        }
    }

    /** Every command's one-line summary (what --help of its parent lists) is a whole sentence. */
    @Test
    void everySummaryIsAWholeSentence() {
        java.util.List<String> cut = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(
                Main.commandLine("--help").getSubcommands().values());
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            var usage = c.getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            if (!summary.strip().endsWith(".")) cut.add(c.getCommandSpec().qualifiedName() + ": " + summary);
            todo.addAll(c.getSubcommands().values());
        }
        assertEquals(java.util.List.of(), cut.stream().distinct().toList());
    }
}
