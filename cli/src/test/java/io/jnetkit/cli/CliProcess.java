package io.jnetkit.cli;

import io.jnetkit.testkit.JvmCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a JVM of its own, as a user runs it: for what one process cannot show (several
 * processes at once, a process killed mid-command, a private mount namespace from
 * {@code ip netns exec}). Same JDK and class path as the test.
 */
public final class CliProcess {
    private final Process process;
    private final CompletableFuture<String> out;
    private final StringBuilder err = new StringBuilder();

    private CliProcess(Process process) {
        this.process = process;
        // Own threads, not the common pool: with 2 cores it has one thread, and a blocked reader
        // of stdout would starve the reader of stderr.
        this.out = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete(e.toString());
            }
        });
    }

    /** The java command that runs {@code jnetkit ARGS}. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(JvmCommand.of(Main.class));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code prefix + java … Main ARGS} with {@code env} added (e.g. JNETKIT_BPFFS). */
    public static CliProcess start(List<String> prefix, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new CliProcess(pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("start " + cmd + ": " + e, e);
        }
    }

    /** Waits for the process to end; its exit code, stdout and stderr. */
    public CliRun await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jnetkit did not finish in " + seconds + " s");
            }
            String e = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new CliRun(process.exitValue(), out.get(10, TimeUnit.SECONDS), err + e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Reads stderr until a line contains {@code marker}; fails after {@code seconds} or when the process ends first. */
    public void awaitErrLine(String marker, long seconds) {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> seen.complete(readUntil(marker)));
        try {
            if (!seen.get(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("jnetkit ended before \"" + marker + "\"; stderr:\n" + err);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("no \"" + marker + "\" within " + seconds + " s; stderr:\n" + err);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean readUntil(String marker) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (err) {
                    err.append(line).append('\n');
                }
                if (line.contains(marker)) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL, and wait until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
