package io.jnetkit.cli.trace;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.Linux;
import io.jnetkit.sys.Syscall;
import io.jnetkit.sys.Sysno;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** {@code jnetkit trace}: follows the kernel's trace_pipe, where bpf_printk writes. */
@Command(name = "trace", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Follow bpf_printk output (trace_pipe).",
        description = {
                "Print lines from /sys/kernel/tracing/trace_pipe (bpf_printk output) as they come, until",
                "Ctrl-C, --lines N or --timeout S. Mounts tracefs there first if it is not mounted.",
                "Reading consumes the lines: two readers each see only part of them.",
                "With --json each line is one JSON object (task, pid, cpu, flags, timestamp, event, message).",
                "Examples:",
                "  jnetkit trace",
                "  jnetkit trace --lines 1 --timeout 10",
        })
public final class TraceCommand implements Callable<Integer> {
    public static final Path TRACING = Path.of("/sys/kernel/tracing");

    @Spec
    CommandSpec spec;

    @Option(names = "--lines", paramLabel = "N", description = "Stop after N lines.")
    Integer lines;

    @Option(names = "--timeout", paramLabel = "S", description = "Stop after S seconds (fractions allowed).")
    Double timeout;

    /** One parsed trace line; {@code line} alone when it has another shape. */
    public record Line(String task, Integer pid, Integer cpu, String flags, String timestamp, String event,
                       String message, String line) {}

    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.*?)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+\\.\\d+):\\s+([^:]+):\\s?(.*)$");

    /** Parses "  ping-123 [002] d.s21  1234.567890: bpf_trace_printk: hello". */
    public static Line parse(String s) {
        Matcher m = LINE.matcher(s);
        if (!m.matches()) return new Line(null, null, null, null, null, null, null, s);
        return new Line(m.group(1).strip(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                m.group(5), m.group(6), m.group(7), null);
    }

    @Override
    public Integer call() {
        if (lines != null && lines < 1) throw new UsageException("trace: --lines must be at least 1");
        if (timeout != null && !(timeout > 0)) throw new UsageException("trace: --timeout must be positive");
        PrintWriter out = spec.commandLine().getOut();
        Path pipe = ensureTracefs(spec.commandLine().getErr());
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + (long) (timeout * 1e9);
        int printed = 0;
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        try (Fd fd = Linux.open(pipe.toString(), Linux.O_RDONLY | O_NONBLOCK, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64 * 1024);
            while (System.nanoTime() < deadline) {
                Syscall.Result r = Syscall.call(Sysno.READ.number(), fd.value(), buf.address(), buf.byteSize(), 0, 0, 0);
                if (r.failed()) {
                    if (r.errno() == Errno.EAGAIN || r.errno() == Errno.EINTR) {
                        try {
                            Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                        continue;
                    }
                    throw new KernelException("read " + pipe, r.errno());
                }
                byte[] got = buf.asSlice(0, r.value()).toArray(JAVA_BYTE);
                for (byte b : got) {
                    if (b != '\n') {
                        partial.write(b);
                        continue;
                    }
                    String line = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    out.println(Global.json() ? Json.write(parse(line)) : line);
                    out.flush();
                    if (lines != null && ++printed >= lines) return 0;
                }
            }
        }
        out.flush();
        return 0;
    }

    static final int O_NONBLOCK = 0x800;

    /** trace_pipe, after mounting tracefs at /sys/kernel/tracing if it is not there (said on {@code err}). */
    static Path ensureTracefs(PrintWriter err) {
        Path pipe = TRACING.resolve("trace_pipe");
        if (Files.exists(pipe)) return pipe;
        if (!Files.isDirectory(TRACING)) {
            throw new KernelException("open " + pipe, Errno.ENOENT, null, "this kernel has no tracefs (CONFIG_TRACING)");
        }
        Linux.mount("tracefs", TRACING.toString(), "tracefs", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, null);
        err.println("jnetkit: mounted tracefs at " + TRACING + " (it was not mounted)");
        err.flush();
        return pipe;
    }
}
