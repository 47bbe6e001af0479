package io.jnetkit.cli.netns;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.netns.NetNamespaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** Equivalent to {@code ip netns list}. */
@Command(name = "list", aliases = {"show", "ls"}, mixinStandardHelpOptions = true,
        description = {"List named network namespaces.", "Example: jnetkit netns list --json"})
public final class NetnsList implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Set by {@link #run}: the fast path, which runs this command without picocli (no spec). */
    private PrintWriter fastOut;

    /** This command as picocli would run it with these positional words (null: none), printing to {@code out}. */
    public static int run(PrintWriter out, List<String> words) {
        NetnsList c = new NetnsList();
        c.fastOut = out;
        if (words != null && !words.isEmpty()) throw new IllegalArgumentException("netns list takes no words");
        Integer rc = c.call();
        return rc == null ? 0 : rc;
    }

    private PrintWriter out() {
        return fastOut != null ? fastOut : spec.commandLine().getOut();
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
