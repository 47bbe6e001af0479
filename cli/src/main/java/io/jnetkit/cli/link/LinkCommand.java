package io.jnetkit.cli.link;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit link …}. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Create, change, show and delete network devices (ip link).",
        subcommands = {LinkAdd.class, LinkDel.class, LinkSet.class, LinkShow.class})
public final class LinkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
