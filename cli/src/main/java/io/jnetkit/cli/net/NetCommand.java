package io.jnetkit.cli.net;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit net …}. */
@Command(name = "net", mixinStandardHelpOptions = true,
        description = "Show BPF programs on network hooks (bpftool net), netkit included.")
public final class NetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
