package io.jnetkit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The names a test gives the kernel objects it makes (namespaces, devices, topologies, pod and
 * network names), handed out here so that {@link NoKernelLeaks} can tell the test's objects from
 * those of every other process on the machine: a namespace, a device or a pin whose name
 * <em>carries</em> (contains) a name handed out during a test is that test's.
 *
 * <p>A handed-out name is the prefix and seven characters of {@code [0-9a-z]}: three from this
 * JVM's pid, four random. Always seven, so that one name never is a short, common substring of
 * another's, and so that a prefix of up to eight characters still fits a 15-byte device name.
 */
public final class TestNames {
    private static final List<String> CLAIMED = new ArrayList<>();
    private static final String PID = pad(Long.toString(ProcessHandle.current().pid() % (36 * 36 * 36), 36), 3);

    private TestNames() {}

    /** A unique name with the given prefix, claimed for the running test (or class). */
    public static String unique(String prefix) {
        return claim(prefix + PID + pad(Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36), 4));
    }

    /**
     * Claims a name made elsewhere (a topology's own naming rule) for the running test: what
     * carries it is checked like what carries a {@link #unique} name. Returns {@code name}.
     */
    public static String claim(String name) {
        if (name.length() < 5) throw new IllegalArgumentException("claim " + name + ": too short to be told from other names");
        synchronized (CLAIMED) {
            CLAIMED.add(name);
        }
        return name;
    }

    /** How many names were claimed so far: a scope's start. */
    static int mark() {
        synchronized (CLAIMED) {
            return CLAIMED.size();
        }
    }

    /** The names claimed since {@code mark}. */
    static List<String> since(int mark) {
        synchronized (CLAIMED) {
            return List.copyOf(CLAIMED.subList(Math.min(mark, CLAIMED.size()), CLAIMED.size()));
        }
    }

    /** The first of {@code names} that {@code s} contains, or null. */
    static String carried(String s, List<String> names) {
        for (String n : names) if (s.contains(n)) return n;
        return null;
    }

    private static String pad(String s, int width) {
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
