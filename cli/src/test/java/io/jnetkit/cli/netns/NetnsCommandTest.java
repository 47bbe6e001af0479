package io.jnetkit.cli.netns;

import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HostTest
class NetnsCommandTest {
    private final String name = FreshNetns.uniqueName("jnk-cli");

    @AfterEach
    void cleanUp() {
        if (NetNamespaces.exists(name)) {
            NetNamespaces.delete(name);
        }
    }

    @Test
    void addListExecDel() {
        assertEquals(0, CliRun.of("netns", "add", name).exit());
        CliRun list = CliRun.of("netns", "list");
        assertTrue(list.out().lines().anyMatch(name::equals), list.toString());
        CliRun json = CliRun.of("netns", "list", "--json");
        assertTrue(json.out().contains("{\"name\":\"" + name + "\"}"), json.toString());
        // exec runs the child inside: its only device is lo.
        CliRun exec = CliRun.of("netns", "exec", name, "--", "sh", "-c", "ls /proc/self/ns >/dev/null && exit 7");
        assertEquals(7, exec.exit(), exec.toString());
        assertEquals(0, CliRun.of("netns", "del", name).exit());
        assertFalse(NetNamespaces.exists(name));
    }

    @Test
    void badInputGetsOneLineAndTheRightCode() {
        CliRun missing = CliRun.of("netns", "del", name);
        assertEquals(Exit.NOT_FOUND.code, missing.exit(), missing.toString());
        assertEquals("jnetkit: netns \"" + name + "\" does not exist\n", missing.err());

        assertEquals(0, CliRun.of("netns", "add", name).exit());
        CliRun dup = CliRun.of("netns", "add", name);
        assertEquals(Exit.KERNEL.code, dup.exit(), dup.toString());
        assertEquals("jnetkit: netns \"" + name + "\" already exists\n", dup.err());

        CliRun slash = CliRun.of("netns", "add", "a/b");
        assertEquals(Exit.USAGE.code, slash.exit(), slash.toString());
        assertFalse(NetNamespaces.exists("a"));

        CliRun noCmd = CliRun.of("netns", "exec", name, "--", "/nonexistent/cmd");
        assertEquals(Exit.NOT_FOUND.code, noCmd.exit(), noCmd.toString());
    }
}
