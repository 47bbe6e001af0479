package io.jnetkit.topology;

/**
 * A topology file that cannot be used, with where: {@code FILE:LINE:COL: message}, the form
 * compilers use, so editors can jump to it. Line and column are 1-based; 0 when the error has no
 * position (an unreadable file). A bad input: the CLI exits 2 and nothing has been touched.
 */
public final class TopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public TopologyException(String file, int line, int column, String detail) {
        super(format(file, line, column, detail));
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    TopologyException(String file, YamlTree.Loc at, String detail) {
        this(file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), detail);
    }

    private static String format(String file, int line, int column, String detail) {
        if (line <= 0) return file + ": " + detail;
        return file + ":" + line + ":" + (column > 0 ? column + ":" : "") + " " + detail;
    }

    /** The file as named to {@link Topology#read} or {@link Topology#parse}. */
    public String file() { return file; }

    /** 1-based line, 0 if unknown. */
    public int line() { return line; }

    /** 1-based column, 0 if unknown. */
    public int column() { return column; }

    /** The message without the position. */
    public String detail() { return detail; }

    /** {@code FILE:LINE:COL: message}, like {@link #getMessage()}. */
    @Override
    public String toString() {
        return getMessage();
    }
}
