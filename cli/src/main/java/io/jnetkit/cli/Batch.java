package io.jnetkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code jnetkit -batch FILE} (or {@code -batch -} for standard input), as {@code ip -batch}: one
 * JVM runs many commands, one per line, in the same grammar as the command line without the word
 * {@code jnetkit}. A JVM start costs far more than a netlink request, so a script that wires
 * many pods pays it once instead of once per step.
 *
 * <p>Lines: words separated by blanks; {@code "…"} and {@code '…'} group words with blanks
 * (a backslash escapes the next character outside single quotes); {@code #} starts a comment
 * outside quotes; a backslash at the end of a line continues the command on the next one; empty
 * lines are skipped. Global options given with {@code -batch} ({@code -n NS}, {@code --json},
 * {@code -4}, …) apply to every line, in front of the line's own words.
 *
 * <p>Errors: without {@code -force} the batch stops at the first command that fails; with it, it
 * goes on. Either way each failure is followed by {@code jnetkit: command failed FILE:LINE}
 * (iproute2 says the same) and the exit status is the first failure's code.
 */
final class Batch {
    private Batch() {}

    /** One command of a batch: its words and where it starts (1-based line). */
    record Command(int line, List<String> words) {}

    /**
     * Runs every command of {@code source} ({@code "-"} = {@code stdin}) through {@code runOne},
     * with {@code prefix} (the batch's global options) in front of each; returns the exit code.
     */
    static int run(String source, InputStream stdin, List<String> prefix, boolean force,
                   PrintWriter err, Function<String[], Integer> runOne) {
        String where = source.equals("-") ? "-" : source;
        List<Command> commands;
        try (BufferedReader in = reader(source, stdin)) {
            commands = parse(in, where);
        } catch (NoSuchFileException e) {
            err.println("jnetkit: read batch file " + source + ": no such file");
            return Exit.NOT_FOUND.code;
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println("jnetkit: read batch file " + source + ": not valid UTF-8");
            return Exit.USAGE.code;
        } catch (IOException | UncheckedIOException e) {
            String msg = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            err.println("jnetkit: read batch file " + source + ": " + msg);
            return Exit.USAGE.code;
        } catch (Exit.UsageException e) {
            // A line that cannot be split (an open quote) is refused before anything runs.
            err.println("jnetkit: " + e.getMessage());
            return Exit.USAGE.code;
        }
        int first = 0;
        for (Command c : commands) {
            String refusal = refusal(c.words());
            int code;
            if (refusal != null) {
                err.println("jnetkit: " + refusal);
                code = Exit.USAGE.code;
            } else {
                List<String> args = new ArrayList<>(prefix);
                args.addAll(c.words());
                code = runOne.apply(args.toArray(String[]::new));
            }
            if (code != 0) {
                err.println("jnetkit: command failed " + where + ":" + c.line());
                err.flush();
                if (first == 0) {
                    first = code;
                }
                if (!force) {
                    break;
                }
            }
        }
        return first;
    }

    private static BufferedReader reader(String source, InputStream stdin) throws IOException {
        if (source.equals("-")) {
            // A strict decoder: bytes that are not UTF-8 are an error, not U+FFFD in a device name.
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()));
        }
        return Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8);
    }

    /** A line that must not run inside a batch, or null. */
    private static String refusal(List<String> words) {
        for (String w : words) {
            if (Main.isBatchOption(w)) {
                return "a batch line cannot start another batch (" + w + ")";
            }
        }
        return null;
    }

    /** Reads every command of a batch (kernel-free; the tests call it). */
    static List<Command> parse(BufferedReader in, String where) throws IOException {
        List<Command> out = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (pending == null) {
                pending = new StringBuilder();
                start = lineNo;
            }
            if (endsWithContinuation(line)) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            List<String> words = words(pending.toString(), where + ":" + start);
            if (!words.isEmpty()) {
                out.add(new Command(start, words));
            }
            pending = null;
        }
        if (pending != null) {
            List<String> words = words(pending.toString(), where + ":" + start);
            if (!words.isEmpty()) {
                out.add(new Command(start, words));
            }
        }
        return out;
    }

    /** An odd number of trailing backslashes: the last one escapes the line end. */
    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** Splits one command into words; {@code where} names it in the error for an open quote. */
    static List<String> words(String line, String where) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote == '\'') {
                if (ch == '\'') {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\\' && i + 1 < line.length()) {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.append(line.charAt(++i));
            } else if (quote == '"') {
                if (ch == '"') {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                if (word == null) {
                    word = new StringBuilder();
                }
                quote = ch;
            } else if (ch == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(ch)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.append(ch);
            }
        }
        if (quote != 0) {
            throw new Exit.UsageException(where + ": unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
