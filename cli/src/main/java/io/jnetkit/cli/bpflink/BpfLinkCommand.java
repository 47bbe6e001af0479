package io.jnetkit.cli.bpflink;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit bpflink …}. */
@Command(name = "bpflink", mixinStandardHelpOptions = true,
        description = {"Show BPF links, the attachments that attach and policy apply pin (bpftool link).",
                "The word is bpflink because link means a network device here, as in ip: jnetkit link show "
                + "lists devices, jnetkit bpflink show lists what bpftool link show lists."},
        subcommands = {BpfLinkShow.class})
public final class BpfLinkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
