package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.btf.DumpWriter;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.attach.Args;
import io.jnetkit.cli.attach.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jnetkit map lookup (id N | pinned PATH) key HEX…}. */
@Command(name = "lookup", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Look up one key (bytes in hex; a missing key exits with 3).",
                "The value is typed from the map's BTF when it has one, as in map dump.",
                "Example:", "  jnetkit map lookup id 7 key 00 00 00 00"})
public final class MapLookup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "(id N | pinned PATH) key HEX…", arity = "0..*", description = "The map and key.")
    List<String> words;

    @Override
    public Integer call() {
        Args a = new Args(words, "map lookup");
        try (BpfMap m = MapRef.open(a)) {
            byte[] key = MapRef.bytes(a, "key", Set.of());
            MapRef.checkSize("key", key, m.keySize());
            byte[] value = m.lookup(key).orElseThrow(() -> new NotFoundException("map lookup: key " + Hex.spaced(key)
                    + " not found in map " + m.id()));
            PrintWriter out = spec.commandLine().getOut();
            MapEntries entries = new MapEntries(m);
            if (Global.json()) {
                DumpWriter w = DumpWriter.json();
                entries.json(w, key, value);
                out.println(w);
            } else if (entries.typed()) {
                // bpftool: the typed entry alone, indented, as in a dump but without the array.
                DumpWriter w = DumpWriter.plainText();
                entries.typed(w, key, value);
                out.println(w);
            } else {
                entries.raw(out, key, value);
            }
            out.flush();
        }
        return 0;
    }
}
