package io.jnetkit.netns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * An undo stack for code that builds kernel state in several steps (a namespace, a device pair,
 * addresses, a pinned program) and must leave nothing behind when a later step fails or the user
 * presses Ctrl-C: the shell equivalent is a {@code trap '…' EXIT} that grows with every
 * {@code ip … add}.
 *
 * <p>Register the undo <em>before</em> creating the thing ({@link #create} does both), so an
 * interruption while the kernel is still creating it removes it too; undos must therefore
 * tolerate the thing being absent. Two kinds:
 * <ul>
 *   <li>{@link #undo}: kernel state that outlives the process (namespaces, devices, pins);
 *       {@link #keep()} leaves it in place ({@code --keep}).</li>
 *   <li>{@link #release}: resources of this process (descriptors, sockets, threads); always
 *       released.</li>
 * </ul>
 * The stack ends exactly once, by {@link #rollback()}, {@link #keep()}, {@link #close()} or the
 * hook of {@link #onShutdown}; each undo runs at most once, newest first, and a failing undo does
 * not stop the others: its error is collected as a {@link Failure}. Anything registered after the
 * end (a step still running when Ctrl-C rolled back) is undone at once and the registration
 * throws {@link FinishedException}, so the step stops.
 *
 * <pre>{@code
 * try (Rollback rb = new Rollback()) {
 *     NetNs ns = rb.create("delete namespace pod", () -> NetNamespaces.add("pod"),
 *             () -> { if (NetNamespaces.exists("pod")) NetNamespaces.delete("pod"); });
 *     rb.release("close pod", ns::close);
 *     …                      // an exception here rolls everything back
 *     rb.keep();             // success: keep the namespace, close the handle
 * }
 * }</pre>
 *
 * Thread-safe: undos run with this object's lock held, so an undo must not call back into it.
 */
public final class Rollback implements AutoCloseable {
    /** One undo or release: may throw; the error is collected, the rest still run. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** An undo that threw: what it was undoing and the error. */
    public record Failure(String what, Exception cause) {
        /** {@code what: cause message}. */
        public String message() {
            return what + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
    }

    /** How the stack ended. */
    public enum Ending {
        /** Everything undone: the kernel state as before. */
        ROLLED_BACK,
        /** Kernel state kept, this process's resources released. */
        KEPT
    }

    /** Thrown by a registration that came after the end; its undo has already run. */
    public static final class FinishedException extends IllegalStateException {
        FinishedException(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #close()} when undos failed; each error is a suppressed exception. */
    public static final class RollbackException extends RuntimeException {
        private final transient List<Failure> failures;

        RollbackException(List<Failure> failures) {
            super("roll back: " + String.join("; ", failures.stream().map(Failure::message).toList()));
            this.failures = List.copyOf(failures);
            failures.forEach(f -> addSuppressed(f.cause()));
        }

        public List<Failure> failures() {
            return failures;
        }
    }

    /** The registration of {@link #onShutdown}; {@link #close()} removes the hook. */
    @FunctionalInterface
    public interface ShutdownHook extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(String what, boolean kernelState, Action action) {}

    private final Deque<Entry> stack = new ArrayDeque<>();
    private Ending ending;

    /**
     * Registers the undo of kernel state (delete what is about to be created).
     *
     * @throws FinishedException after the end: {@code undo} has then run already (unless the
     *         stack ended with {@link Ending#KEPT})
     */
    public void undo(String what, Action undo) {
        push(new Entry(what, true, undo));
    }

    /**
     * Registers the release of a resource of this process (close a handle); it runs on every
     * ending, {@link #keep()} included.
     *
     * @throws FinishedException after the end: {@code release} has then run already
     */
    public void release(String what, Action release) {
        push(new Entry(what, false, release));
    }

    /**
     * Registers {@code undo} as an {@link #undo}, then runs {@code create}. If the stack ended
     * while {@code create} ran (Ctrl-C during a slow kernel request), runs {@code undo} again,
     * since the end may have run it before the thing existed, and throws
     * {@link FinishedException} (after {@link #keep()} the thing stays, and the step still
     * stops). When {@code create} throws, the undo stays registered: a
     * request can fail after the kernel did part of it.
     *
     * @return what {@code create} returned
     */
    public <T> T create(String what, Callable<T> create, Action undo) throws Exception {
        undo(what, undo);
        T made = create.call();
        synchronized (this) {
            if (ending != null) {
                List<Failure> failures = new ArrayList<>();
                if (ending == Ending.ROLLED_BACK) runOne(new Entry(what, true, undo), failures);
                throw finished(what, failures);
            }
        }
        return made;
    }

    private synchronized void push(Entry e) {
        if (ending != null) {
            List<Failure> failures = new ArrayList<>();
            if (!(ending == Ending.KEPT && e.kernelState())) runOne(e, failures);
            throw finished(e.what(), failures);
        }
        stack.push(e);
    }

    private FinishedException finished(String what, List<Failure> failures) {
        String verb = ending == Ending.KEPT ? "kept" : "rolled back";
        return new FinishedException("interrupted: " + verb + " (" + what
                + (failures.isEmpty() ? " undone at once" : " failed: " + failures.getFirst().message()) + ")");
    }

    /** Undoes everything, newest first; the undos that failed (empty when all ran). Idempotent. */
    public List<Failure> rollback() {
        return finish(Ending.ROLLED_BACK);
    }

    /** Keeps the kernel state and releases this process's resources, newest first. Idempotent. */
    public List<Failure> keep() {
        return finish(Ending.KEPT);
    }

    /**
     * Ends the stack the given way; a second call does nothing and returns an empty list.
     *
     * @return the undos that failed, in the order they ran
     */
    public synchronized List<Failure> finish(Ending how) {
        List<Failure> failures = new ArrayList<>();
        if (ending != null) return failures;
        ending = how;
        while (!stack.isEmpty()) {
            Entry e = stack.pop();
            if (how == Ending.KEPT && e.kernelState()) continue;
            runOne(e, failures);
        }
        return failures;
    }

    private static void runOne(Entry e, List<Failure> failures) {
        try {
            e.action().run();
        } catch (Exception ex) {
            failures.add(new Failure(e.what(), ex));
        }
    }

    /** How the stack ended, or null while it is open. */
    public synchronized Ending ending() {
        return ending;
    }

    /** How many undos and releases are registered and not yet run. */
    public synchronized int pending() {
        return stack.size();
    }

    /**
     * Ends the stack {@code how} when the JVM shuts down (SIGINT, SIGTERM, {@code System.exit})
     * before it ended otherwise; when that hook finds anything pending it passes the failures
     * (possibly none) to {@code report}.
     *
     * @return closing it removes the hook (do so once the stack has ended normally)
     */
    public ShutdownHook onShutdown(Ending how, Consumer<List<Failure>> report) {
        Thread hook = Thread.ofPlatform().name("rollback-on-shutdown").unstarted(() -> {
            boolean had;
            synchronized (this) {
                had = ending == null && !stack.isEmpty();
            }
            List<Failure> failures = finish(how);
            if (had) report.accept(failures);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs, and finds nothing left to do
            }
        };
    }

    /**
     * Rolls back unless the stack already ended.
     *
     * @throws RollbackException when undos failed (in try-with-resources it is suppressed
     *         into the exception that caused the rollback)
     */
    @Override
    public void close() {
        List<Failure> failures = rollback();
        if (!failures.isEmpty()) throw new RollbackException(failures);
    }
}
