package io.jnetkit.policy;

/**
 * An inclusive range of TCP/UDP ports, {@code from..to}, both 1..65535 (port 0 is not a port a
 * rule can name). Written {@code 80} or {@code 1000-2000}.
 */
public record PortRange(int from, int to) {
    public PortRange {
        if (from < 1 || from > 65535 || to < 1 || to > 65535) {
            throw new PolicyException("port range " + from + "-" + to + " is outside 1-65535");
        }
        if (from > to) {
            throw new PolicyException("port range " + from + "-" + to + " is empty (" + from + " > " + to + ")");
        }
    }

    /** The single port {@code port}. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Whether this is a single port. */
    public boolean single() {
        return from == to;
    }

    /** Whether every port of {@code other} is in this range. */
    public boolean contains(PortRange other) {
        return from <= other.from && other.to <= to;
    }

    /** Whether {@code port} is in this range. */
    public boolean contains(int port) {
        return from <= port && port <= to;
    }

    /** Whether this is 1-65535, every nameable port. */
    public boolean all() {
        return from == 1 && to == 65535;
    }

    @Override
    public String toString() {
        return single() ? Integer.toString(from) : from + "-" + to;
    }
}
