package io.jnetkit.sys.internal;

/**
 * Named points inside multi-step state changes where a test may stop the process, to prove that
 * a SIGKILL at any step leaves state that is whole. When the environment variable
 * {@code JNETKIT_FAULT_PAUSE} names the point being reached, the process prints
 * {@code jnetkit-fault: paused at NAME} on stderr and waits forever, and the test kills it
 * (SIGKILL) at that exact step. Unset, a point costs one string comparison. Points are named
 * {@code AREA.STEP} ({@code policy.attached}, {@code topology.change.7}); the modules that have
 * them are the ones this package is exported to.
 */
public final class FaultPoints {
    private FaultPoints() {}

    private static final String PAUSE = System.getenv("JNETKIT_FAULT_PAUSE");

    /** Pauses forever when {@code JNETKIT_FAULT_PAUSE} is {@code name}; else returns at once. */
    public static void reach(String name) {
        if (PAUSE == null || !PAUSE.equals(name)) return;
        System.err.println("jnetkit-fault: paused at " + name);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
