package io.jnetkit.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node and key keeps its line and column. Jackson's own
 * tree ({@code JsonNode}) drops positions, so the tree is built from the streaming parser's tokens;
 * a duplicate key, which the YAML spec forbids and Jackson's tree would silently merge, is an error.
 */
final class YamlTree {
    private YamlTree() {}

    /** A 1-based position. */
    record Loc(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    sealed interface Node permits Scalar, Seq, Mapping {
        Loc loc();

        /** What the node is, for "expected X, got Y" messages. */
        String kind();
    }

    /** A scalar; {@code text} null for a YAML null ({@code ~}, {@code null}, or nothing). */
    record Scalar(Loc loc, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String kind() {
            return switch (token) {
                case VALUE_NULL -> "nothing";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> "a string";
            };
        }
    }

    record Seq(Loc loc, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    record Entry(String key, Loc keyLoc, Node value) {}

    record Mapping(Loc loc, Map<String, Entry> entries) implements Node {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** The document's root, or null for an empty document (nothing but comments). */
    static Node parse(String text, String file) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            Node root = read(p, file);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new TopologyException(file, loc(p), "a topology file holds one YAML document, found a second");
            }
            return root;
        } catch (JsonProcessingException e) {
            // snakeyaml's own error says what it expected and where it found something else.
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
                Mark mark = m.getProblemMark();
                throw new TopologyException(file, mark.getLine() + 1, mark.getColumn() + 1, "invalid YAML: " + m.getProblem());
            }
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl >= 0) msg = msg.substring(0, nl);
            throw new TopologyException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "invalid YAML: " + lower(msg.strip()));
        } catch (IOException e) {
            throw new TopologyException(file, 0, 0, "read topology: " + e.getMessage());
        }
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static Loc loc(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Loc(l.getLineNr(), l.getColumnNr());
    }

    private static Node read(JsonParser p, String file) throws IOException {
        JsonToken t = p.currentToken();
        Loc at = loc(p);
        // Jackson reports an alias as a string holding its name: refuse both ends, so a file means
        // what it says where it says it.
        if (p instanceof YAMLParser y && (y.isCurrentAlias() || y.getCurrentAnchor() != null)) {
            throw new TopologyException(file, at, "YAML anchors and aliases (&NAME, *NAME) are not supported in topology files");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = loc(p);
                    p.nextToken();
                    Node value = read(p, file);
                    Entry first = entries.get(key);
                    if (first != null) {
                        throw new TopologyException(file, keyLoc, "duplicate key \"" + key + "\" (first at " + first.keyLoc() + ")");
                    }
                    entries.put(key, new Entry(key, keyLoc, value));
                }
                return new Mapping(at, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(read(p, file));
                return new Seq(at, List.copyOf(items));
            }
            case VALUE_NULL -> {
                return new Scalar(at, t, null);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(at, t, p.getText());
            }
            default -> throw new TopologyException(file, at, "unsupported YAML value (" + t + ")");
        }
    }
}
