package io.jnetkit.btf;

/**
 * The JSON text {@code bpftool map dump} prints: compact for {@code -j}, and for the plain-text
 * form of a map with BTF the same structure indented by four spaces per level, names on their own
 * lines, array elements run together ({@code [{ … },{ … }]}) — bpftool's own writer's layout,
 * reproduced so that output compares byte for byte.
 *
 * <p>{@link #plainText()} also switches {@link BtfDumper} to bpftool's plain-text renderings
 * (pointers as {@code 0x…}, bitfields unquoted). Not thread-safe; one writer per output.
 */
public final class DumpWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    private final boolean plainText;
    private int depth;
    /** What goes before the next element: ',' after an element, nothing at the start of a container. */
    private char sep;

    private DumpWriter(boolean pretty, boolean plainText) {
        this.pretty = pretty;
        this.plainText = plainText;
    }

    /** {@code bpftool -j}: compact JSON. */
    public static DumpWriter json() {
        return new DumpWriter(false, false);
    }

    /** {@code bpftool -p}: the same JSON, indented. */
    public static DumpWriter prettyJson() {
        return new DumpWriter(true, false);
    }

    /** bpftool's plain-text form of BTF-typed values: indented, with plain-text number renderings. */
    public static DumpWriter plainText() {
        return new DumpWriter(true, true);
    }

    public boolean isPlainText() {
        return plainText;
    }

    private void separator() {
        if (sep != 0) out.append(sep);
        sep = ',';
    }

    private void newline() {
        if (!pretty) return;
        out.append('\n');
        out.append("    ".repeat(depth));
    }

    private void begin(char c) {
        separator();
        out.append(c);
        depth++;
        sep = 0;
    }

    private void end(char c) {
        if (depth == 0) throw new IllegalStateException("end of a container that was not started");
        depth--;
        // An empty container closes on the same line: "{}", "[]".
        if (sep != 0) newline();
        out.append(c);
        sep = ',';
    }

    public DumpWriter startObject() {
        begin('{');
        return this;
    }

    public DumpWriter endObject() {
        end('}');
        return this;
    }

    public DumpWriter startArray() {
        begin('[');
        return this;
    }

    public DumpWriter endArray() {
        end(']');
        return this;
    }

    /** An object member's name; the value follows with the next call. */
    public DumpWriter name(String name) {
        separator();
        newline();
        sep = 0;
        quote(name);
        out.append(':');
        if (pretty) out.append(' ');
        return this;
    }

    public DumpWriter string(String s) {
        separator();
        quote(s);
        return this;
    }

    /** A token written as it is: a number, {@code true}, or bpftool's {@code (unknown)} markers. */
    public DumpWriter raw(String token) {
        separator();
        out.append(token);
        return this;
    }

    public DumpWriter number(long v) {
        return raw(Long.toString(v));
    }

    public DumpWriter unsigned(long v) {
        return raw(Long.toUnsignedString(v));
    }

    public DumpWriter bool(boolean b) {
        return raw(Boolean.toString(b));
    }

    /** Bytes as bpftool's {@code ["0x0a","0x00",…]}. */
    public DumpWriter hexBytes(byte[] b, int from, int len) {
        startArray();
        for (int i = from; i < from + len; i++) string(String.format("0x%02x", b[i] & 0xff));
        return endArray();
    }

    /** Only the escapes bpftool's writer makes; other characters go out as they are. */
    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\b' -> out.append("\\b");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /** Everything written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
