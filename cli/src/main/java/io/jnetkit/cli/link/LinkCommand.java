package io.jnetkit.cli.link;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jnetkit link …}. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Create, change, show and delete network devices (ip link).")
public final class LinkCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: show, as {@code ip link} alone is {@code ip link show}. */
    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        // its object, not execute(): a second parse would reset the global options (-j, -n) already set
        return ((java.util.concurrent.Callable<Integer>) spec.commandLine().getSubcommands().get("show").getCommand()).call();
    }
}
