package io.jnetkit.cli;

import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON writer for records, collections, maps, enums and scalars — enough for
 * {@code --json} output without a JSON library (start-up time counts in a CLI).
 *
 * <p>Record components become keys in snake_case, as iproute2's JSON uses; null values are
 * left out; enums that implement {@link Word} print their iproute2 word.
 */
public final class Json {
    private Json() {}

    /** Something with an iproute2 word, printed instead of the enum constant's name. */
    public interface Word {
        String word();
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Number n -> sb.append(n);
            case Word w -> string(sb, w.word());
            case io.jnetkit.hooks.HookName h -> string(sb, h.word());
            case Enum<?> e -> string(sb, e.name().toLowerCase());
            case InetAddress a -> string(sb, a.getHostAddress());
            case Optional<?> o -> write(sb, o.orElse(null));
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    if (en.getValue() == null) continue;
                    if (!first) sb.append(',');
                    first = false;
                    string(sb, String.valueOf(en.getKey()));
                    sb.append(':');
                    write(sb, en.getValue());
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            }
            case Record r -> {
                sb.append('{');
                boolean first = true;
                for (RecordComponent rc : r.getClass().getRecordComponents()) {
                    Object cv;
                    try {
                        rc.getAccessor().setAccessible(true);
                        cv = rc.getAccessor().invoke(r);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    if (cv == null || (cv instanceof Optional<?> o && o.isEmpty())) continue;
                    if (!first) sb.append(',');
                    first = false;
                    string(sb, snake(rc.getName()));
                    sb.append(':');
                    write(sb, cv);
                }
                sb.append('}');
            }
            case byte[] bytes -> {
                sb.append('[');
                for (int i = 0; i < bytes.length; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(bytes[i] & 0xff);
                }
                sb.append(']');
            }
            default -> string(sb, v.toString());
        }
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
