package io.jnetkit.cli.cni;

import picocli.CommandLine.Command;

/** {@code jnetkit cni …}: the CNI plugin for container runtimes. */
@Command(name = "cni", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Install the CNI plugin jnetkit for containerd, CRI-O and podman.",
                "Runtimes then give every container a netkit pair (veth where the kernel has none), "
                + "addresses from host-local, host routes and the network's policy."})
public final class CniCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
