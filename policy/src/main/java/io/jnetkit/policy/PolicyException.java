package io.jnetkit.policy;

/**
 * An invalid policy: a syntax error in its text or a rule that cannot match as written. The
 * message says where (line and column of the text, when parsed; the rule's number, counted from
 * 1) and what was expected, e.g. {@code line 1, column 30: rule 2: 'dport' needs a port or range
 * 1-65535, got 'http'}.
 */
public final class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final int rule;
    private final String detail;

    /** An error without a text position ({@code line} and {@code column} 0) or rule number (0). */
    public PolicyException(String detail) {
        this(0, 0, 0, detail);
    }

    /**
     * @param line   1-based line of the text, 0 when not parsed from text
     * @param column 1-based column of the offending token, 0 when unknown
     * @param rule   1-based rule number, 0 when the error is not about one rule
     * @param detail what is wrong and what was expected
     */
    public PolicyException(int line, int column, int rule, String detail) {
        super(format(line, column, rule, detail));
        this.line = line;
        this.column = column;
        this.rule = rule;
        this.detail = detail;
    }

    private static String format(int line, int column, int rule, String detail) {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
            sb.append(": ");
        }
        if (rule > 0) {
            sb.append("rule ").append(rule).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** 1-based line in the policy text, 0 if unknown. */
    public int line() {
        return line;
    }

    /** 1-based column in the policy text, 0 if unknown. */
    public int column() {
        return column;
    }

    /** 1-based rule number, 0 if the error is not about one rule. */
    public int rule() {
        return rule;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
