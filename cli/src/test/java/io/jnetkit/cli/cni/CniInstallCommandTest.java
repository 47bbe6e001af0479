package io.jnetkit.cli.cni;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jnetkit cni install: the launcher and the config, refusals, nothing half-written. */
class CniInstallCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void home() {
        System.setProperty("jnetkit.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("jnetkit.home");
    }

    @Test
    void installsTheLauncherAndAConfig() throws Exception {
        Path bin = dir.resolve("bin");
        Path conf = dir.resolve("net.d");
        CliRun r = CliRun.ok("cni", "install", "--bin-dir", bin.toString(), "--conf-dir", conf.toString(), "--name", "pods",
                "--subnet", "10.86.0.0/16");
        assertTrue(r.out().endsWith("CNI plugin jnetkit installed; network pods on 10.86.0.0/16\n"), r.out());
        Path launcher = bin.resolve("jnetkit");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
        assertTrue(Files.readString(launcher).contains("exec '" + Path.of("..").toAbsolutePath().normalize() + "/bin/jnetkit-cni' \"$@\""),
                Files.readString(launcher));
        assertEquals("{\"cniVersion\":\"1.0.0\",\"name\":\"pods\",\"plugins\":[{\"type\":\"jnetkit\",\"datapath\":\"auto\","
                + "\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10.86.0.0/16\"}]]}}]}\n",
                Files.readString(conf.resolve("10-jnetkit-pods.conflist")));

        CliRun again = CliRun.fails(Exit.USAGE, "cni", "install", "--bin-dir", bin.toString(), "--conf-dir", conf.toString(), "--name", "pods");
        assertTrue(again.err().contains("exists; --force replaces it"), again.err());
        CliRun.ok("cni", "install", "--bin-dir", bin.toString(), "--conf-dir", conf.toString(), "--name", "pods", "--force");
        assertTrue(Files.readString(conf.resolve("10-jnetkit-pods.conflist")).contains("10.85.0.0/16"), "the default subnet replaced it");
        CliRun json = CliRun.ok("--json", "cni", "install", "--bin-dir", bin.toString(), "--no-conf");
        assertEquals("{\"written\":[\"" + launcher + "\"],\"type\":\"jnetkit\",\"network\":\"jnetkit\"}\n", json.out());
    }

    @Test
    void badInputWritesNothing() throws Exception {
        Path bin = dir.resolve("bin");
        Path conf = dir.resolve("net.d");
        for (List<String> args : List.of(
                List.of("--subnet", "10.1.2.3/16"),
                List.of("--subnet", "banana"),
                List.of("--name", "-bad"),
                List.of("--name", "a/b"))) {
            List<String> all = new java.util.ArrayList<>(List.of("cni", "install", "--bin-dir", bin.toString(), "--conf-dir", conf.toString()));
            all.addAll(args);
            CliRun r = CliRun.fails(Exit.USAGE, all.toArray(String[]::new));
            assertTrue(r.err().startsWith("jnetkit: install the CNI plugin: "), r.err());
        }
        assertFalse(Files.exists(bin), "nothing written");
        // A config directory that cannot be made (a file in the way): the launcher is not left behind.
        Files.writeString(dir.resolve("file"), "x");
        CliRun r = CliRun.of("cni", "install", "--bin-dir", bin.toString(), "--conf-dir", dir.resolve("file").resolve("d").toString());
        assertEquals(Exit.KERNEL.code, r.exit(), r.toString());
        assertFalse(Files.exists(bin.resolve("jnetkit")), "all or nothing: " + r);
    }
}
