package io.jnetkit.cli;

import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link FastPath} answers exactly as picocli does: each command line it takes, run through it and
 * through picocli (the same line with {@code --} appended, which picocli reads as the end of the
 * options and the fast path leaves to picocli), gives the same exit code, stdout and stderr, in a
 * fresh namespace with a veth pair and addresses, for successes and for errors.
 */
@HostTest
class FastPathHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    private static CliRun run(boolean fast, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code;
        if (fast) {
            Integer c = FastPath.run(o, e, args);
            assertNotNull(c, () -> "the fast path did not take " + String.join(" ", args));
            code = c;
        } else {
            List<String> a = new ArrayList<>(Arrays.asList(args));
            a.add("--");
            assertNull(FastPath.run(o, e, a.toArray(String[]::new)), "the fast path took --");
            code = Main.run(o, e, a.toArray(String[]::new));
        }
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void sameAnswersAsPicocli() {
        String n = ns.name();
        CliRun.ok("-n", n, "link", "add", "fpa", "type", "veth", "peer", "name", "fpb");
        CliRun.ok("-n", n, "addr", "add", "10.9.8.1/24", "dev", "fpa");
        CliRun.ok("-n", n, "link", "set", "fpa", "up");
        String[][] lines = {
                {"link", "show"}, {"link", "list"}, {"link", "ls", "fpa"}, {"link", "show", "dev", "fpb"}, {"link", "show", "up"},
                {"link", "show", "type", "veth"}, {"-j", "link", "show"}, {"-d", "link", "show"}, {"-s", "-br", "link", "show"},
                {"--json", "--details", "link", "show", "fpa"}, {"link", "show", "nosuchdev"}, {"-j", "link", "show", "nosuchdev"},
                {"link", "show", "group", "x"}, {"link", "show", "dev"},
                {"addr", "show"}, {"address", "ls"}, {"-4", "addr", "show"}, {"-6", "-j", "addr", "show"}, {"addr", "show", "dev", "fpa"},
                {"addr", "show", "fpa", "up"}, {"-br", "addr", "show"}, {"addr", "show", "a", "b", "c"}, {"addr", "show", "nosuchdev"},
                {"net", "show"}, {"-j", "net", "show"}, {"net", "show", "dev", "fpa"}, {"net", "show", "a", "b"}, {"net", "show", "nosuchdev"},
                {"--debug", "--no-follow", "link", "show"},
        };
        for (String[] line : lines) {
            String[] withNs = CliRun.withNetns(n, line);
            assertEquals(run(false, withNs), run(true, withNs), String.join(" ", withNs));
        }
        // netns list and a namespace that does not exist, outside the fresh namespace
        for (String[] line : new String[][] {{"netns", "list"}, {"-j", "netns", "ls"}, {"-n", "no-such-ns-fp", "link", "show"}}) {
            assertEquals(run(false, line), run(true, line), String.join(" ", line));
        }
    }

    @Test
    void leavesToPicocliWhatItDoesNotKnow() {
        PrintWriter sink = new PrintWriter(java.io.Writer.nullWriter());
        String[][] lines = {
                {"link", "show", "-d"}, {"link", "show", "--help"}, {"-j", "-j", "link", "show"}, {"-4", "-6", "addr", "show"},
                {"link", "show", "@file"}, {"-n"}, {"-n", "-j", "link", "show"}, {"--netns=x", "link", "show"},
                {"-jd", "link", "show"}, {"link"}, {"link", "add", "x", "type", "dummy"}, {"netns", "list", "x"},
                {"addr", "show", "a", "b", "c", "d"}, {"net", "show", "a", "b", "c"}, {"-batch", "f"}, {"prog", "show"},
                {"help", "link"}, {"--version"}, {},
        };
        for (String[] line : lines) {
            assertNull(FastPath.run(sink, sink, line), String.join(" ", line));
        }
    }
}
