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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code jnetkit map dump (id N | pinned PATH)}. */
@Command(name = "dump", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Print every key and value of a map in hex (bpftool map dump).",
                "Examples:", "  jnetkit map dump id 7", "  jnetkit map dump pinned /sys/fs/bpf/counts --json"})
public final class MapDump implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "id N | pinned PATH", arity = "0..*", description = "The map.")
    List<String> words;

    /** bpftool's JSON: arrays of "0x.." strings. */
    public record Entry(List<String> key, List<String> value) {}

    @Override
    public Integer call() {
        Args a = new Args(words, "map dump");
        PrintWriter out = spec.commandLine().getOut();
        try (BpfMap m = MapRef.open(a)) {
            a.end();
            List<Entry> entries = new ArrayList<>();
            int n = 0;
            for (byte[] key : m.keys()) {
                Optional<byte[]> v = m.lookup(key);
                if (v.isEmpty()) continue; // deleted meanwhile
                n++;
                if (Global.json()) {
                    entries.add(new Entry(Hex.jsonBytes(key), Hex.jsonBytes(v.get())));
                } else {
                    out.println("key: " + Hex.spaced(key) + "  value: " + Hex.spaced(v.get()));
                }
            }
            if (Global.json()) {
                out.println(Json.write(entries));
            } else {
                out.println("Found " + n + (n == 1 ? " element" : " elements"));
            }
        }
        out.flush();
        return 0;
    }
}
