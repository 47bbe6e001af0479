package io.jnetkit.cli.attach;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.Exit.UsageException;

import java.nio.file.Path;

/**
 * Placement words after the program: {@code first}, {@code last} (the default),
 * {@code before|after (id N | link-id N | pinned PATH)} — id is a program id, pinned a pinned
 * link or program.
 */
public sealed interface Place {
    String WORDS = "first, last, before or after";
    String RELATIVE = "id N, link-id N or pinned PATH";

    record First() implements Place {}

    record Last() implements Place {}

    /** before (true) or after (false) a program id, a link id or a pin. */
    record Relative(boolean before, String kind, int id, Path pinned) implements Place {}

    /** Parses optional placement words; none means last. */
    static Place parse(Args a) {
        if (!a.more()) return new Last();
        String w = a.next("placement");
        return switch (w) {
            case "first", "head" -> new First();
            case "last", "tail" -> new Last();
            case "before", "after" -> {
                boolean before = w.equals("before");
                String k = a.next(w + " (" + RELATIVE + ")");
                yield switch (k) {
                    case "id" -> new Relative(before, "id", a.id("program id"), null);
                    case "link-id", "link" -> new Relative(before, "link-id", a.id("link id"), null);
                    case "pinned" -> new Relative(before, "pinned", 0, Path.of(a.next("pinned PATH")));
                    default -> throw a.unknown(k, RELATIVE + " after \"" + w + "\"");
                };
            }
            default -> throw a.unknown(w, WORDS);
        };
    }

    /** The bpf anchor; a pin is opened to learn its id. */
    default Anchor anchor() {
        return switch (this) {
            case First f -> Anchor.head();
            case Last l -> Anchor.tail();
            case Relative r -> switch (r.kind()) {
                case "id" -> r.before() ? Anchor.beforeId(r.id()) : Anchor.afterId(r.id());
                case "link-id" -> r.before() ? Anchor.beforeLinkId(r.id()) : Anchor.afterLinkId(r.id());
                default -> {
                    io.jnetkit.bpf.BpfObjects.Kind kind = io.jnetkit.bpf.BpfObjects.pinnedKind(r.pinned());
                    if (kind == io.jnetkit.bpf.BpfObjects.Kind.LINK) {
                        try (BpfLink l = BpfLink.fromPinned(r.pinned())) {
                            yield r.before() ? Anchor.beforeLinkId(l.id()) : Anchor.afterLinkId(l.id());
                        }
                    }
                    if (kind == io.jnetkit.bpf.BpfObjects.Kind.PROGRAM) {
                        try (Program p = Program.fromPinned(r.pinned())) {
                            yield r.before() ? Anchor.beforeId(p.id()) : Anchor.afterId(p.id());
                        }
                    }
                    throw new UsageException(r.pinned() + " is not a pinned link or program");
                }
            };
        };
    }
}
