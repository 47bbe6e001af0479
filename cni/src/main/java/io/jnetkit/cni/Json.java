package io.jnetkit.cni;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values — objects as insertion-ordered {@code Map<String, Object>}, arrays as
 * {@code List<Object>}, strings, {@code Long}/{@code Double}, {@code Boolean} and null — read and
 * written with jackson-core's streaming API. CNI configs are small, and keys the plugin does not
 * know (a runtime's {@code runtimeConfig}, the IPAM section it hands on) must pass through
 * untouched, so a tree of plain values is the right shape; no data binding is loaded.
 */
final class Json {
    private Json() {}

    private static final JsonFactory FACTORY = new JsonFactory();

    /** One JSON value, the whole input; {@link IOException} with jackson's words (line, column) when it is not. */
    static Object parse(byte[] text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new IOException("empty input, expected a JSON object");
            Object v = value(p, t);
            if (p.nextToken() != null) throw new IOException("more after the JSON value at " + p.currentLocation().offsetDescription());
            return v;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // jackson's own message has a second line (the source location): one line, with where.
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new IOException((at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
                    + e.getOriginalMessage(), e);
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = text(p.currentName());
                    if (m.containsKey(k)) throw new IOException("duplicate key \"" + k + "\"");
                    m.put(k, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) l.add(value(p, e));
                yield l;
            }
            case VALUE_STRING -> text(p.getText());
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> {
                // 1e400 would become Infinity, which JSON cannot write back (prevResult is echoed)
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) throw new IOException("number " + p.getText() + " is out of range");
                yield d;
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);
        };
    }

    /**
     * A string that UTF-8 can carry: an escaped lone surrogate ({@code "\\udddd"}) is refused, as it
     * would come back as '?' in what the plugin writes (a path, a name, an echoed prevResult).
     */
    private static String text(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IOException("string with an unpaired surrogate \\u" + Integer.toHexString(c) + " is not Unicode text");
            }
        }
        return s;
    }

    /** Compact JSON text of a tree of plain values. */
    static String write(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object e : l) write(g, e);
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            default -> g.writeString(v.toString());
        }
    }

    /** {@code m.get(key)} as an object, or null when absent; a {@link CniException} (code 7) when it is not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof Map)) throw CniException.invalidConfig(where + "\"" + key + "\" must be an object");
        return (Map<String, Object>) v;
    }

    /** {@code m.get(key)} as a string, or null when absent; code 7 when it is not a string. */
    static String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw CniException.invalidConfig(where + "\"" + key + "\" must be a string");
        return s;
    }

    /** {@code m.get(key)} as a list, or null when absent; code 7 when it is not an array. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof List)) throw CniException.invalidConfig(where + "\"" + key + "\" must be an array");
        return (List<Object>) v;
    }
}
