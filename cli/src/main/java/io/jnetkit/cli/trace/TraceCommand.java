package io.jnetkit.cli.trace;

import io.jnetkit.bpf.TracePipe;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code jnetkit trace}: follows the kernel's trace_pipe, where bpf_printk writes ({@link TracePipe}). */
@Command(name = "trace", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Follow bpf_printk output (trace_pipe).",
        description = {
                "Print lines from /sys/kernel/tracing/trace_pipe (bpf_printk output) as they come, until "
                + "Ctrl-C, --lines N or --timeout S. Mounts tracefs there first if it is not mounted.",
                "Reading consumes the lines: two readers each see only part of them.",
                "With --json each line is one JSON object (task, pid, cpu, flags, timestamp, event, message).",
                "Examples:",
                "  jnetkit trace",
                "  jnetkit trace --lines 1 --timeout 10",
        })
public final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lines", paramLabel = "N", description = "Stop after N lines.")
    Integer lines;

    @Option(names = "--timeout", paramLabel = "S", description = "Stop after S seconds (fractions allowed).")
    Double timeout;

    /** How long one wait for a line lasts when there is no --timeout (then it simply waits again). */
    private static final Duration WAIT = Duration.ofSeconds(1);

    @Override
    public Integer call() {
        if (lines != null && lines < 1) throw new UsageException("trace: --lines must be at least 1");
        if (timeout != null && !(timeout > 0)) throw new UsageException("trace: --timeout must be positive");
        PrintWriter out = spec.commandLine().getOut();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + (long) (timeout * 1e9);
        int printed = 0;
        try (TracePipe pipe = TracePipe.open()) {
            if (pipe.mountedTracefs()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("jnetkit: mounted tracefs at " + pipe.tracingDir() + " (it was not mounted)");
                err.flush();
            }
            while (!Thread.currentThread().isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                Optional<String> line = pipe.readLine(timeout == null ? WAIT : Duration.ofNanos(left));
                if (line.isEmpty()) continue;
                // --json: one object per trace line, and a blank line (a message's own trailing
                // newline) is no trace line: it would be an object saying nothing
                if (Global.json() && line.get().isBlank()) continue;
                out.println(Global.json() ? Json.write(TracePipe.Line.parse(line.get())) : line.get());
                out.flush();
                if (lines != null && ++printed >= lines) break;
            }
        }
        out.flush();
        return 0;
    }
}
