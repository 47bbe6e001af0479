package io.jnetkit.cli;

import io.jnetkit.cli.addr.AddrCommand;
import io.jnetkit.cli.link.LinkShow;
import io.jnetkit.cli.net.NetShow;
import io.jnetkit.cli.netns.NetnsList;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The hottest read-only command lines without picocli: {@code [GLOBAL…] link show [WORD…]},
 * {@code addr show [WORD…]}, {@code net show [WORD…]} and {@code netns list} (and their aliases),
 * with the global options as separate words before the command ({@code -j -d -s -br -4 -6
 * --debug --no-follow}, {@code -n NS}). picocli's model of even one command (reflection over its
 * annotations, a proxy per annotation type) is the larger part of such a call's start-up; these
 * lines run the very command objects picocli would, with the same fields set, the same output and
 * the same error handling ({@link Main#failed}). Anything else, also any word that starts with
 * {@code -} or {@code @} after the global options (an option picocli would parse, {@code --help},
 * an {@code @file}), a repeated option or a word count the command refuses, goes to picocli
 * unchanged: this never decides an error picocli would report.
 */
final class FastPath {
    private FastPath() {}

    private enum Cmd { LINK, ADDR, NET, NETNS }

    /** The exit code of the command line run here, or null when picocli must run it. */
    static Integer run(PrintWriter out, PrintWriter err, String... args) {
        boolean json = false, details = false, stats = false, brief = false, debug = false, noFollow = false;
        boolean v4 = false, v6 = false;
        String netns = null;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) return null;    // picocli reads @FILE's words
            if (!a.startsWith("-")) break;
            // a second one is picocli's "should be specified only once" error
            switch (a) {
                case "-j", "--json" -> { if (json) return null; json = true; }
                case "-d", "--details" -> { if (details) return null; details = true; }
                case "-s", "--stats" -> { if (stats) return null; stats = true; }
                case "-br", "--brief" -> { if (brief) return null; brief = true; }
                case "--debug" -> { if (debug) return null; debug = true; }
                case "--no-follow" -> { if (noFollow) return null; noFollow = true; }
                case "-4" -> { if (v4 || v6) return null; v4 = true; }
                case "-6" -> { if (v4 || v6) return null; v6 = true; }
                case "-n", "--netns" -> {
                    if (netns != null || i + 1 == args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) {
                        return null;
                    }
                    netns = args[++i];
                }
                default -> { return null; }
            }
        }
        if (i + 2 > args.length) return null;
        Cmd cmd = command(args[i], args[i + 1]);
        if (cmd == null) return null;
        List<String> words = null;
        for (int j = i + 2; j < args.length; j++) {
            if (args[j].startsWith("-") || args[j].startsWith("@")) return null;
            if (words == null) words = new ArrayList<>();
            words.add(args[j]);
        }
        int n = words == null ? 0 : words.size();
        // the commands' arity: more words are picocli's error to give
        if (cmd == Cmd.ADDR && n > 3 || cmd == Cmd.NET && n > 2 || cmd == Cmd.NETNS && n > 0) return null;
        if (Main.undecodable(args) != null) return null;

        Global.reset();
        Global.json = json;
        Global.details = details;
        Global.stats = stats;
        Global.brief = brief;
        Global.debug = debug;
        Global.noFollow = noFollow;
        Global.family = v4 ? io.jnetkit.net.IpFamily.V4 : v6 ? io.jnetkit.net.IpFamily.V6 : null;
        Global.netns = netns;
        try {
            return switch (cmd) {
                case LINK -> LinkShow.run(out, words);
                case ADDR -> AddrCommand.Show.run(out, words);
                case NET -> NetShow.run(out, words);
                case NETNS -> NetnsList.run(out, words);
            };
        } catch (Exception e) {
            return Main.failed(out, err, json, e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Cmd command(String word, String sub) {
        boolean show = sub.equals("show") || sub.equals("list") || sub.equals("ls");
        if (!show) return null;
        return switch (word) {
            case "link" -> Cmd.LINK;
            case "addr", "address" -> Cmd.ADDR;
            case "net" -> Cmd.NET;
            case "netns" -> Cmd.NETNS;
            default -> null;
        };
    }
}
