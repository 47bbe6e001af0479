package io.jnetkit.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completion's answers that come from the command model alone (no kernel). */
class CompletionTest {
    private static List<String> complete(String... words) {
        return Completion.complete(List.of(words));
    }

    @Test
    void commandsAndSubcommandsByPrefix() {
        assertEquals(List.of("link"), complete("li"));
        assertTrue(complete("").containsAll(List.of("doctor", "netns", "link", "addr", "policy", "completion")),
                complete("").toString());
        assertTrue(complete("").stream().noneMatch(c -> c.startsWith("__")), "the hidden command is offered");
        assertEquals(List.of("apply"), complete("policy", "ap"));
        assertTrue(complete("-n", "pod1", "link", "s").containsAll(List.of("show", "set")), complete("-n", "pod1", "link", "s").toString());
    }

    @Test
    void optionsOfTheCommandBeingTyped() {
        List<String> opts = complete("policy", "stats", "--");
        assertTrue(opts.containsAll(List.of("--watch", "--count", "--interval", "--json", "--netns")), opts.toString());
        assertEquals(List.of("--details"), complete("link", "show", "--de").stream().filter(o -> !o.equals("--debug")).toList());
    }

    @Test
    void wordsOfTheGrammarAndFiles() {
        assertEquals(List.of("netkit", "veth"), complete("link", "add", "nk0", "type", ""));
        assertEquals(List.of("l2", "l3"), complete("link", "add", "nk0", "type", "netkit", "mode", ""));
        assertEquals(List.of("bash", "zsh"), complete("completion", ""));
        assertEquals(List.of(Completion.FILES), complete("policy", "compile", "-o", ""));
        assertEquals(List.of(Completion.FILES), complete("attach", "nk0", "peer", ""));
        assertEquals(List.of("tcx-ingress", "tcx-egress"), complete("attach", "eth0", "tcx"));
    }

    @Test
    void theScriptsAreInTheJarAndCallTheHiddenCommand() {
        CliRun bash = CliRun.of("completion", "bash");
        assertEquals(0, bash.exit(), bash.toString());
        assertTrue(bash.out().contains("__complete --") && bash.out().contains("complete -F _jnetkit jnetkit"), bash.out());
        CliRun zsh = CliRun.of("completion", "zsh");
        assertTrue(zsh.out().startsWith("#compdef jnetkit"), zsh.out());
        assertEquals(Exit.USAGE.code, CliRun.of("completion", "fish").exit());
    }
}
