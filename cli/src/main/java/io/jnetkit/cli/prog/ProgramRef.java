package io.jnetkit.cli.prog;

import io.jnetkit.bpf.Program;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.cli.attach.Args;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a command names a program: {@code id N}, {@code pinned PATH}, or an object file
 * {@code OBJ[:PROG]} (loaded for the command; PROG may be left out when the object has one
 * program).
 */
public sealed interface ProgramRef {
    String WORDS = "OBJ[:PROG], id N or pinned PATH";

    record ById(int id) implements ProgramRef {}

    record Pinned(Path path) implements ProgramRef {}

    record FromObject(Path object, String program) implements ProgramRef {}

    /** Reads one reference from {@code a}: one word (OBJ[:PROG]) or two (id N, pinned PATH). */
    static ProgramRef parse(Args a) {
        String w = a.next("program (" + WORDS + ")");
        return switch (w) {
            case "id" -> new ById(a.id("program id"));
            case "pinned" -> new Pinned(Path.of(a.next("pinned PATH")));
            default -> object(w, a.command());
        };
    }

    /** {@code OBJ[:PROG]}: an existing file is taken whole; otherwise the part after the last ':' is the program. */
    static FromObject object(String word, String command) {
        if (word.startsWith("-")) {
            throw new UsageException(command + ": unknown option \"" + word + "\"");
        }
        Path whole = Path.of(word);
        if (Files.isRegularFile(whole) || word.lastIndexOf(':') <= 0) {
            return new FromObject(whole, null);
        }
        int c = word.lastIndexOf(':');
        String prog = word.substring(c + 1);
        if (prog.isEmpty()) {
            throw new UsageException(command + ": \"" + word + "\": empty program name after ':'");
        }
        return new FromObject(Path.of(word.substring(0, c)), prog);
    }

    /** A program opened or loaded for a command; closing releases it (and its object's other parts). */
    record Opened(Program program, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() {
            // The owner (an object's collection) owns the program too.
            try {
                if (owner != null) owner.close(); else program.close();
            } catch (Exception e) {
                // closing descriptors does not fail in practice
            }
        }
    }

    /** Opens (id, pinned) or loads (object file) the program. */
    default Opened open() {
        return switch (this) {
            case ById b -> new Opened(Program.fromId(b.id()), null);
            // A link pin (what attach and policy apply make) stands for the program it runs; the
            // library says what else is pinned ("… is a pinned map, not a program").
            case Pinned p -> new Opened(Program.fromPinnedProgramOrLink(p.path()), null);
            case FromObject o -> ObjectFiles.load(o.object(), o.program());
        };
    }

    default String describe() {
        return switch (this) {
            case ById b -> "program id " + b.id();
            case Pinned p -> "program pinned at " + p.path();
            case FromObject o -> o.object() + (o.program() == null ? "" : ":" + o.program());
        };
    }
}
