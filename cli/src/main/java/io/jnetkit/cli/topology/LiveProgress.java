package io.jnetkit.cli.topology;

import io.jnetkit.topology.TopologyEngine;

import java.io.PrintWriter;

/**
 * How up and down show their work: every change as a line on stdout the moment it is made (so a
 * long run is never silent, and a pipe or a log gets plain lines), and, when the terminal is a
 * terminal, a progress bar on stderr under those lines, redrawn in place and erased at the end.
 */
final class LiveProgress implements TopologyEngine.Progress {
    private static final int BAR = 30;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean bar;
    private final int total;
    private final String verb;
    private int done;
    private boolean drawn;

    private LiveProgress(PrintWriter out, PrintWriter err, boolean bar, int total, String verb) {
        this.out = out;
        this.err = err;
        this.bar = bar;
        this.total = total;
        this.verb = verb;
    }

    /** Lines on {@code out}; a bar on {@code err} when this process runs on a terminal. */
    static LiveProgress of(PrintWriter out, PrintWriter err, int pods, String verb) {
        java.io.Console c = System.console();
        return new LiveProgress(out, err, c != null && c.isTerminal() && pods > 0, pods, verb);
    }

    @Override
    public void changed(String change) {
        erase();
        out.println(change);
        out.flush();
        draw();
    }

    @Override
    public void podDone(String pod, int done, int total) {
        this.done = done;
        erase();
        draw();
    }

    /** Erases the bar; call before the summary line. */
    void finish() {
        erase();
    }

    private void draw() {
        if (!bar) return;
        int filled = total == 0 ? BAR : done * BAR / total;
        err.print("[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " pods " + verb);
        err.flush();
        drawn = true;
    }

    private void erase() {
        if (!drawn) return;
        err.print("\r\033[K");
        err.flush();
        drawn = false;
    }
}
