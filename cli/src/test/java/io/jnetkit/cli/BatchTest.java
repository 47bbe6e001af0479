package io.jnetkit.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -batch}: how lines become commands, and what the batch does with failures (kernel-free). */
class BatchTest {
    @Test
    void wordsAreSplitLikeAShellDoesForTheSimpleCases() {
        assertEquals(List.of("link", "add", "a", "type", "veth"), Batch.words("  link add\ta  type veth ", "f:1"));
        assertEquals(List.of("addr", "add", "10.0.0.1/24", "dev", "my dev"), Batch.words("addr add 10.0.0.1/24 dev \"my dev\"", "f:1"));
        assertEquals(List.of("x", "it's"), Batch.words("x it\\'s", "f:1"));
        assertEquals(List.of("a\\b"), Batch.words("'a\\b'", "f:1"));
        assertEquals(List.of("policy", "apply", "deny tcp dport 22"), Batch.words("policy apply 'deny tcp dport 22' # no ssh", "f:1"));
        assertEquals(List.of("a#b"), Batch.words("a#b", "f:1"));
        assertEquals(List.of(""), Batch.words("\"\"", "f:1"));
        assertEquals(List.of(), Batch.words("   # only a comment", "f:1"));
    }

    @Test
    void anOpenQuoteNamesTheLine() {
        Exit.UsageException e = assertThrows(Exit.UsageException.class, () -> Batch.words("link add \"a", "pods.batch:7"));
        assertEquals("pods.batch:7: unterminated double quote", e.getMessage());
    }

    @Test
    void continuationLinesJoinAndKeepTheFirstLineNumber() throws IOException {
        String text = "# pods\n\nnetns add a\nlink add a0 type veth \\\n  peer b0\n\\\\\nlink show\n";
        List<Batch.Command> cs = Batch.parse(new BufferedReader(new StringReader(text)), "f");
        assertEquals(List.of(
                new Batch.Command(3, List.of("netns", "add", "a")),
                new Batch.Command(4, List.of("link", "add", "a0", "type", "veth", "peer", "b0")),
                new Batch.Command(6, List.of("\\")),
                new Batch.Command(7, List.of("link", "show"))), cs);
    }

    private record Ran(int exit, List<List<String>> commands, String err) {}

    private static Ran batch(String text, boolean force, int... failingCalls) {
        StringWriter err = new StringWriter();
        List<List<String>> ran = new java.util.ArrayList<>();
        int code = Batch.run("-", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                List.of("-n", "pod"), force, new PrintWriter(err, true), args -> {
                    ran.add(List.of(args));
                    for (int f : failingCalls) {
                        if (f == ran.size()) return f == 2 ? 3 : 1;
                    }
                    return 0;
                });
        return new Ran(code, ran, err.toString());
    }

    @Test
    void theBatchStopsAtTheFirstFailureUnlessForced() {
        String text = "link show\nlink show x\nlink show y\n";
        Ran stop = batch(text, false, 2);
        assertEquals(3, stop.exit());
        assertEquals(2, stop.commands().size());
        assertEquals(List.of("-n", "pod", "link", "show", "x"), stop.commands().get(1));
        assertEquals("jnetkit: command failed -:2\n", stop.err());

        Ran forced = batch(text, true, 2, 3);
        assertEquals(3, forced.exit(), "the first failure's code");
        assertEquals(3, forced.commands().size());
        assertEquals("jnetkit: command failed -:2\njnetkit: command failed -:3\n", forced.err());
    }

    @Test
    void aBatchInsideABatchIsRefusedAndNothingRunsAfterAnOpenQuote() {
        Ran nested = batch("link show\n-batch other\n", true);
        assertEquals(2, nested.exit());
        assertEquals(1, nested.commands().size());
        assertTrue(nested.err().startsWith("jnetkit: a batch line cannot start another batch (-batch)\n"), nested.err());

        Ran open = batch("link show\nlink add 'a\n", false);
        assertEquals(2, open.exit());
        assertEquals(0, open.commands().size(), "a batch that cannot be read runs nothing");
        assertEquals("jnetkit: -:2: unterminated single quote\n", open.err());
    }

    @Test
    void theCommandLineAroundBatch(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        CliRun r = CliRun.of("-force", "link", "show");
        assertEquals(2, r.exit());
        assertEquals("jnetkit: -force applies only with -batch FILE\n", r.err());

        r = CliRun.of("-batch");
        assertEquals(2, r.exit());
        assertEquals("jnetkit: -batch needs a FILE (or - for standard input)\n", r.err());

        r = CliRun.of("-batch", "f", "link", "show");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the words after it (link show) belong in the file"), r.err());

        r = CliRun.of("-batch", tmp.resolve("missing").toString());
        assertEquals(3, r.exit());
        assertEquals("jnetkit: read batch file " + tmp.resolve("missing") + ": no such file\n", r.err());

        Path bad = tmp.resolve("bad");
        Files.write(bad, new byte[] {'l', 'i', 'n', 'k', ' ', (byte) 0xff, '\n'});
        r = CliRun.of("-batch", bad.toString());
        assertEquals(2, r.exit());
        assertEquals("jnetkit: read batch file " + bad + ": not valid UTF-8\n", r.err());

        Path usage = tmp.resolve("usage");
        Files.writeString(usage, "link frobnicate\n--version\n");
        r = CliRun.of("-batch", usage.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("jnetkit: command failed " + usage + ":1"), r.err());
        assertTrue(!r.out().contains("jnetkit 0"), "stopped before line 2: " + r);
    }
}
