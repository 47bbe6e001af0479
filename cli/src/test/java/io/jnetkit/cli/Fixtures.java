package io.jnetkit.cli;

import io.jnetkit.elf.Examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Set-ups several CLI tests share. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * The seed's layout through the CLI: a netkit pair made in {@code host}, its primary task_nk
     * moved into {@code pod} with {@code podIp}/24 and up, its peer nk0 left in {@code host} with
     * 10.0.0.1/24 and up.
     */
    public static void seedPair(String host, String pod, String podIp) {
        CliRun.ok("-n", host, "link", "add", "task_nk", "type", "netkit");
        CliRun.ok("-n", host, "link", "set", "task_nk", "netns", pod);
        CliRun.ok("-n", pod, "addr", "add", podIp + "/24", "dev", "task_nk");
        CliRun.ok("-n", pod, "link", "set", "task_nk", "up");
        CliRun.ok("-n", host, "addr", "add", "10.0.0.1/24", "dev", "nk0");
        CliRun.ok("-n", host, "link", "set", "nk0", "up");
    }

    /** The examples' port_filter.o (the classpath copy the CLI jar carries) written into {@code dir}. */
    public static Path portFilter(Path dir) throws IOException {
        Path obj = dir.resolve("port_filter.o");
        try (InputStream in = Examples.class.getResourceAsStream(Examples.PORT_FILTER)) {
            Files.write(obj, in.readAllBytes());
        }
        return obj;
    }
}
