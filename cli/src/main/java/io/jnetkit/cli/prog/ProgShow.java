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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * One program as bpftool prints it: the keys of {@code bpftool -j prog show} in its order
     * (loaded_at in epoch seconds), then jnetkit's own {@code verified_insns}. {@code orphaned} is
     * bpftool's word for an offloaded program whose device is gone (the kernel then refuses its
     * info with ENODEV); a program whose info was read is not.
     */
    static Map<String, Object> json(ProgramInfo i, long bootEpochNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("type", typeWord(i));
        m.put("name", i.name().isEmpty() ? null : i.name());
        m.put("tag", i.tag());
        m.put("gpl_compatible", i.gplCompatible());
        if (i.runTimeNs() != 0) {
            m.put("run_time_ns", i.runTimeNs());
            m.put("run_cnt", i.runCount());
        }
        if (i.recursionMisses() != 0) m.put("recursion_misses", i.recursionMisses());
        if (i.loadTimeNs() != 0) {
            m.put("loaded_at", loadedAt(i, bootEpochNs));
            m.put("uid", i.createdByUid());
        }
        m.put("orphaned", false);
        m.put("bytes_xlated", i.xlatedLength());
        m.put("jited", i.jitedLength() > 0);
        if (i.jitedLength() > 0) m.put("bytes_jited", i.jitedLength());
        if (i.memlock() >= 0) m.put("bytes_memlock", i.memlock());
        if (!i.mapIds().isEmpty()) m.put("map_ids", i.mapIds());
        if (i.btfId() != 0) m.put("btf_id", i.btfId());
        m.put("verified_insns", i.verifiedInstructions());
        return m;
    }

    private static String typeWord(ProgramInfo i) {
        return i.type() == io.jnetkit.bpf.ProgramType.UNKNOWN ? "type " + i.rawType() : i.type().word();
    }

    private static long loadedAt(ProgramInfo i, long bootEpochNs) {
        return (bootEpochNs + i.loadTimeNs()) / 1_000_000_000L;
    }

    /** {@code bpftool prog show id N} without --json; {@code prog show} alone: an array, one program: an object. */
    @Override
    public Integer call() {
        List<ProgramInfo> infos;
        boolean one = words != null && !words.isEmpty();
        if (!one) {
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
        if (Global.json()) {
            // bpftool: the one program asked for is an object, a listing is an array
            out.println(Json.write(one ? json(infos.getFirst(), bootEpochNs)
                    : infos.stream().map(i -> json(i, bootEpochNs)).toList()));
        } else {
            infos.forEach(i -> out.print(text(i, bootEpochNs)));
        }
        out.flush();
        return 0;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    /** bpftool's text: a header line, then load time, then sizes and maps, then the BTF id. */
    static String text(ProgramInfo i, long bootEpochNs) {
        StringBuilder sb = new StringBuilder();
        sb.append(i.id()).append(": ").append(typeWord(i));
        if (!i.name().isEmpty()) sb.append("  name ").append(i.name());
        sb.append("  tag ").append(i.tag());
        if (i.gplCompatible()) sb.append("  gpl");
        if (i.runTimeNs() != 0) sb.append(" run_time_ns ").append(i.runTimeNs()).append(" run_cnt ").append(i.runCount());
        if (i.recursionMisses() != 0) sb.append(" recursion_misses ").append(i.recursionMisses());
        sb.append('\n');
        if (i.loadTimeNs() != 0) {
            sb.append("\tloaded_at ").append(TIME.format(Instant.ofEpochSecond(loadedAt(i, bootEpochNs))
                    .atZone(ZoneId.systemDefault()))).append("  uid ").append(i.createdByUid()).append('\n');
        }
        sb.append("\txlated ").append(i.xlatedLength()).append('B');
        sb.append(i.jitedLength() > 0 ? "  jited " + i.jitedLength() + "B" : "  not jited");
        if (i.memlock() >= 0) sb.append("  memlock ").append(i.memlock()).append('B');
        if (!i.mapIds().isEmpty()) {
            sb.append("  map_ids ").append(i.mapIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (i.btfId() != 0) sb.append("\n\tbtf_id ").append(i.btfId());
        sb.append('\n');
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
