package io.jnetkit.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ip netns exec NS sysctl -w …} without a process: /proc/sys/net resolves against the
 * network namespace of the thread that opens the file, so {@link NetNs#callInPlace} reads and writes
 * the namespace's own values. Used by the pod service (forwarding, DAD), the topology engine
 * (its nodes) and the CNI plugin (the node's forwarding).
 */
public final class Sysctl {
    private Sysctl() {}

    /** The value at {@code /proc/sys/<key>} in {@code ns}, or null when there is no such file (IPv6 disabled, device gone). */
    public static String read(NetNs ns, String key) {
        return ns.callInPlace(() -> {
            Path p = Path.of("/proc/sys", key);
            return Files.exists(p) ? Files.readString(p).strip() : null;
        });
    }

    /** Writes {@code value} unless it is already set; false when the file does not exist. */
    public static boolean write(NetNs ns, String key, String value) {
        return ns.callInPlace(() -> {
            Path p = Path.of("/proc/sys", key);
            if (!Files.exists(p)) return false;
            try {
                if (!Files.readString(p).strip().equals(value)) Files.writeString(p, value);
            } catch (IOException e) {
                throw new UncheckedIOException("write " + value + " to " + p + " in netns " + ns.label() + ": " + e.getMessage(), e);
            }
            return true;
        });
    }
}
