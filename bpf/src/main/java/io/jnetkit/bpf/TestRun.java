package io.jnetkit.bpf;

import java.time.Duration;

/**
 * Result of {@link Program#testRun}: BPF_PROG_TEST_RUN, the program run in the kernel on a
 * packet you supply, without any device.
 *
 * @param retval         the program's return value (for SCHED_CLS: TC_ACT_OK 0, TC_ACT_SHOT 2, …;
 *                       for netkit/tcx: NEXT -1, PASS 0, DROP 2, REDIRECT 7)
 * @param durationNanos  average time of one run in ns, as the kernel measured it
 * @param repeat         how many times it ran
 * @param dataOut        the packet after the program (it may have changed it)
 */
public record TestRun(int retval, long durationNanos, int repeat, byte[] dataOut) {
    public TestRun {
        dataOut = dataOut.clone();
    }

    /** {@link #durationNanos} as a Duration. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    @Override
    public byte[] dataOut() {
        return dataOut.clone();
    }
}
