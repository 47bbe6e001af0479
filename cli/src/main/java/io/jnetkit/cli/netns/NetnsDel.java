package io.jnetkit.cli.netns;

import io.jnetkit.netns.NetNamespaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** Equivalent to {@code ip netns del NAME…}. */
@Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
        description = {"Delete named network namespaces (devices in them go with them).",
                "Example: jnetkit netns del task_netns"})
public final class NetnsDel implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Namespace names.")
    List<String> names;

    @Override
    public Integer call() {
        for (String n : names) {
            NetNamespaces.validateName(n);
            if (!NetNamespaces.exists(n)) {
                throw new io.jnetkit.cli.Exit.NotFoundException("netns \"" + n + "\" does not exist");
            }
        }
        for (String n : names) {
            NetNamespaces.delete(n);
        }
        return 0;
    }
}
