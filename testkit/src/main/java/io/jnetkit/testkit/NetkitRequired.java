package io.jnetkit.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails a netkit-tier test up front, with the reason, when the running kernel has no netkit. */
public final class NetkitRequired implements BeforeEachCallback {
    private static volatile String verdict;

    @Override
    public void beforeEach(ExtensionContext context) {
        String v = verdict();
        if (v != null) {
            throw new AssertionError(v);
        }
    }

    /** Null when netkit is there, else why not. */
    public static String verdict() {
        String v = verdict;
        if (v == null) {
            v = probe();
            verdict = v;
        }
        return v.isEmpty() ? null : v;
    }

    private static String probe() {
        String release = System.getProperty("os.version");
        // netkit registers its rtnl_link_ops from netkit_init; its symbols are in kallsyms whenever
        // the driver is built in or loaded. Root sees real addresses, but names suffice.
        Path kallsyms = Path.of("/proc/kallsyms");
        try (BufferedReader r = Files.newBufferedReader(kallsyms, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.endsWith(" netkit_xmit") || line.contains(" netkit_xmit\t")) {
                    return "";
                }
            }
        } catch (IOException e) {
            return "netkit tier: cannot read " + kallsyms + " to check for netkit: " + e.getMessage();
        }
        return "netkit tier: the running kernel " + release + " has no netkit (CONFIG_NETKIT, Linux 6.7+); "
                + "run the netkit tier through bin/test, which boots the kernel lab guest";
    }
}
