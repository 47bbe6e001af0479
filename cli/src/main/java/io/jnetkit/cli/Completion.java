package io.jnetkit.cli;

import io.jnetkit.hooks.Bpffs;
import io.jnetkit.hooks.HookAddress;
import io.jnetkit.hooks.HookName;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.Rtnl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Shell completion. The bash and zsh scripts ({@code jnetkit completion bash|zsh}) are thin: on
 * TAB they run {@code jnetkit __complete -- WORD...} with the words typed so far and offer what it
 * prints. The answers come from the picocli model (commands, aliases, options) and, as {@code ip}'s
 * completion lists devices, from the kernel: device names in the namespace of {@code -n} (or the
 * current one), names under {@code /run/netns}, and the hooks that carry jnetkit's pins.
 */
public final class Completion {
    /** Printed alone when the word is a file name: the script completes files itself. */
    static final String FILES = ":files";

    private Completion() {}

    /** {@code jnetkit completion bash|zsh}: prints the script to source. */
    @Command(name = "completion", mixinStandardHelpOptions = true,
            header = "Print the bash or zsh completion script.",
            description = {
                    "Print the completion script for bash or zsh: commands, options, device names "
                            + "(in the -n namespace), namespace names and hooks with jnetkit's pins complete "
                            + "on TAB. The Debian package installs the bash script; otherwise source it.",
                    "",
                    "Examples:",
                    "  source <(jnetkit completion bash)             # in ~/.bashrc",
                    "  jnetkit completion zsh > ~/.zfunc/_jnetkit    # fpath+=~/.zfunc",
            })
    public static final class Script implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
        String shell;

