package io.jnetkit.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The training run the build records the CLI's ahead-of-time cache from (JDK 25,
 * {@code -XX:AOTCacheOutput}, JEP 483/514/515): the read-only commands users call most, a usage
 * error and {@code --help}, in one JVM, output discarded. The cache then holds every class they
 * load, already linked, so a later {@code jnetkit link show} starts from it instead of from the
 * jars. A command that fails here (no root, no bpffs) still loads its classes.
 */
public final class AotTraining {
    private AotTraining() {}

    static final String[][] COMMANDS = {
            {"link", "show"}, {"-j", "link", "show"}, {"addr", "show"}, {"route", "show"}, {"netns", "list"},
            {"net", "show"}, {"-j", "net", "show"}, {"prog", "show"}, {"policy", "compile", "deny tcp dport 1; allow any"},
            {"link", "show", "no-such-device-x"}, {"link", "frobnicate"}, {"--help"}, {"link", "--help"},
            {"__complete", "--", "link", "show", ""},   // a TAB in bash or zsh
    };

    public static void main(String[] args) throws ClassNotFoundException {
        // Loaded by verification of picocli's own classes but never initialized by a run that
        // goes well: an unlinked class cannot be cached, and neither can its subclasses.
        for (String c : new String[] {"picocli.CommandLine$PicocliException", "picocli.CommandLine$ParameterException"}) {
            Class.forName(c, true, AotTraining.class.getClassLoader());
        }
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (String[] command : COMMANDS) {
            Main.run(sink, sink, command);
        }
        // The same lines through picocli (FastPath takes the hot ones): `link show -d` and the like.
        for (String[] command : new String[][] {{"link", "show", "-d"}, {"addr", "show", "--json"}, {"net", "show", "-j"}}) {
            Main.run(sink, sink, command);
        }
        // Main ends with System.exit, whose exit logging (Runtime.exit's System.Logger) loads ~20
        // classes from the runtime image: ending the same way puts them in the cache too.
        System.exit(0);
    }
}
