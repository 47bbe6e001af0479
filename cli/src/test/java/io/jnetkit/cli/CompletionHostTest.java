package io.jnetkit.cli;

import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bash completion as a user meets it: bash with the script sourced, COMP_WORDS and COMP_CWORD
 * set as readline sets them, {@code _jnetkit} run, COMPREPLY read back. The CLI it calls is a
 * launcher named jnetkit running this build; the devices, namespace and pinned hook are real.
 */
@HostTest
class CompletionHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @TempDir
    Path dir;

    private Path launcher;
    private Path script;

    private void writeLauncher() throws Exception {
        if (launcher == null) {
            launcher = dir.resolve("jnetkit");
            Files.writeString(launcher, "#!/bin/sh\n" + JvmCommand.execLine(Main.class));
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
            script = dir.resolve("jnetkit.bash");
            Files.writeString(script, Completion.script("completion.bash"));
        }
    }

    private List<String> tab(String... words) throws Exception {
        writeLauncher();
        StringBuilder b = new StringBuilder("source '" + script + "'; COMP_WORDS=('" + launcher + "'");
        for (String w : words) b.append(" '").append(w).append('\'');
        b.append("); COMP_CWORD=").append(words.length).append("; _jnetkit; printf '%s\\n' \"${COMPREPLY[@]}\"");
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", b.toString());
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> reply = new ArrayList<>(out.lines().filter(l -> !l.isEmpty()).toList());
        return reply;
    }

    /**
     * zsh: the script sourced with the completion system's compadd, _files and compdef replaced by
     * functions that print what they are given (the script's own logic runs in real zsh).
     */
    private List<String> zshTab(String... words) throws Exception {
        writeLauncher();
        Path zsh = dir.resolve("_jnetkit");
        Files.writeString(zsh, Completion.script("completion.zsh"));
        StringBuilder b = new StringBuilder("compdef() { :; }; compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; "
                + "[[ $1 == -- ]] && shift; print -l -- \"$@\"; }; _files() { print -- :files; }; source '" + zsh
                + "'; words=('" + launcher + "'");
        for (String w : words) b.append(" '").append(w).append('\'');
        b.append("); CURRENT=").append(words.length + 1).append("; _jnetkit");
        ProcessBuilder pb = new ProcessBuilder("zsh", "-f", "-c", b.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void zshOffersTheSameCandidates() throws Exception {
        CliRun.ok(CliRun.withNetns(ns.name(), "link", "add", "cmplz0", "type", "veth", "peer", "name", "cmplz1"));
        assertEquals(List.of("link"), zshTab("li"));
        assertEquals(List.of("cmplz0", "cmplz1"), zshTab("-n", ns.name(), "link", "show", "cm"));
        assertEquals(List.of(":files"), zshTab("prog", "load", ""));
    }

    @Test
    void devicesNamespacesHooksAndFiles() throws Exception {
        CliRun.ok(CliRun.withNetns(ns.name(), "link", "add", "cmpl0", "type", "veth", "peer", "name", "cmpl1"));
        assertEquals(List.of("link"), tab("li"));
        assertEquals(List.of("cmpl0", "cmpl1"), tab("-n", ns.name(), "link", "show", "cm"));
        assertEquals(List.of("cmpl1"), tab("-n", ns.name(), "addr", "add", "10.0.0.1/24", "dev", "cmpl1"));
        String prefix = ns.name().substring(0, ns.name().length() - 2);
        assertTrue(tab("netns", "del", prefix).contains(ns.name()), "namespace names");
        assertEquals(List.of(ns.name()), tab("-n", prefix).stream().filter(n -> n.equals(ns.name())).toList());

        // hooks: any of the four where something can be attached, only those with jnetkit's pins
        // where something is shown or removed
        assertEquals(List.of("primary", "peer", "tcx-ingress", "tcx-egress"), tab("-n", ns.name(), "policy", "apply", "cmpl0", ""));
        CliRun.ok(CliRun.withNetns(ns.name(), "policy", "apply", "cmpl0", "tcx-egress", "deny udp dport 53; allow any"));
        try {
            assertEquals(List.of("tcx-egress"), tab("-n", ns.name(), "policy", "show", "cmpl0", ""));
        } finally {
            CliRun.ok(CliRun.withNetns(ns.name(), "policy", "remove", "cmpl0", "tcx-egress"));
        }

        Files.writeString(dir.resolve("filter.o"), "");
        assertEquals(List.of("filter.o"), tab("prog", "load", "fil"));
    }
}
