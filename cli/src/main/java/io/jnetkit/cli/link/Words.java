package io.jnetkit.cli.link;

import io.jnetkit.cli.Exit.UsageException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A cursor over iproute2-style argument words, with the error messages iproute2 users expect. */
final class Words {
    private final List<String> words;
    private final String command;
    private final Set<String> seen = new HashSet<>();
    private int pos;

    Words(List<String> words, String command) {
        this.words = words == null ? List.of() : words;
        this.command = command;
    }

    boolean more() { return pos < words.size(); }

    String peek() { return more() ? words.get(pos) : null; }

    String next() { return words.get(pos++); }

    /** The value after keyword {@code key}; refuses a keyword given twice. */
    String value(String key) {
        once(key);
        if (!more()) {
            throw new UsageException(command + ": \"" + key + "\" needs a value");
        }
        return next();
    }

    /** Records that {@code key} appeared; a second time is an error. Scope keys with a prefix ("peer.mtu"). */
    void once(String key) {
        if (!seen.add(key)) {
            throw new UsageException(command + ": duplicate \"" + key.replace('.', ' ') + "\"");
        }
    }

    int intValue(String key, int min, int max) {
        String v = value(key);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException(command + ": " + key.replace('.', ' ') + " " + v + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            // Digits too many for an int are a number all the same: say it is too big, not "not a number".
            if (v.matches("[+-]?\\d+")) {
                throw new UsageException(command + ": " + key.replace('.', ' ') + " " + v + " is out of range "
                        + min + ".." + max);
            }
            throw new UsageException(command + ": " + key.replace('.', ' ') + " \"" + v + "\" is not a number");
        }
    }

    UsageException unknown(String word, String expected) {
        return new UsageException(command + ": unknown word \"" + word + "\"" + (expected == null ? "" : "; expected " + expected));
    }
}
