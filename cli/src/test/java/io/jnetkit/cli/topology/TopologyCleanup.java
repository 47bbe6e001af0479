package io.jnetkit.cli.topology;

import io.jnetkit.cli.CliRun;
import io.jnetkit.netns.NetNamespaces;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A test's own topology name, and what is left of it after the test, pass or fail: {@code jnetkit
 * down -f FILE} (in the namespace the pods were wired to), then any {@code tp-NAME-} namespace.
 */
final class TopologyCleanup implements AfterEachCallback {
    private String name;
    private Path file;
    private String netns;

    /** A fresh topology name: {@code first} and 7 of [a-z0-9]. */
    String newName(char first) {
        StringBuilder b = new StringBuilder().append(first);
        for (int i = 0; i < 7; i++) b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(ThreadLocalRandom.current().nextInt(36)));
        // Claimed: the tp-NAME- namespaces and pins carry it, and NoKernelLeaks checks them.
        name = io.jnetkit.testkit.TestNames.claim(b.toString());
        return name;
    }

    /** The file to take down after the test; {@code netns}: its -n, or null. */
    void track(Path file, String netns) {
        this.file = file;
        this.netns = netns;
    }

    /** The test took it down itself. */
    void done() {
        file = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (file != null) {
            CliRun.of(netns == null ? new String[] {"down", "-f", file.toString()}
                    : new String[] {"-n", netns, "down", "-f", file.toString()});
        }
        if (name == null) return;
        for (String n : NetNamespaces.list()) {
            if (n.startsWith("tp-" + name + "-")) NetNamespaces.delete(n);
        }
    }
}
