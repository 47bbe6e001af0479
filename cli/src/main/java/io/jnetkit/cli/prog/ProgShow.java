package io.jnetkit.cli.prog;

import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code jnetkit prog show [id N | pinned PATH]}, like {@code bpftool prog show}. */
@Command(name = "show", header = "Show loaded BPF programs (bpftool prog show).", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
                "Show every loaded BPF program on the system, or one: id, type, name, tag, load time, "
                + "translated and JIT sizes, map ids (bpftool prog show).",
                "Examples:",
                "  jnetkit prog show",
                "  jnetkit prog show pinned /sys/fs/bpf/port_filter --json",
        })
public final class ProgShow implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "[id N | pinned PATH]", arity = "0..2", description = "Only this program.")
    List<String> words;

    /** bpftool's JSON keys: loaded_at is epoch seconds. */
    public record View(int id, String type, String name, String tag, long loadedAt, int uid, int bytesXlated,
                       int bytesJited, List<Integer> mapIds, Integer btfId, Long runTimeNs, Long runCnt,
                       int verifiedInsns) {}

    @Override
    public Integer call() {
        List<ProgramInfo> infos;
        if (words == null || words.isEmpty()) {
            infos = BpfObjects.programs();
        } else {
            Args a = new Args(words, "prog show");
            String w = a.peek();
            if (!w.equals("id") && !w.equals("pinned")) throw a.unknown(w, "id N or pinned PATH");
            try (ProgramRef.Opened o = ProgramRef.parse(a).open()) {
                a.end();
                infos = List.of(o.program().info());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        long bootEpochNs = bootEpochNanos();
        List<View> views = infos.stream().map(i -> view(i, bootEpochNs)).toList();
        if (Global.json()) {
            out.println(Json.write(views));
        } else {
            views.forEach(v -> out.print(text(v)));
        }
        out.flush();
        return 0;
    }

    static View view(ProgramInfo i, long bootEpochNs) {
        return new View(i.id(), i.type() == io.jnetkit.bpf.ProgramType.UNKNOWN ? "type " + i.rawType() : i.type().word(),
                i.name(), i.tag(), (bootEpochNs + i.loadTimeNs()) / 1_000_000_000L, i.createdByUid(), i.xlatedLength(),
                i.jitedLength(), i.mapIds(), i.btfId() == 0 ? null : i.btfId(),
                i.runCount() == 0 ? null : i.runTimeNs(), i.runCount() == 0 ? null : i.runCount(),
                i.verifiedInstructions());
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    static String text(View v) {
        StringBuilder sb = new StringBuilder();
        sb.append(v.id()).append(": ").append(v.type());
        if (!v.name().isEmpty()) sb.append("  name ").append(v.name());
        sb.append("  tag ").append(v.tag()).append('\n');
        sb.append("\tloaded_at ").append(TIME.format(Instant.ofEpochSecond(v.loadedAt()).atZone(ZoneId.systemDefault())))
                .append("  uid ").append(v.uid()).append('\n');
        sb.append("\txlated ").append(v.bytesXlated()).append('B');
        sb.append(v.bytesJited() > 0 ? "  jited " + v.bytesJited() + "B" : "  not jited");
        if (!v.mapIds().isEmpty()) {
            sb.append("  map_ids ").append(v.mapIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (v.btfId() != null) sb.append("  btf_id ").append(v.btfId());
        sb.append('\n');
        if (v.runCnt() != null) sb.append("\trun_time_ns ").append(v.runTimeNs()).append("  run_cnt ").append(v.runCnt()).append('\n');
        return sb.toString();
    }

    /** Wall-clock time of boot in ns since the epoch: load times are ns since boot (CLOCK_BOOTTIME, as /proc/uptime). */
    static long bootEpochNanos() {
        try {
            String up = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            long upNs = (long) (Double.parseDouble(up) * 1e9);
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano() - upNs;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
