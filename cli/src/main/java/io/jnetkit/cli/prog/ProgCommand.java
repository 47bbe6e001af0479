package io.jnetkit.cli.prog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit prog …}. */
@Command(name = "prog", mixinStandardHelpOptions = true,
        description = "Load, pin, show, dump and test-run BPF programs (bpftool prog).")
public final class ProgCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
