package io.jnetkit.cli.attach;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.hooks.HookName;

import java.util.List;

/** A cursor over a command's positional words, with one-line errors naming the command. */
public final class Args {
    private final List<String> words;
    private final String command;
    private int pos;

    public Args(List<String> words, String command) {
        this.words = words == null ? List.of() : List.copyOf(words);
        this.command = command;
    }

    public boolean more() { return pos < words.size(); }

    public String peek() { return more() ? words.get(pos) : null; }

    /** The next word; {@code what} names it in the error when there is none. */
    public String next(String what) {
        if (!more()) {
            throw new UsageException(command + ": missing " + what);
        }
        return words.get(pos++);
    }

    /** Consumes the next word if it equals {@code word}. */
    public boolean accept(String word) {
        if (word.equals(peek())) {
            pos++;
            return true;
        }
        return false;
    }

    /** The words not yet consumed. */
    public List<String> rest() {
        List<String> r = words.subList(pos, words.size());
        pos = words.size();
        return r;
    }

    /** Fails if words are left. */
    public void end() {
        if (more()) {
            throw new UsageException(command + ": unexpected \"" + peek() + "\"");
        }
    }

    /** A positive 32-bit id such as a program, map or link id. */
    public int id(String what) {
        return parseId(command, what, next(what));
    }

    public static int parseId(String command, String what, String word) {
        try {
            long v = Long.parseLong(word);
            if (v <= 0 || v > 0xffff_ffffL) {
                throw new UsageException(command + ": " + what + " " + word + " is out of range 1..4294967295");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + what + " \"" + word + "\" is not a number");
        }
    }

    /** A hook word ({@link HookName#parse}); an unknown one is a usage error. */
    public static HookName hook(String word) {
        try {
            return HookName.parse(word);
        } catch (io.jnetkit.hooks.HookException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public UsageException unknown(String word, String expected) {
        return new UsageException(command + ": unknown word \"" + word + "\"; expected " + expected);
    }

    public String command() { return command; }
}
