package io.jnetkit.cli.demo;

import java.util.List;

/**
 * One step of the demo as planned: what it does and the iproute2/bpftool command line(s) that
 * would do the same.
 *
 * @param number     1-based position
 * @param title      what the step does, e.g. "move task_nk into task_netns"
 * @param equivalent the equivalent command lines, in order; a note in place of a command where
 *                   no tool can do it (bpftool cannot attach to netkit)
 */
public record Step(int number, String title, List<String> equivalent) {
    public Step {
        if (number < 1) throw new IllegalArgumentException("step numbers start at 1: " + number);
        equivalent = List.copyOf(equivalent);
    }

    /** The equivalents joined for one line: {@code ip addr add …; ip link set … up}. */
    public String equivalentLine() {
        return String.join("; ", equivalent);
    }
}
