package io.jnetkit.cli.link;

import io.jnetkit.cli.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Equivalent to {@code ip link del NAME}; deleting either end of a netkit or veth pair deletes both. */
@Command(name = "del", aliases = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a device (either end of a pair deletes both).", "Example: jnetkit link del task_nk"})
public final class LinkDel implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "[dev] NAME", arity = "1..2", description = "Device name (\"dev\" optional).")
    java.util.List<String> words;

    @Override
    public Integer call() {
        String name = words.size() == 2 && words.get(0).equals("dev") ? words.get(1) : words.getFirst();
        if (words.size() == 2 && !words.get(0).equals("dev")) {
            throw new io.jnetkit.cli.Exit.UsageException("link del: unexpected \"" + words.get(1) + "\"");
        }
        try (Kernel k = Kernel.open()) {
            k.rtnl().links().delete(name);
        }
        return 0;
    }
}