        @Override
        public Integer call() {
            String resource = switch (shell) {
                case "bash" -> "completion.bash";
                case "zsh" -> "completion.zsh";
                default -> throw new Exit.UsageException("print completion: no script for shell '" + shell
                        + "' (bash or zsh)");
            };
            spec.commandLine().getOut().print(script(resource));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The script shipped in this module's jar ({@code completion.bash}, {@code completion.zsh}). */
    public static String script(String resource) {
        try (InputStream in = Completion.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("read completion script: " + resource + " is not in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jnetkit __complete -- WORD...}: what the shell scripts call; one candidate per line. */
    @Command(name = "__complete", hidden = true, description = "The candidates for the last word, one per line.")
    public static final class Candidates implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", description = "The words after jnetkit; the last is being completed.")
        List<String> words = new ArrayList<>();

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (String c : complete(words)) out.println(c);
            out.flush();
        }
    }

    /** The candidates for the last of {@code words} (the words after {@code jnetkit}; the last may be ""). */
    public static List<String> complete(List<String> words) {
        List<String> w = words.isEmpty() ? List.of("") : words;
        String cur = w.getLast();
        CommandSpec spec = Main.commandLine("--help").getCommandSpec();
        String netns = null;
        List<String> positional = new ArrayList<>();
        String prev = null;
        OptionSpec valueOf = null;
        for (String word : w.subList(0, w.size() - 1)) {
            prev = word;
            if (valueOf != null) {
                if (valueOf.longestName().equals("--netns")) netns = word;
                valueOf = null;
                continue;
            }
            if (word.startsWith("-") && word.length() > 1) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                OptionSpec o = spec.findOption(name);
                if (o != null && !o.typeInfo().isBoolean() && !word.contains("=")) valueOf = o;
                if (o != null && o.longestName().equals("--netns") && word.contains("=")) {
                    netns = word.substring(word.indexOf('=') + 1);
                }
                continue;
            }
            CommandLine sub = positional.isEmpty() ? spec.subcommands().get(word) : null;
            if (sub != null) {
                spec = sub.getCommandSpec();
            } else {
                positional.add(word);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        if (valueOf != null) {
            if (valueOf.longestName().equals("--netns")) {
                out.addAll(namespaces());
            } else if (valueOf.paramLabel().matches(".*(FILE|PATH|DIR|OUT).*")) {
                return List.of(FILES);
            }
            return filter(out, cur);
        }
        if (cur.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) out.addAll(Arrays.asList(o.names()));
            }
            return filter(new TreeSet<>(out), cur);
        }
        if (!spec.subcommands().isEmpty() && positional.isEmpty()) {
            for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
                CommandSpec s = e.getValue().getCommandSpec();
                if (!s.usageMessage().hidden() && !(e.getValue().getCommand() instanceof CommandLine.HelpCommand)) {
                    out.add(e.getKey());
                }
            }
            return filter(out, cur);
        }
        String command = spec.qualifiedName(" ").replaceFirst("^jnetkit ?", "");
        int pos = positional.size();
        if ("dev".equals(prev)) {
            out.addAll(devices(netns));
        } else if ("netns".equals(prev) && !command.startsWith("netns")) {
            out.addAll(namespaces());
        } else {
            switch (command) {
                case "netns del", "netns exec" -> { if (pos == 0 || command.equals("netns del")) out.addAll(namespaces()); }
                case "link del", "link set", "link show", "net show", "addr show" -> {
                    if (pos == 0) { out.addAll(devices(netns)); out.add("dev"); }
                    else if (command.equals("link set")) out.addAll(List.of("up", "down", "mtu", "name", "address", "netns", "type"));
                }
                case "link add" -> {
                    if ("type".equals(prev)) out.addAll(List.of("netkit", "veth"));
                    else if ("mode".equals(prev)) out.addAll(List.of("l2", "l3"));
                    else if ("scrub".equals(prev)) out.addAll(List.of("default", "none"));
                }
                case "addr add", "addr del", "route add", "route del" -> {
                    if (pos > 0) out.add("dev");
                }
                case "attach", "policy apply" -> {
                    if (pos == 0) out.addAll(devices(netns));
                    else if (pos == 1) out.addAll(HookWords.ALL);
                    else if (command.equals("attach") && pos == 2) return List.of(FILES);
                }
                case "detach", "policy show", "policy stats", "policy remove" -> {
                    if (pos == 0) { out.addAll(devices(netns)); out.addAll(pinnedDevices()); }
                    else if (pos == 1) {
                        List<String> pinned = pinnedHooks(positional.get(0));
                        out.addAll(pinned.isEmpty() ? HookWords.ALL : pinned);
                    } else if (command.equals("detach") && pos == 2) out.addAll(List.of("all", "id", "link-id", "pinned"));
                }
                case "completion" -> { if (pos == 0) out.addAll(List.of("bash", "zsh")); }
                case "prog load", "prog test-run", "policy compile" -> { return List.of(FILES); }
                default -> { }
            }
        }
        return filter(out, cur);
    }

    private static final class HookWords {
        static final List<String> ALL = Stream.of(HookName.values()).map(HookName::word).toList();
    }

    private static List<String> filter(Set<String> candidates, String prefix) {
        return candidates.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    /** Device names in namespace {@code netns} (null: the current one); none when it cannot be read. */
    static List<String> devices(String netns) {
        try (NetNs ns = netns == null ? NetNs.current() : NetNs.open(netns); Rtnl rtnl = Rtnl.open(ns)) {
            return rtnl.links().list().stream().map(Link::name).sorted().toList();
        } catch (RuntimeException e) {
            return List.of();   // not root, no such namespace: nothing to offer, no error on a TAB
        }
    }

    static List<String> namespaces() {
        try {
            return NetNamespaces.list().stream().sorted().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The hook directories jnetkit pinned under bpffs: {@code <netns>/<device>/<hook>}. */
    private static List<HookAddress> pinned() {
        Path dir = Bpffs.DEFAULT.resolve("jnetkit");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.find(dir, 3, (p, a) -> a.isDirectory())) {
            return s.map(p -> HookAddress.ofDir(dir, p)).filter(a -> a != null).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    static List<String> pinnedDevices() {
        return pinned().stream().map(HookAddress::device).distinct().sorted().toList();
    }

    static List<String> pinnedHooks(String device) {
        return pinned().stream().filter(a -> a.device().equals(device)).map(a -> a.hook().word()).distinct().sorted().toList();
    }
}
