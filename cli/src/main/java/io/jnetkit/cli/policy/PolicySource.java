package io.jnetkit.cli.policy;

import io.jnetkit.cli.Exit.UsageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The policy's text: {@code -f FILE} ({@code -} for standard input) or the remaining words, joined by spaces. */
final class PolicySource {
    private PolicySource() {}

    static String read(String command, Path file, List<String> words) {
        boolean haveWords = words != null && !words.isEmpty();
        if (file != null && haveWords) {
            throw new UsageException(command + ": give the rules either with -f FILE or as an argument, not both");
        }
        String text;
        if (file != null) {
            try {
                text = file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new io.jnetkit.cli.Exit.NotFoundException(command + ": no such file " + file);
            } catch (IOException e) {
                throw new UncheckedIOException(command + ": read " + file + ": " + e.getMessage(), e);
            }
        } else if (haveWords) {
            text = String.join(" ", words);
        } else {
            throw new UsageException(command + ": missing the rules ('RULES' or -f FILE), e.g. 'deny tcp dport 12345; allow any'");
        }
        // An empty or comment-only text is refused by the parser, with one message for both.
        return text;
    }
}
