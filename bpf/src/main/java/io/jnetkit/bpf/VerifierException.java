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
 * When the program was loaded with BTF line info, the last source line before the shown lines
 * ("; return x; @ prog.c:12") is shown first. The whole log is {@link #log()}.
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

    /** A source line from BTF line info, as the verifier prints it: "; return x; @ prog.c:12". */
    static boolean isSourceLine(String line) {
        return line.startsWith("; ");
    }

    /**
     * The source line the verifier was checking when it gave up (the last "; …" line of the log),
     * when the program was loaded with BTF line info.
     */
    public java.util.Optional<String> sourceLine() {
        List<String> all = lines(log);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (isSourceLine(all.get(i))) return java.util.Optional.of(all.get(i).substring(2).strip());
        }
        return java.util.Optional.empty();
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
        // With BTF line info the verifier prints "; <source line> @ file.c:12" before the
        // instructions of each line; show the one the failing instructions belong to.
        int source = -1;
        boolean shownHasSource = false;
        for (int i = start; i < end; i++) {
            shownHasSource |= isSourceLine(all.get(i));
        }
        if (!shownHasSource) {
            for (int i = start - 1; i >= 0; i--) {
                if (isSourceLine(all.get(i))) {
                    source = i;
                    break;
                }
            }
        }
        if (source >= 0) {
            sb.append("\n  ").append(all.get(source));
        }
        for (String l : all.subList(start, end)) {
            sb.append("\n  ").append(l);
        }
        int omitted = all.size() - (end - start) - (source >= 0 ? 1 : 0);
        if (omitted > 0) {
            sb.append("\n  (").append(omitted).append(omitted == 1 ? " line omitted)" : " lines omitted)");
        }
        if (truncated) {
            sb.append("\n  (log truncated: it did not fit in 16 MiB; this is its end)");
        }
        return sb.toString();
    }
}
