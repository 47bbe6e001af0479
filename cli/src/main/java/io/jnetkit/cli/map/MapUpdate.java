package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
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

/** {@code jnetkit map update (id N | pinned PATH) key HEX… value HEX… [any|exist|noexist]}. */
@Command(name = "update", header = "Create or replace one element of a map (bytes in hex).", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Create or replace one element (bytes in hex). any (default): create or replace; "
                + "exist: replace only; noexist: create only. Per-CPU maps take one value per possible CPU.",
                "Example:", "  jnetkit map update id 7 key 00 00 00 00 value 2a 00 00 00 00 00 00 00"})
public final class MapUpdate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "(id N | pinned PATH) key HEX… value HEX… [any|exist|noexist]", arity = "0..*",
            description = "The map, key, value and mode.")
    List<String> words;

    @Override
    public Integer call() {
        Args a = new Args(words, "map update");
        Set<String> modes = Set.of("any", "exist", "noexist");
        try (BpfMap m = MapRef.open(a)) {
            byte[] key = MapRef.bytes(a, "key", Set.of("value"));
            byte[] value = MapRef.bytes(a, "value", modes);
            BpfMap.UpdateMode mode = BpfMap.UpdateMode.ANY;
            if (a.more()) {
                mode = switch (a.next("mode")) {
                    case "exist" -> BpfMap.UpdateMode.EXIST;
                    case "noexist" -> BpfMap.UpdateMode.NO_EXIST;
                    default -> BpfMap.UpdateMode.ANY;
                };
            }
            a.end();
            MapRef.checkSize("key", key, m.keySize());
            MapRef.checkSize("value", value, m.valueBufferSize());
            m.update(key, value, mode);
            PrintWriter out = spec.commandLine().getOut();
            if (Global.json()) {
                out.println(Json.write(new MapDump.Entry(Hex.jsonBytes(key), Hex.jsonBytes(value))));
            } else {
                out.println("updated map " + m.id() + " key: " + Hex.spaced(key) + "  value: " + Hex.spaced(value));
            }
            out.flush();
        }
        return 0;
    }
}
