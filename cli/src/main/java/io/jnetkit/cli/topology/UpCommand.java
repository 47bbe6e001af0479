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

/** {@code jnetkit up -f FILE}: builds a topology, or repairs it; a second run changes nothing. */
@Command(name = "up", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {TopologyFile.FOOTER},
        description = {"Build or repair the topology a file describes.",
                "Namespaces, links, routes, pods and policies are converged to the file:",
                "a second run changes nothing."})
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TopologyFile file;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Topology t = file.read();
        TopologyEngine.Up up = file.runLive(t, spec.commandLine(), "up", TopologyEngine::up);
        if (Global.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topology", t.name());
            m.put("changes", up.changes());
            m.put("datapaths", new LinkedHashMap<>(up.datapaths()));
            out.println(Json.write(m));
        } else if (up.changes().isEmpty()) {
            out.println("topology " + t.name() + ": nothing to change");
        } else {
            // Which datapath and why, once per distinct answer ("datapath veth (auto): ...").
            Map<String, Integer> notes = new LinkedHashMap<>();
            up.datapaths().values().forEach(n -> notes.merge(n, 1, Integer::sum));
            notes.forEach((note, pods) -> out.println(note + (notes.size() > 1 ? " (" + pods + (pods == 1 ? " pod)" : " pods)") : "")));
            out.println("topology " + t.name() + ": up (" + t.plan().size() + " pods"
                    + (t.hasNodes() ? " on " + t.nodes().size() + " nodes" : "") + ")");
        }
        return 0;
    }
}
