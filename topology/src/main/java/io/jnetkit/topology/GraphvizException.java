package io.jnetkit.topology;

/**
 * Graphviz could not draw a graph: {@code dot} is not installed, or it failed or hung. The
 * message is one line, {@code render graph: …}, with dot's own words when it gave some.
 */
public final class GraphvizException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** No executable {@code dot} on PATH: install Graphviz ({@code apt install graphviz}). */
        NOT_INSTALLED,
        /** {@code dot} exited non-zero, could not be started, wrote nothing, or ran past its time limit. */
        FAILED
    }

    private final Kind kind;

    public GraphvizException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GraphvizException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
