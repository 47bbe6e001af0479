package io.jnetkit.cli.demo;

import java.util.List;

/**
 * How one step went, as {@code --json} prints it.
 *
 * @param status  passed, failed, or skipped (an earlier step failed)
 * @param output  what the step printed (ping lines, tcp outcomes, counters), in order
 * @param error   why it failed; null when it passed
 * @param millis  wall time of the step
 */
public record StepResult(int number, String title, List<String> equivalent, Status status, List<String> output,
                         String error, long millis) {
    public StepResult {
        equivalent = List.copyOf(equivalent);
        output = List.copyOf(output);
    }

    /** The outcome of a step. */
    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
