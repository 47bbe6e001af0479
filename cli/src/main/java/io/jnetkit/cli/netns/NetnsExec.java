package io.jnetkit.cli.netns;

import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a command with its network namespace set to NAME, like {@code nsenter --net=/run/netns/NAME}.
 * Unlike {@code ip netns exec} it does not remount /sys, so bpffs pins under /sys/fs/bpf stay visible.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command inside a named network namespace; exits with its status.",
                "Example: jnetkit netns exec task_netns -- ping -c 1 10.0.0.1"})
public final class NetnsExec implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Namespace name or path.")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "Command and its arguments (put -- before it).")
    List<String> command;

    @Override
    public Integer call() {
        try (NetNs ns = NetNs.open(name)) {
            // The child is forked from a thread inside the namespace, so it starts there.
            return ns.call(() -> {
                Process p;
                try {
                    p = new ProcessBuilder(command).inheritIO().start();
                } catch (IOException e) {
                    throw new Exit.NotFoundException("exec " + command.getFirst() + ": " + e.getMessage());
                }
                return p.waitFor();
            });
        }
    }
}
