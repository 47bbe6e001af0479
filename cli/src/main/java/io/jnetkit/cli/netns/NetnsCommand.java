package io.jnetkit.cli.netns;

import picocli.CommandLine.Command;

/** {@code jnetkit netns …}: named network namespaces, shared with iproute2. */
@Command(name = "netns", description = "Manage named network namespaces (shared with ip netns).",
        mixinStandardHelpOptions = true)
public final class NetnsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        new NetnsList().call(spec.commandLine().getOut());
    }
}
