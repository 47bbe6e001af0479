package io.jnetkit.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the whole command tree and holds every command's help to the same rules: a summary that
 * is one whole sentence, paragraphs that picocli wraps to the terminal (not lines broken by hand
 * at some fixed width), verbatim lines (grammar, examples) that fit 80 columns, an example on
 * every leaf command, and a description on every option and parameter. The man pages and the
 * completion are generated from the same model, so these rules hold there too.
 */
class HelpTreeTest {
    /** Verbatim lines must fit an 80-column terminal: picocli would break them at column 0. */
    static final int VERBATIM_WIDTH = 79;

    static List<CommandSpec> allCommands() {
        List<CommandSpec> out = new ArrayList<>();
        walk(Main.commandLine("--help").getCommandSpec(), out);
        return out;
    }

    private static void walk(CommandSpec spec, List<CommandSpec> out) {
        out.add(spec);
        Set<CommandLine> seen = new LinkedHashSet<>(spec.subcommands().values());
        for (CommandLine sub : seen) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand) && !sub.getCommandSpec().usageMessage().hidden()) {
                walk(sub.getCommandSpec(), out);
            }
        }
    }

    private static String name(CommandSpec spec) {
        return spec.qualifiedName(" ");
    }

    @Test
    void everySummaryIsOneWholeSentence() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : allCommands()) {
            String s = Help.summary(spec);
            if (s == null || s.isBlank() || !Character.isUpperCase(s.charAt(0)) || !s.endsWith(".")
                    || s.length() > 100) {
                bad.add(name(spec) + ": \"" + s + "\"");
            }
        }
        assertTrue(bad.isEmpty(), "summaries that are not one whole sentence:\n" + String.join("\n", bad));
    }

    @Test
    void paragraphsAreLeftToPicocliToWrap() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : allCommands()) {
            for (String[] element : List.of(spec.usageMessage().description(), spec.usageMessage().footer(),
                    spec.usageMessage().header())) {
                List<String> text = Help.lines(element);
                for (int i = 0; i < text.size(); i++) {
                    String line = text.get(i);
                    boolean prose = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
                    if (prose && i + 1 < text.size() && !text.get(i + 1).isBlank() && !endsASentence(line)) {
                        bad.add(name(spec) + ": a sentence broken by hand after \"" + tail(line) + "\"");
                    }
                    if (!prose && line.length() > VERBATIM_WIDTH) {
                        bad.add(name(spec) + ": a verbatim line wider than " + VERBATIM_WIDTH + ": \"" + line + "\"");
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    private static final Pattern SENTENCE_END = Pattern.compile(".*[.:!?]['\")]*$");

    private static boolean endsASentence(String line) {
        return SENTENCE_END.matcher(line.strip()).matches();
    }

    private static String tail(String line) {
        return line.length() <= 40 ? line : "…" + line.substring(line.length() - 40);
    }

    @Test
    void everyLeafCommandHasAnExample() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : allCommands()) {
            if (!spec.subcommands().isEmpty()) continue;
            if (Help.examples(spec).isEmpty()) bad.add(name(spec));
        }
        assertTrue(bad.isEmpty(), "leaf commands without an example line (\"  jnetkit …\"): " + bad);
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : allCommands()) {
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                if (a.hidden()) continue;
                String d = String.join(" ", a.description()).strip();
                if (d.isEmpty() || !d.endsWith(".")) {
                    bad.add(name(spec) + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName()
                            : a.paramLabel()) + ": \"" + d + "\"");
                }
            }
        }
        assertTrue(bad.isEmpty(), "options and parameters without a sentence:\n" + String.join("\n", bad));
    }

    @Test
    void everySubcommandWrapsToTheTerminal() {
        for (CommandSpec spec : allCommands()) {
            assertTrue(spec.usageMessage().autoWidth(), name(spec) + " has a fixed help width");
        }
    }

    @Test
    void policyHelpHasEveryKeywordOfTheGrammarWithAnExample() {
        CliRun r = CliRun.of("policy", "--help");
        assertEquals(0, r.exit(), r.toString());
        for (String keyword : List.of("allow", "deny", "default", "count", "any", "ip4", "ip6", "tcp", "udp",
                "icmp", "icmpv6", "src", "dst", "sport", "dport", "flags", "#", ";")) {
            String word = keyword.matches("\\w+")
                    ? "(?<![\\w-])" + Pattern.quote(keyword) + "(?![\\w-])" : Pattern.quote(keyword);
            assertTrue(Pattern.compile("(?m)^\\s+jnetkit policy .*'[^']*" + word + "[^']*'").matcher(r.out()).find(), "no example uses '" + keyword + "':\n" + r.out());
        }
        // and every one of those examples compiles as shown
        var compile = Pattern.compile("(?m)^\\s+jnetkit policy compile '([^']*)'\\s*$").matcher(r.out());
        int n = 0;
        while (compile.find()) {
            CliRun c = CliRun.of("policy", "compile", compile.group(1));
            assertEquals(0, c.exit(), compile.group(1) + ": " + c);
            n++;
        }
        assertTrue(n >= 5, "grammar examples: " + n);
    }

    @Test
    void theReadmesPolicyExamplesCompile() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        var compile = Pattern.compile("(?m)^jnetkit policy compile '([^']*)'").matcher(readme);
        int n = 0;
        while (compile.find()) {
            CliRun c = CliRun.of("policy", "compile", compile.group(1));
            assertEquals(0, c.exit(), compile.group(1) + ": " + c);
            n++;
        }
        assertTrue(n >= 6, "README policy examples: " + n);
    }
}
