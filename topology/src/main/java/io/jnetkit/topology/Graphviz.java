package io.jnetkit.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Graphviz's {@code dot}, run to turn DOT text ({@link TopologyGraph}) into SVG or PNG:
 * {@code dot -Tsvg < topology.dot > topology.svg}. The one external program jnetkit runs — a
 * picture is not kernel work, and Graphviz's layout is what people expect to look at. Debian's
 * package is {@code graphviz}; {@code bin/setup} installs it.
 *
 * <p>The DOT goes in on stdin and the picture comes back on stdout, read by threads of their own
 * so that neither pipe fills up while the other is waited on; a {@code dot} that takes longer than
 * the timeout is killed. Errors are {@link GraphvizException}s: {@code dot} missing from
 * {@code PATH}, or {@code dot} failing (its own words from stderr in the message) or hanging.
 */
public final class Graphviz {
    /** What {@code dot} is asked to write ({@code -Tsvg}, {@code -Tpng}). */
    public enum Format {
        SVG, PNG;

        /** "svg", "png": dot's -T word and the file extension. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How long {@code dot} may take unless {@link #timeout(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** At most this much of dot's stderr goes into an error message. */
    private static final int STDERR_CHARS = 600;

    private final Path dot;
    private final Duration timeout;

    private Graphviz(Path dot, Duration timeout) {
        this.dot = dot;
        this.timeout = timeout;
    }

    /** The {@code dot} on this process's {@code PATH}. */
    public static Graphviz onPath() {
        return find(System.getenv("PATH"));
    }

    /**
     * The first executable {@code dot} in {@code searchPath} (a PATH-style list of directories).
     *
     * @throws GraphvizException {@link GraphvizException.Kind#NOT_INSTALLED} when there is none
     */
    public static Graphviz find(String searchPath) {
        if (searchPath != null) {
            for (String dir : searchPath.split(":")) {
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, "dot");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new Graphviz(candidate, DEFAULT_TIMEOUT);
                }
            }
        }
        throw new GraphvizException(GraphvizException.Kind.NOT_INSTALLED,
                "render graph: Graphviz's dot not found on PATH (apt install graphviz)");
    }

    /** The same dot with another time limit per rendering. */
    public Graphviz timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("timeout must be positive: " + limit);
        return new Graphviz(dot, limit);
    }

    /** The program run. */
    public Path program() {
        return dot;
    }

    /**
     * Renders DOT text: {@code dot -Tsvg} or {@code -Tpng} with the text on stdin.
     *
     * @return what dot wrote on stdout
     * @throws GraphvizException {@link GraphvizException.Kind#FAILED} when dot exits non-zero
     *         (with its stderr), cannot be started, or runs past the timeout (then it is killed)
     */
    public byte[] render(String dotText, Format format) {
        Objects.requireNonNull(dotText, "dot text");
        String what = "dot -T" + format.word();
        Process p;
        try {
            p = new ProcessBuilder(dot.toString(), "-T" + format.word()).start();
        } catch (IOException e) {
            throw new GraphvizException(GraphvizException.Kind.FAILED, "render graph: start " + dot + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        byte[] input = dotText.getBytes(StandardCharsets.UTF_8);
        // Written from a thread of its own too: a dot that stops reading must not block us past the timeout.
        Thread.ofPlatform().daemon().name("dot-stdin").start(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // dot closed its stdin early: it failed, and its exit status and stderr say why.
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new GraphvizException(GraphvizException.Kind.FAILED,
                        "render graph: " + what + " did not finish within " + seconds(timeout) + " (killed)");
            }
            byte[] stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new GraphvizException(GraphvizException.Kind.FAILED, "render graph: " + what + " failed (exit "
                        + p.exitValue() + ")" + (stderr.isBlank() ? "" : ": " + oneLine(stderr)));
            }
            if (stdout.length == 0) {
                throw new GraphvizException(GraphvizException.Kind.FAILED, "render graph: " + what + " wrote nothing"
                        + (stderr.isBlank() ? "" : ": " + oneLine(stderr)));
            }
            return stdout;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GraphvizException(GraphvizException.Kind.FAILED, "render graph: interrupted while " + what + " ran", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new GraphvizException(GraphvizException.Kind.FAILED, "render graph: read " + what + "'s output: " + e, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        // Own threads, not the common pool: with 2 cores it has one thread, and a blocked reader
        // of stdout would starve the reader of stderr.
        Thread.ofPlatform().daemon().name("dot-output").start(() -> {
            try (s) {
                f.complete(s.readAllBytes());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** dot's stderr as one line: lines joined with "; ", cut to a readable length. */
    private static String oneLine(String stderr) {
        String joined = String.join("; ", stderr.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return joined.length() <= STDERR_CHARS ? joined : joined.substring(0, STDERR_CHARS - 3) + "...";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
