package io.jnetkit.cli.netns;

import io.jnetkit.netns.NetNamespaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Equivalent to {@code ip netns add NAME}. */
@Command(name = "add", description = {"Create a named network namespace.", "Example: jnetkit netns add task_netns"},
        mixinStandardHelpOptions = true)
public final class NetnsAdd implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Namespace name (a file under /run/netns).")
    String name;

    @Override
    public Integer call() {
        NetNamespaces.add(name).close();
        return 0;
    }
}
