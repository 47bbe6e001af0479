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

    /** One namespace as printed. */
    public record Entry(String name) {}

    @Override
    public Integer call() {
        call(spec.commandLine().getOut());
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
