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

    /**
     * bpftool's keys in its order; {@code name} null (left out) when the map has none,
     * {@code bytesMemlock} when the kernel does not say, {@code btfId} without BTF, as bpftool
     * leaves them out. {@code frozen} is 0 or 1, as bpftool prints it.
     */
    public record View(int id, String type, String name, int flags, int bytesKey, int bytesValue, int maxEntries,
                       Long bytesMemlock, int frozen, Integer btfId) {}

    @Override
    public Integer call() {
        List<MapInfo> infos;
        boolean one = words != null && !words.isEmpty();
        if (!one) {
            infos = BpfObjects.maps();
        } else {
            Args a = new Args(words, "map show");
            try (BpfMap m = MapRef.open(a)) {
                a.end();
                infos = List.of(m.info());
            }
        }
        List<View> views = infos.stream().map(i -> new View(i.id(),
                i.type() == MapType.UNKNOWN ? "type " + i.rawType() : i.type().word(),
                i.name().isEmpty() ? null : i.name(), i.flags(), i.keySize(), i.valueSize(), i.maxEntries(),
                i.memlock() < 0 ? null : i.memlock(), i.frozen() ? 1 : 0, i.btfId() == 0 ? null : i.btfId())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (Global.json()) {
            // bpftool: the one map asked for is an object, a listing is an array
            out.println(Json.write(one ? views.getFirst() : views));
        } else {
            for (View v : views) {
                // bpftool's layout: memlock on the sizes' line; btf_id and frozen on a third, when either
                out.print(v.id() + ": " + v.type() + (v.name() == null ? "" : "  name " + v.name())
                        + "  flags 0x" + Integer.toHexString(v.flags()) + "\n\tkey " + v.bytesKey() + "B  value "
                        + v.bytesValue() + "B  max_entries " + v.maxEntries()
                        + (v.bytesMemlock() == null ? "" : "  memlock " + v.bytesMemlock() + "B")
                        + (v.btfId() == null && v.frozen() == 0 ? "" : "\n\t")
                        + (v.btfId() == null ? "" : "btf_id " + v.btfId())
                        + (v.frozen() == 0 ? "" : (v.btfId() == null ? "" : "  ") + "frozen") + "\n");
            }
        }
        out.flush();
        return 0;
    }
}
