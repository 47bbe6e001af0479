package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
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
            if (Global.json()) {
                out.println(Json.write(new MapDump.Entry(Hex.jsonBytes(key), Hex.jsonBytes(value))));
            } else {
                out.println("key: " + Hex.spaced(key) + "  value: " + Hex.spaced(value));
            }
            out.flush();
        }
        return 0;
    }
}
