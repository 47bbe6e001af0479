package io.jnetkit.cni;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.pod.Pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run the plugin's ahead-of-time cache is recorded from ({@code bin/jnetkit} records
 * {@code cli/target/jnetkit-cni.aot} after a build, as for the CLI): VERSION, then ADD, CHECK and
 * DEL of one container with a policy, in two throw-away namespaces standing in for the node and
 * the container, with host-local from {@code /usr/lib/cni} or {@code /opt/cni/bin}. Each ADD a
 * runtime starts then loads those classes already linked. Everything it makes is removed, also
 * when a step fails; a machine without host-local trains on VERSION and config parsing only.
 */
public final class CniTraining {
    private CniTraining() {}

    public static void main(String[] args) throws IOException {
        String tag = "jnk-aot-" + ProcessHandle.current().pid();
        Path tmp = Files.createTempDirectory(tag);
        String node = tag + "-n";
        String container = tag + "-c";
        try {
            CniPlugin.open().handle(new CniRequest("VERSION", null, null, null, null, List.of(),
                    "{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
            String cniPath = Stream.of("/usr/lib/cni", "/opt/cni/bin").filter(d -> Files.isExecutable(Path.of(d, "host-local")))
                    .findFirst().orElse(null);
            String config = """
                    {"cniVersion":"1.0.0","name":"%s","type":"jnetkit","logFile":"%s","stateDir":"%s",
                     "hooks":{"primary":{"policy":"deny tcp dport 22; allow any"}},
                     "ipam":{"type":"host-local","ranges":[[{"subnet":"10.254.254.0/24"}]],"dataDir":"%s"}}
                    """.formatted(tag, tmp.resolve("log"), tmp.resolve("state"), tmp.resolve("ipam"));
            if (cniPath == null) {
                CniPlugin.open().handle(new CniRequest("STATUS", null, null, null, null, List.of(), config.getBytes(StandardCharsets.UTF_8)));
                return;
            }
            try (NetNs n = NetNamespaces.add(node)) {
                NetNamespaces.add(container).close();
                CniPlugin plugin = CniPlugin.in(n, Pods.open());
                String netns = "/run/netns/" + container;
                CniPlugin.Response add = plugin.handle(request("ADD", netns, cniPath, config));
                if (add.exit() == 0) {
                    String withPrev = config.strip();
                    withPrev = withPrev.substring(0, withPrev.length() - 1) + ",\"prevResult\":" + add.stdout() + "}";
                    plugin.handle(request("CHECK", netns, cniPath, withPrev));
                }
                plugin.handle(request("DEL", netns, cniPath, config));
            }
        } finally {
            for (String ns : List.of(container, node)) {
                if (NetNamespaces.exists(ns)) NetNamespaces.delete(ns);
            }
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CniRequest request(String command, String netns, String cniPath, String config) {
        return new CniRequest(command, "training", netns, "eth0", null, List.of(cniPath), config.getBytes(StandardCharsets.UTF_8));
    }
}
