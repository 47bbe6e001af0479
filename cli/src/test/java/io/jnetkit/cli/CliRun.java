package io.jnetkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One CLI invocation in-process, with its exit code and captured output. */
public record CliRun(int exit, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The command run with {@code -n NETNS} in front, as {@code ip -n} would. */
    public static CliRun in(String netns, String... args) {
        return of(withNetns(netns, args));
    }

    /** Runs the command and asserts it succeeded, showing the whole run when it did not. */
    public static CliRun ok(String... args) {
        CliRun r = of(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);
        return r;
    }

    /** Runs the command and asserts the exit code and a single {@code jnetkit: } error line. */
    public static CliRun fails(Exit exit, String... args) {
        CliRun r = of(args);
        assertEquals(exit.code, r.exit(), () -> String.join(" ", args) + "\n" + r);
        assertEquals(1, r.err().lines().count(), () -> "one line of error: " + r);
        assertTrue(r.err().startsWith("jnetkit: "), r::toString);
        return r;
    }

    /** {@code -n NETNS} followed by {@code args}. */
    public static String[] withNetns(String netns, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = netns;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
