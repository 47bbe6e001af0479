package io.jnetkit.cli.netns;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.netns.NetNamespaces;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** Equivalent to {@code ip netns list}. */
@Command(name = "list", aliases = {"show", "ls"}, mixinStandardHelpOptions = true,
        description = {"List named network namespaces.", "Example: jnetkit netns list --json"})
public final class NetnsList extends io.jnetkit.cli.ShowCommand {
    /** This command as picocli would run it with these positional words (null: none), printing to {@code out}. */
    public static int run(PrintWriter out, List<String> words) {
        NetnsList c = new NetnsList();
        if (words != null && !words.isEmpty()) throw new IllegalArgumentException("netns list takes no words");
        return c.runWithoutPicocli(out);
    }

    /** One namespace as printed. */
    public record Entry(String name) {}

    @Override
    public Integer call() {
        call(out());
        return 0;
    }

    void call(PrintWriter out) {
        List<Entry> entries = NetNamespaces.list().stream().map(Entry::new).toList();
        if (Global.json()) {
            out.println(Json.write(entries));
        } else {
            entries.forEach(e -> out.println(e.name()));
        }
        out.flush();
    }
}
