package io.jnetkit.cli.topology;

import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.pod.Drift;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit status -f FILE}: how the live topology differs from the file; exit 6 when it does. */
@Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {TopologyFile.FOOTER},
        description = {"Compare a live topology with its file.",
                "The host's (the bpffs under the pins), per node (namespace, links, routes, forwarding) and per pod (namespace, "
                + "devices, addresses, routes, programs).",
                "Exit 0 when nothing differs, 6 when something does ('jnetkit up' repairs it)."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TopologyFile file;

    @Override
    public Integer call() {
        TopologyFile.Done<TopologyEngine.Status> done = file.run(TopologyEngine::status);
        Topology t = done.topology();
        TopologyEngine.Status s = done.result();
        var out = spec.commandLine().getOut();
        if (Global.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topology", t.name());
            m.put("clean", s.clean());
            m.put("host", items(s.host()));
            m.put("nodes", items(s.nodes()));
            Map<String, Object> pods = new LinkedHashMap<>();
            s.pods().forEach((name, drift) -> pods.put(name, items(drift)));
            m.put("pods", pods);
            out.println(Json.write(m));
        } else {
            s.host().forEach(d -> out.println(d.toString()));
            s.nodes().forEach(d -> out.println(d.toString()));
            s.pods().forEach((name, drift) -> {
                if (drift.isEmpty()) {
                    out.println("pod " + name + ": ok");
                } else {
                    for (Drift d : drift) out.println("pod " + name + ": " + d);
                }
            });
            out.println("topology " + t.name() + ": " + (s.clean() ? "no drift" : "drift ('jnetkit up -f " + file.file + "' repairs it)"));
        }
        return s.clean() ? 0 : Exit.FAILED.code;
    }

    /** Each drift as {"kind": "RouteMissing", "text": "..."}: the kind for scripts, the text for people. */
    private static List<Map<String, String>> items(List<?> drift) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object d : drift) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", d.getClass().getSimpleName());
            m.put("text", d.toString());
            out.add(m);
        }
        return out;
    }
}
