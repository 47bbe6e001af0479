package io.jnetkit.cli;

import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jnetkit -n NS -batch -} against the kernel: many commands, one process, ip's error rules. */
@HostTest
class BatchHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private CliRun batch(String text, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 4];
        args[0] = "-n";
        args[1] = ns.name();
        System.arraycopy(options, 0, args, 2, options.length);
        args[args.length - 2] = "-batch";
        args[args.length - 1] = "-";
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void aPodWiredFromOneBatch() {
        CliRun r = batch("""
                # one veth pod, the seed's steps
                link add a0 type veth peer name b0
                addr add 10.7.0.1/24 dev a0
                link set a0 up
                link set b0 up
                link show a0
                addr show dev a0
                """);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err());
        assertTrue(r.out().contains("a0@b0"), r::toString);
        assertTrue(r.out().contains("inet 10.7.0.1/24"), r::toString);
        assertTrue(CliRun.in(ns.name(), "link", "show", "b0").out().contains("state UP"));
    }

    @Test
    void aFailureStopsTheBatchAndForceGoesOn() {
        CliRun.ok("-n", ns.name(), "link", "add", "a0", "type", "veth", "peer", "name", "a9");
        CliRun stopped = batch("link add c0 type veth peer name c9\nlink add a0 type veth peer name a9\nlink add d0 type veth peer name d9\n");
        assertEquals(Exit.KERNEL.code, stopped.exit(), stopped::toString);
        assertTrue(stopped.err().contains("EEXIST"), stopped::toString);
        assertTrue(stopped.err().endsWith("jnetkit: command failed -:2\n"), stopped::toString);
        assertEquals(0, CliRun.in(ns.name(), "link", "show", "c0").exit());
        assertEquals(Exit.NOT_FOUND.code, CliRun.in(ns.name(), "link", "show", "d0").exit(), "not run after the failure");

        CliRun forced = batch("link show nosuch\nlink add a0 type veth peer name a9\nlink add d0 type veth peer name d9\n", "-force");
        assertEquals(Exit.NOT_FOUND.code, forced.exit(), "the first failure's code: " + forced);
        assertEquals(2, forced.err().lines().filter(l -> l.startsWith("jnetkit: command failed -:")).count(), forced::toString);
        assertEquals(0, CliRun.in(ns.name(), "link", "show", "d0").exit(), "run after the failures");
    }

    @Test
    void optionsOfOneLineDoNotLeakIntoTheNext() {
        // A batch reuses each command's parsed model: every option must be back to its default.
        CliRun.ok("-n", ns.name(), "link", "add", "a0", "type", "veth", "peer", "name", "a9");
        CliRun r = batch("link show -d a0\nlink show a0\n--json link show a9\nlink show a9\n");
        assertEquals(0, r.exit(), r::toString);
        String[] parts = r.out().split("(?m)^(?=\\d+: )|(?m)^(?=\\[)");
        assertEquals(4, parts.length, r::toString);
        assertTrue(parts[0].contains("veth"), "-d prints the kind: " + parts[0]);
        assertTrue(!parts[1].contains("veth"), "without -d it does not: " + parts[1]);
        assertTrue(parts[2].startsWith("[{"), parts[2]);
        assertTrue(parts[3].startsWith("2: a9") || parts[3].matches("(?s)\\d+: a9.*"), "text again: " + parts[3]);
    }

    @Test
    void jsonAppliesToEveryLine() {
        CliRun r = batch("link add a0 type veth peer name a9\nlink show a0\nlink show nosuch\n", "--json", "-force");
        assertEquals(Exit.NOT_FOUND.code, r.exit(), r::toString);
        java.util.List<String> docs = r.out().lines().toList();
        assertEquals(3, docs.size(), "one document per command: " + r);
        assertTrue(docs.get(0).startsWith("{\"link\":{"), docs.get(0));
        assertTrue(docs.get(1).startsWith("[{") && docs.get(1).contains("\"ifname\":\"a0\""), docs.get(1));
        assertTrue(docs.get(2).startsWith("{\"error\":"), docs.get(2));
    }
}
