package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.btf.DumpWriter;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.attach.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code jnetkit map dump (id N | pinned PATH)}. */
@Command(name = "dump", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Print every key and value of a map, typed from its BTF (bpftool map dump).",
                "A map created with BTF prints its keys and values as bpftool does: structs by member, enums by "
                + "name, char arrays as strings; --json adds \"formatted\" next to the raw bytes. Without BTF, "
                + "bytes in hex. Per-CPU maps show one value per possible CPU.",
                "Examples:", "  jnetkit map dump id 7", "  jnetkit map dump pinned /sys/fs/bpf/counts --json"})
public final class MapDump implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "id N | pinned PATH", arity = "0..*", description = "The map.")
    List<String> words;

    /** bpftool's JSON of raw bytes: arrays of "0x.." strings ({@code map update --json}). */
    public record Entry(List<String> key, List<String> value) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "map dump");
        PrintWriter out = spec.commandLine().getOut();
        try (BpfMap m = MapRef.open(a)) {
            a.end();
            MapEntries entries = new MapEntries(m);
            // bpftool prints typed plain text as one indented JSON array, without the "Found" line.
            DumpWriter w = Global.json() ? DumpWriter.json() : entries.typed() ? DumpWriter.plainText() : null;
            if (w != null) w.startArray();
            int n = 0;
            for (byte[] key : m.keys()) {
                Optional<byte[]> v = m.lookup(key);
                if (v.isEmpty()) continue; // deleted meanwhile
                n++;
                if (Global.json()) entries.json(w, key, v.get());
                else if (w != null) entries.typed(w, key, v.get());
                else entries.raw(out, key, v.get());
            }
            if (w != null) {
                out.println(w.endArray());
            } else {
                out.println("Found " + n + (n == 1 ? " element" : " elements"));
            }
        }
        out.flush();
        return 0;
    }
}
