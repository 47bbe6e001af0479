package io.jnetkit.bpf;

import io.jnetkit.sys.KernelException;

import java.util.ArrayList;
import java.util.List;

/**
 * The verifier rejected a program. The message shows the last relevant lines of the log
 * (statistics such as "processed N insns" are skipped) and how many were left out:
 *
 * <pre>
 * load program bad: EACCES (Permission denied): verifier log:
 *   0: (95) exit
 *   R0 !read_ok
 *   (2 lines omitted)
 * </pre>
 *
 * The whole log is {@link #log()}.
 */
public class VerifierException extends KernelException {
    /** Lines the message shows. */
    public static final int SHOWN_LINES = 3;

    private final String log;
    private final boolean truncated;

    public VerifierException(String operation, int errno, String log, boolean truncated) {
        super(operation, errno, summarize(log, SHOWN_LINES, truncated));
        this.log = log;
        this.truncated = truncated;
    }

    /** The full verifier log (level 1). */
    public String log() {
        return log;
    }

    /** The log's non-empty lines. */
    public List<String> lines() {
        return lines(log);
    }

    /** True when even the largest buffer (16 MiB) could not hold the log; {@link #log()} is its end. */
    public boolean truncated() {
        return truncated;
    }

    /** The last {@code n} relevant lines plus "(N lines omitted)", as the message shows them. */
    public String summary(int n) {
        return summarize(log, n, truncated);
    }

    static List<String> lines(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            String l = line.stripTrailing();
            if (!l.isEmpty()) out.add(l);
        }
        return out;
    }

    /** Lines the kernel appends after the verdict; they never explain a rejection. */
    static boolean isStatistics(String line) {
        return line.startsWith("processed ") && line.contains(" insns")
                || line.startsWith("verification time ")
                || line.startsWith("stack depth ")
                || line.startsWith("-- END PROG LOAD LOG --");
    }

    /**
     * "verifier log:" then the last {@code n} lines before any trailing statistics, each on
     * its own indented line, then "(N lines omitted)" counting every other line.
     */
    static String summarize(String log, int n, boolean truncated) {
        List<String> all = lines(log);
        int end = all.size();
        while (end > 0 && isStatistics(all.get(end - 1))) {
            end--;
        }
        if (end == 0) {
            end = all.size();
        }
        int start = Math.max(0, end - Math.max(1, n));
        StringBuilder sb = new StringBuilder("verifier log:");
        for (String l : all.subList(start, end)) {
            sb.append("\n  ").append(l);
        }
        int omitted = all.size() - (end - start);
        if (omitted > 0) {
            sb.append("\n  (").append(omitted).append(omitted == 1 ? " line omitted)" : " lines omitted)");
        }
        if (truncated) {
            sb.append("\n  (log truncated: it did not fit in 16 MiB; this is its end)");
        }
        return sb.toString();
    }
}
