package io.jnetkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A read-only command that {@link FastPath} also runs without picocli (link, addr and net show,
 * netns list): where it prints is picocli's writer, or the fast path's when it has no spec.
 */
public abstract class ShowCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    /** Set by {@link #runWithoutPicocli}: the fast path, which runs this command without picocli (no spec). */
    private PrintWriter fastOut;

    @Override
    public abstract Integer call();

    /** Runs this command, its words already set, as picocli would, printing to {@code out}. */
    protected final int runWithoutPicocli(PrintWriter out) {
        fastOut = out;
        Integer rc = call();
        return rc == null ? 0 : rc;
    }

    protected final PrintWriter out() {
        return fastOut != null ? fastOut : spec.commandLine().getOut();
    }
}
