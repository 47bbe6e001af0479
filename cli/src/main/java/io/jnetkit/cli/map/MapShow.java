package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.MapInfo;
import io.jnetkit.bpf.MapType;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cli.attach.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnetkit map show [id N | pinned PATH]}. */
@Command(name = "show", header = "Show BPF maps (bpftool map show).", aliases = {"list", "ls"}, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Show every BPF map on the system, or one: id, type, name, flags, key and value size, "
                + "max entries, the BTF object of its key and value types (bpftool map show).",
                "Examples:", "  jnetkit map show", "  jnetkit map show id 7 --json"})
public final class MapShow implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "[id N | pinned PATH]", arity = "0..2", description = "Only this map.")
    List<String> words;

    /** {@code btfId} null (left out) without BTF, as bpftool leaves it out. */
    public record View(int id, String type, String name, int flags, int bytesKey, int bytesValue, int maxEntries,
                       Integer btfId) {}

    @Override
    public Integer call() {
        List<MapInfo> infos;
        if (words == null || words.isEmpty()) {
            infos = BpfObjects.maps();
        } else {
            Args a = new Args(words, "map show");
            try (BpfMap m = MapRef.open(a)) {
                a.end();
                infos = List.of(m.info());
            }
        }
        List<View> views = infos.stream().map(i -> new View(i.id(),
                i.type() == MapType.UNKNOWN ? "type " + i.rawType() : i.type().word(), i.name(), i.flags(),
                i.keySize(), i.valueSize(), i.maxEntries(), i.btfId() == 0 ? null : i.btfId())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            out.println(Json.write(views));
        } else {
            for (View v : views) {
                out.print(v.id() + ": " + v.type() + (v.name().isEmpty() ? "" : "  name " + v.name())
                        + "  flags 0x" + Integer.toHexString(v.flags()) + "\n\tkey " + v.bytesKey() + "B  value "
                        + v.bytesValue() + "B  max_entries " + v.maxEntries()
                        + (v.btfId() == null ? "" : "\n\tbtf_id " + v.btfId()) + "\n");
            }
        }
        out.flush();
        return 0;
    }
}
