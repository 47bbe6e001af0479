package io.jnetkit.bpf;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.Fd;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;
import io.jnetkit.sys.internal.Syscall;
import io.jnetkit.sys.internal.Sysno;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The kernel's trace pipe, where {@code bpf_printk} writes: {@code bpftool prog tracelog}, or
 * {@code cat /sys/kernel/tracing/trace_pipe}. Like bpftool, {@link #open()} uses tracefs where it
 * is mounted ({@code /sys/kernel/tracing}, else the old {@code /sys/kernel/debug/tracing}) and
 * mounts it at {@code /sys/kernel/tracing} when it is nowhere.
 *
 * <p>Reading consumes: two readers of the pipe each see only part of the lines. The descriptor
 * is non-blocking, so {@link #readLine} keeps its timeout and a closed reader never hangs.
 *
 * <pre>{@code
 * try (TracePipe pipe = TracePipe.open()) {
 *     pipe.readLine(Duration.ofSeconds(5)).map(TracePipe.Line::parse).ifPresent(System.out::println);
 * }
 * }</pre>
 */
public final class TracePipe implements AutoCloseable {
    /** Where tracefs lives on current kernels, and where {@link #open()} mounts it. */
    public static final Path TRACING = Path.of("/sys/kernel/tracing");
    /** Where it appears on kernels before 4.1, under debugfs. */
    static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");
    private static final int O_NONBLOCK = 0x800;
    /** The longest sleep between two empty reads: bounds the latency of a new line. */
    private static final long POLL_MILLIS = 50;

    private final Path path;
    private final boolean mounted;
    private final Fd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Deque<String> ready = new ArrayDeque<>();

    /**
     * One trace line in ftrace's default format,
     * {@code TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: MESSAGE}; only {@code line} (the raw text)
     * is set when it has another shape.
     */
    public record Line(String task, Integer pid, Integer cpu, String flags, String timestamp, String event,
                       String message, String line) {
        private static final Pattern SHAPE = Pattern.compile(
                "^\\s*(.*?)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+\\.\\d+):\\s+([^:]+):\\s?(.*)$");

        /** Parses {@code "  ping-123 [002] d.s21  1234.567890: bpf_trace_printk: hello"}. */
        public static Line parse(String s) {
            Matcher m = SHAPE.matcher(s);
            if (!m.matches()) return new Line(null, null, null, null, null, null, null, s);
            return new Line(m.group(1).strip(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                    m.group(5), m.group(6), m.group(7), null);
        }
    }

    private TracePipe(Path path, boolean mounted) {
        this.path = path;
        this.mounted = mounted;
        try {
            this.fd = Linux.open(path.toString(), Linux.O_RDONLY | O_NONBLOCK, 0);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Opens the trace pipe, mounting tracefs at {@link #TRACING} first when it is not mounted
     * anywhere ({@link #mountedTracefs()} then says so).
     *
     * @throws KernelException "open /sys/kernel/tracing/trace_pipe: ENOENT …" when the kernel has
     *         no tracefs; EPERM/EACCES without root
     */
    public static TracePipe open() {
        for (Path dir : List.of(TRACING, DEBUGFS_TRACING)) {
            Path pipe = dir.resolve("trace_pipe");
            if (Files.exists(pipe)) return new TracePipe(pipe, false);
        }
        Path pipe = TRACING.resolve("trace_pipe");
        if (!Files.isDirectory(TRACING)) {
            throw new KernelException("open " + pipe, Errno.ENOENT, "this kernel has no tracefs (CONFIG_TRACING)");
        }
        Linux.mount("tracefs", TRACING.toString(), "tracefs", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, null);
        return new TracePipe(pipe, true);
    }

    /** The trace_pipe file read. */
    public Path path() { return path; }

    /** The tracefs directory (trace_marker, trace, …) of {@link #path()}. */
    public Path tracingDir() { return path.getParent(); }

    /** True when {@link #open()} had to mount tracefs (as bpftool does, and says). */
    public boolean mountedTracefs() { return mounted; }

    /**
     * The next whole line (without its newline), waiting up to {@code timeout}; empty when none
     * came in time or the thread was interrupted (the interrupt flag stays set). Partial lines are
     * kept for the next call.
     *
     * @throws KernelException when the read fails for another reason than "nothing yet"
     */
    public synchronized Optional<String> readLine(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (ready.isEmpty()) {
            Syscall.Result r = Syscall.call(Sysno.READ.number(), fd.value(), buf.address(), buf.byteSize(), 0, 0, 0);
            if (r.failed()) {
                if (r.errno() != Errno.EAGAIN && r.errno() != Errno.EINTR) {
                    throw new KernelException("read " + path, r.errno());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return Optional.empty();
                try {
                    Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                continue;
            }
            for (byte b : buf.asSlice(0, r.value()).toArray(JAVA_BYTE)) {
                if (b != '\n') {
                    partial.write(b);
                } else {
                    ready.add(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                }
            }
        }
        return Optional.of(ready.poll());
    }

    @Override
    public synchronized void close() {
        try {
            fd.close();
        } finally {
            arena.close();
        }
    }
}
