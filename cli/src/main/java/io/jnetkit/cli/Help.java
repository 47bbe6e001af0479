package io.jnetkit.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --help}, the man pages and the completion read from a command's picocli model, in
 * one place: its one-sentence summary and its example lines.
 */
public final class Help {
    private Help() {}

    /**
     * The command's summary: its header when it has one (picocli shows it in the parent's command
     * list and first in its own help), else the first line of its description. One sentence.
     */
    public static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] text = header.length > 0 ? header : spec.usageMessage().description();
        return text.length == 0 ? "" : text[0].replace("%n", "").strip();
    }

    /** The example command lines of a command's description and footer ("  jnetkit …"), trimmed. */
    public static List<String> examples(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (String[] text : List.of(spec.usageMessage().description(), spec.usageMessage().footer())) {
            for (String line : lines(text)) {
                String s = line.strip();
                if (s.startsWith("Example: ")) s = s.substring("Example: ".length());
                if (s.startsWith("jnetkit ")) out.add(s);
            }
        }
        return out;
    }

    /** A description, header or footer as lines: its elements split at picocli's {@code %n} and at line breaks. */
    public static List<String> lines(String... text) {
        List<String> out = new ArrayList<>();
        for (String element : text) {
            for (String line : element.replace("%n", "\n").split("\n", -1)) {
                out.add(line.stripTrailing());
            }
        }
        return out;
    }
}
