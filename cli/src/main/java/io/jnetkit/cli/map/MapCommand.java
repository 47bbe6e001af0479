package io.jnetkit.cli.map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit map …}. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Show, dump, look up and update BPF maps (bpftool map).")
public final class MapCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
