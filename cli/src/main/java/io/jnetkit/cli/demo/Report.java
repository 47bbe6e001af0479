package io.jnetkit.cli.demo;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints the demo as it runs: each step's header with its equivalent command, then its output
 * indented, then its verdict; and the closing line. Text mode streams (a slow step shows
 * progress); JSON mode stays silent and prints {@link Summary} at the end.
 */
final class Report {
    static final String INDENT = "       ";

    private final PrintWriter out;
    private final boolean text;
    private final int total;

    Report(PrintWriter out, boolean text, int total) {
        this.out = out;
        this.text = text;
        this.total = total;
    }

    /** {@code [3/12] move task_nk into task_netns   (ip link set task_nk netns task_netns)} */
    static String header(Step step, int total) {
        String eq = step.equivalentLine();
        return "[" + step.number() + "/" + total + "] " + step.title() + (eq.isEmpty() ? "" : "   (" + eq + ")");
    }

    void started(Step step) {
        if (text) {
            out.println(header(step, total));
            out.flush();
        }
    }

    void line(String line) {
        if (text) {
            out.println(INDENT + line);
            out.flush();
        }
    }

    void finished(StepResult r) {
        if (!text) return;
        switch (r.status()) {
            case PASSED -> out.println(INDENT + "ok (" + r.millis() + " ms)");
            case FAILED -> out.println(INDENT + "FAILED: " + r.error());
            case SKIPPED -> out.println(INDENT + "skipped: " + r.error());
        }
        out.flush();
    }

    /** A line outside any step (the notice before step 1, the hint after the last). */
    void note(String line) {
        if (text) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * The whole run, as {@code --json} prints it.
     *
     * @param passed     steps that passed
     * @param failedStep the first step that failed, or null
     * @param kept       whether the setup was left in place (--keep)
     */
    record Summary(String kernel, List<StepResult> steps, int passed, int total, Integer failedStep,
                   Long filterLoadAttachMillis, boolean kept, long millis) {
        boolean ok() {
            return failedStep == null && passed == total;
        }

        /** {@code demo: 12 steps passed (4.1 s)} or {@code demo: step 9/12 failed: …}. */
        String closingLine() {
            String secs = String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
            if (ok()) {
                return "demo: " + passed + " steps passed (" + secs + ")";
            }
            if (failedStep == null) {
                return "demo: " + passed + " of " + total + " steps passed (" + secs + ")";
            }
            StepResult f = steps.get(failedStep - 1);
            return "demo: step " + failedStep + "/" + total + " failed (" + f.title() + "): " + f.error()
                    + "; " + passed + " of " + total + " steps passed (" + secs + ")";
        }
    }
}
