package io.jnetkit.cli;

import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/bench-startup 1 --json} so that it never rots: one repeat of each command with the
 * code under test as the launcher (a script exec'ing this JVM's java on the test's module path, so
 * that the test never starts a build), every command timed, its ratio to {@code java -version}
 * given. The figures themselves are not looked at.
 */
@HostTest
class BenchStartupHostTest {
    @TempDir
    Path dir;

    @Test
    void oneRepeatOfEachCommand() throws Exception {
        Path launcher = dir.resolve("jnetkit");
        Files.writeString(launcher, "#!/bin/sh\n" + JvmCommand.execLine(Main.class));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("bin")) && Files.isDirectory(here.resolve("cli")) ? here : here.getParent();
        Process p = new ProcessBuilder(root.resolve("bin/bench-startup").toString(), "1", "--json", "--jnetkit", launcher.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        assertTrue(Pattern.compile("\"command\":\"java -version\",\"tool\":\"java\",\"median_ms\":[0-9.]+").matcher(json).find(), out);
        for (String c : new String[] {"link show", "addr show", "net show", "netns list"}) {
            assertTrue(Pattern.compile("\"command\":\"" + c + "\",\"tool\":\"bin/jnetkit\",\"median_ms\":[0-9.]+,"
                    + "\"min_ms\":[0-9.]+,\"max_ms\":[0-9.]+,\"cpu_ms\":[0-9.]+,\"n\":1,\"x_jvm\":[0-9.]+,").matcher(json).find(), c + ": " + out);
        }
        assertTrue(json.endsWith("]}"), out);
    }
}
