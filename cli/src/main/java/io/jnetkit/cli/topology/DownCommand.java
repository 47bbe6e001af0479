package io.jnetkit.cli.topology;

import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit down -f FILE}: removes what the topology owns, and nothing else. */
@Command(name = "down", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {TopologyFile.FOOTER},
        description = {"Remove everything a topology file's topology owns.",
                "Its pods (devices, routes, pins), its links and node namespaces; nothing else.",
                "Fine when it is already down."})
public final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TopologyFile file;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Topology t = file.read();
        TopologyEngine.Down down = file.runLive(t, spec.commandLine(), "down", TopologyEngine::down);
        if (Global.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topology", t.name());
            m.put("removed", down.removed());
            out.println(Json.write(m));
        } else if (down.removed().isEmpty()) {
            out.println("topology " + t.name() + ": nothing to remove");
        } else {
            out.println("topology " + t.name() + ": down");
        }
        return 0;
    }
}
