package io.jnetkit.netns;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollbackTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void rollbackRunsEverythingNewestFirstExactlyOnce() {
        Rollback rb = new Rollback();
        rb.undo("delete ns", () -> log.add("delete ns"));
        rb.release("close ns", () -> log.add("close ns"));
        rb.undo("delete pair", () -> log.add("delete pair"));
        assertEquals(3, rb.pending());
        assertNull(rb.ending());
        assertEquals(List.of(), rb.rollback());
        assertEquals(List.of("delete pair", "close ns", "delete ns"), log);
        assertEquals(Rollback.Ending.ROLLED_BACK, rb.ending());
        assertEquals(0, rb.pending());
        assertEquals(List.of(), rb.rollback());
        assertEquals(List.of(), rb.keep());
        rb.close();
        assertEquals(3, log.size());
    }

    @Test
    void keepReleasesResourcesButLeavesKernelState() {
        Rollback rb = new Rollback();
        rb.undo("delete ns", () -> log.add("delete ns"));
        rb.release("close ns", () -> log.add("close ns"));
        rb.release("close rtnl", () -> log.add("close rtnl"));
        rb.keep();
        assertEquals(List.of("close rtnl", "close ns"), log);
        assertEquals(Rollback.Ending.KEPT, rb.ending());
        rb.close();   // ended already: does not undo the kept state
        assertEquals(2, log.size());
    }

    @Test
    void aFailingUndoIsCollectedAndTheOthersStillRun() {
        Rollback rb = new Rollback();
        rb.undo("delete ns", () -> log.add("delete ns"));
        rb.undo("delete pair", () -> {
            throw new IOException("EBUSY");
        });
        rb.release("close", () -> log.add("close"));
        List<Rollback.Failure> f = rb.rollback();
        assertEquals(List.of("close", "delete ns"), log);
        assertEquals(1, f.size());
        assertEquals("delete pair: EBUSY", f.getFirst().message());
    }

    @Test
    void closeRollsBackAndAddsFailuresAsSuppressedToTheCause() {
        IllegalStateException cause = new IllegalStateException("step 3 failed");
        IOException busy = new IOException("EBUSY");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            try (Rollback rb = new Rollback()) {
                rb.undo("delete ns", () -> log.add("delete ns"));
                rb.undo("delete pair", () -> {
                    throw busy;
                });
                throw cause;
            }
        });
        assertSame(cause, thrown);
        assertEquals(List.of("delete ns"), log);
        Rollback.RollbackException r = (Rollback.RollbackException) thrown.getSuppressed()[0];
        assertEquals("roll back: delete pair: EBUSY", r.getMessage());
        assertSame(busy, r.getSuppressed()[0]);
        assertEquals("delete pair", r.failures().getFirst().what());
    }

    @Test
    void closeThrowsWhenAnUndoFailedOnItsOwn() {
        Rollback rb = new Rollback();
        rb.undo("delete pair", () -> {
            throw new IOException("EBUSY");
        });
        assertEquals("roll back: delete pair: EBUSY", assertThrows(Rollback.RollbackException.class, rb::close).getMessage());
    }

    @Test
    void registeringAfterTheEndUndoesAtOnceAndStopsTheStep() {
        Rollback rb = new Rollback();
        rb.rollback();
        Rollback.FinishedException e = assertThrows(Rollback.FinishedException.class,
                () -> rb.undo("delete pair", () -> log.add("delete pair")));
        assertEquals(List.of("delete pair"), log);
        assertEquals("interrupted: rolled back (delete pair undone at once)", e.getMessage());
        assertThrows(Rollback.FinishedException.class, () -> rb.release("close", () -> log.add("close")));
        assertEquals(List.of("delete pair", "close"), log);
    }

    @Test
    void afterKeepALateUndoKeepsTheStateButALateReleaseRuns() {
        Rollback rb = new Rollback();
        rb.keep();
        assertThrows(Rollback.FinishedException.class, () -> rb.undo("delete pair", () -> log.add("delete pair")));
        assertThrows(Rollback.FinishedException.class, () -> rb.release("close", () -> log.add("close")));
        assertEquals(List.of("close"), log);
    }

    @Test
    void createRegistersTheUndoFirstAndKeepsItWhenCreationFails() {
        Rollback rb = new Rollback();
        assertEquals("made", assertDoesNotThrowCreate(rb));
        assertThrows(IOException.class, () -> rb.create("delete b", () -> {
            throw new IOException("EEXIST");
        }, () -> log.add("delete b")));
        assertEquals(2, rb.pending());
        rb.rollback();
        assertEquals(List.of("delete b", "delete a"), log);
    }

    private String assertDoesNotThrowCreate(Rollback rb) {
        try {
            return rb.create("delete a", () -> "made", () -> log.add("delete a"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRollbackWhileCreatingRunsTheUndoAgainAfterwards() throws Exception {
        Rollback rb = new Rollback();
        CountDownLatch creating = new CountDownLatch(1), rolledBack = new CountDownLatch(1);
        AtomicReference<Exception> seen = new AtomicReference<>();
        Thread step = Thread.ofPlatform().start(() -> {
            try {
                rb.create("delete pair", () -> {
                    creating.countDown();
                    rolledBack.await();          // the "kernel" finishes after Ctrl-C's rollback
                    synchronized (log) {
                        log.add("created pair");
                    }
                    return null;
                }, () -> {
                    synchronized (log) {
                        log.add("delete pair");
                    }
                });
            } catch (Exception e) {
                seen.set(e);
            }
        });
        creating.await();
        rb.rollback();                           // Ctrl-C: the undo runs before the pair exists
        rolledBack.countDown();
        step.join();
        assertEquals(List.of("delete pair", "created pair", "delete pair"), log);
        assertTrue(seen.get() instanceof Rollback.FinishedException, String.valueOf(seen.get()));
    }
}
