package io.jnetkit.cli.topology;

import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.topology.Graphviz;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyEngine;
import io.jnetkit.topology.TopologyGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code jnetkit graph -f FILE}: the topology drawn by Graphviz ({@link TopologyGraph} makes the
 * DOT, {@link Graphviz} runs {@code dot}). Every picture is rendered before any file is written,
 * and each file is written under a temporary name and renamed, so a failure leaves nothing behind.
 */
@Command(name = "graph", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Draw a topology file as a picture, with Graphviz.",
                "Nodes, pods, devices, addresses, routes and what runs on each hook "
                + "(policy text or object file), as SVG and PNG; with --status, drift in red."},
        footer = {
                "%n"
                        + "Writes OUT.svg and OUT.png. OUT is -o; by default, or when -o is a "
                        + "directory, the topology's name in the current directory or that one.%n"
                        + "-o NAME.svg (or .png, .dot) without --format writes just that file.%n"
                        + "--format dot writes the DOT text Graphviz reads; -o - with one format "
                        + "writes to stdout. svg and png need Graphviz's dot on PATH "
                        + "(apt install graphviz): exit 4 when it is missing, 6 when it fails.%n"
                        + "A bad file is exit 2, and nothing is written.%n"
                        + "The file's schema: jnetkit up --help, or README \"Topology files\".%n"
                        + "%n"
                        + "Examples:%n"
                        + "  jnetkit graph -f examples/nodes.yaml          # lab.svg and lab.png%n"
                        + "  jnetkit graph -f examples/nodes.yaml -o docs/nodes.svg%n"
                        + "  jnetkit graph -f examples/three-pods.yaml --format dot -o -   # DOT text%n"
                        + "  jnetkit graph -f examples/three-pods.yaml --status   # as root%n"})
public final class GraphCommand implements Callable<Integer> {
    /** What can be written: the DOT text itself, or what dot makes of it. */
    enum Format {
        DOT, SVG, PNG;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format parse(String word) {
            for (Format f : values()) {
                if (f.word().equals(word.strip().toLowerCase(Locale.ROOT))) return f;
            }
            throw new Exit.UsageException("unknown graph format \"" + word + "\"; expected dot, svg or png");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    TopologyFile file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write OUT.svg, OUT.png (default OUT: the topology's name); '-': stdout.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",",
            description = "dot, svg or png; repeatable or a comma list (default: svg,png).")
    List<String> formats;

    @Option(names = "--status",
            description = "Compare with the live topology first ('jnetkit status' in the current or -n namespace); draw drift in red.")
    boolean status;

    /** One file to write (null path: stdout). */
    private record Output(Format format, Path path, byte[] bytes) {}

    @Override
    public Integer call() {
        if (output != null && output.isBlank()) throw new Exit.UsageException("-o: empty; name a file, a directory or '-'");
        List<Format> wanted = formats();
        boolean toStdout = "-".equals(output);
        if (toStdout && wanted.size() != 1) {
            throw new Exit.UsageException("-o - writes one format to stdout; " + wanted.size() + " given ("
                    + String.join(",", wanted.stream().map(Format::word).toList()) + ")");
        }
        if (toStdout && Global.json()) {
            throw new Exit.UsageException("-o - puts the picture on stdout, where --json would print too; choose one");
        }
        Topology t;
        TopologyEngine.Status live = null;
        if (status) {
            TopologyFile.Done<TopologyEngine.Status> done = file.run(TopologyEngine::status);
            t = done.topology();
            live = done.result();
        } else {
            t = file.read();
        }
        String dot = TopologyGraph.dot(t, live);
        Graphviz graphviz = wanted.stream().anyMatch(f -> f != Format.DOT) ? Graphviz.onPath() : null;
        List<Output> outputs = new ArrayList<>();
        for (Format f : wanted) {
            byte[] bytes = switch (f) {
                case DOT -> dot.getBytes(StandardCharsets.UTF_8);
                case SVG -> graphviz.render(dot, Graphviz.Format.SVG);
                case PNG -> graphviz.render(dot, Graphviz.Format.PNG);
            };
            outputs.add(new Output(f, toStdout ? null : path(t, f), bytes));
        }
        var out = spec.commandLine().getOut();
        if (toStdout) {
            Output o = outputs.getFirst();
            if (o.format() == Format.PNG) {
                // Bytes, not characters: past the command's writer, straight to the process's stdout.
                out.flush();
                PrintStream raw = System.out;
                raw.write(o.bytes(), 0, o.bytes().length);
                raw.flush();
            } else {
                out.print(new String(o.bytes(), StandardCharsets.UTF_8));
                out.flush();
            }
            return 0;
        }
        for (Output o : outputs) write(o.path(), o.bytes());
        if (Global.json()) {
            List<Map<String, Object>> files = new ArrayList<>();
            for (Output o : outputs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("format", o.format().word());
                m.put("path", o.path().toString());
                m.put("bytes", o.bytes().length);
                files.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topology", t.name());
            if (live != null) m.put("clean", live.clean());
            m.put("files", files);
            out.println(Json.write(m));
        } else {
            for (Output o : outputs) out.println("wrote " + o.path() + " (" + o.bytes().length + " bytes)");
            if (live != null && !live.clean()) out.println("topology " + t.name() + ": drift drawn in red");
        }
        return 0;
    }

    /** --format as given, else OUT's extension (-o x.svg), else svg and png; each once, in the order given. */
    private List<Format> formats() {
        Set<Format> out = new LinkedHashSet<>();
        if (formats != null) {
            for (String w : formats) {
                if (w.isBlank()) throw new Exit.UsageException("--format: empty format; expected dot, svg or png");
                out.add(Format.parse(w));
            }
        } else if (extension() != null) {
            out.add(extension());
        } else {
            out.add(Format.SVG);
            out.add(Format.PNG);
        }
        return List.copyOf(out);
    }

    /** The format OUT names by its extension ({@code -o x.svg}), or null. */
    private Format extension() {
        if (output == null || output.equals("-")) return null;
        String name = Path.of(output).getFileName() == null ? "" : Path.of(output).getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return null;
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (Format f : Format.values()) {
            if (f.word().equals(ext)) return f;
        }
        return null;
    }

    /**
     * OUT (without a format extension it already has) + "." + the format's word; in a directory
     * OUT names (or the current one), the topology's name.
     */
    private Path path(Topology t, Format f) {
        String base = output == null ? t.name()
                : Files.isDirectory(Path.of(output)) ? Path.of(output).resolve(t.name()).toString() : output;
        if (extension() != null) base = base.substring(0, base.length() - extension().word().length() - 1);
        return Path.of(base + "." + f.word());
    }

    /** Written under a temporary name next to the target, then renamed over it: never half a file. */
    private static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write already failed; that is the error to report.
            }
            throw new UncheckedIOException("write graph " + target + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such directory";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            default -> e.getMessage() == null ? e.toString() : e.getMessage();
        };
    }
}
