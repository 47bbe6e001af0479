package io.jnetkit.cli.cni;

import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.cni.CniInstall;
import io.jnetkit.net.Cidr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnetkit cni install}: the plugin into a CNI bin directory, an example network into a conf directory. */
@Command(name = "install", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Install the CNI plugin (type jnetkit) and an example network config.",
                "Writes BIN-DIR/jnetkit, which runs this installation's bin/jnetkit-cni, and "
                + "CONF-DIR/10-jnetkit-NAME.conflist: datapath auto, host-local on the subnet."},
        footer = {"%nExamples:",
                "  jnetkit cni install                      # /opt/cni/bin, /etc/cni/net.d",
                "  jnetkit cni install --bin-dir /usr/lib/cni --name pods",
                "  jnetkit cni install --no-conf --bin-dir /opt/cni/bin",
                "%nThe config it writes (edit it to add \"hooks\": {\"primary\": {\"policy\": \"...\"}}):",
                "  {\"cniVersion\":\"1.0.0\",\"name\":\"jnetkit\",",
                "   \"plugins\":[{\"type\":\"jnetkit\",\"datapath\":\"auto\",",
                "   \"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10.85.0.0/16\"}]]}}]}",
                "A node needs Linux >= 6.7 with netkit (else veth + tcx, 6.6+) and host-local "
                + "(Debian: containernetworking-plugins). README: \"Use jnetkit with Kubernetes / containerd / podman\"."})
public final class CniInstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bin-dir", paramLabel = "DIR", description = "Where runtimes find CNI plugins (default: ${DEFAULT-VALUE}).")
    Path binDir = Path.of("/opt/cni/bin");

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "Where runtimes find network configs (default: ${DEFAULT-VALUE}).")
    Path confDir = Path.of("/etc/cni/net.d");

    @Option(names = "--no-conf", description = "Install the plugin only, no network config.")
    boolean noConf;

    @Option(names = "--name", paramLabel = "NAME", description = "The network's name (default: ${DEFAULT-VALUE}).")
    String name = "jnetkit";

    @Option(names = "--subnet", paramLabel = "CIDR", description = "host-local's pool (default: ${DEFAULT-VALUE}).")
    String subnet = "10.85.0.0/16";

    @Option(names = "--force", description = "Replace a config of the same name.")
    boolean force;

    @Override
    public Integer call() {
        String home = System.getProperty("jnetkit.home", System.getenv("JNETKIT_HOME"));
        if (home == null || home.isBlank()) {
            throw new Exit.UsageException("install the CNI plugin: JNETKIT_HOME is not set (run jnetkit through bin/jnetkit)");
        }
        Cidr pool;
        try {
            pool = Cidr.parse(subnet);
        } catch (RuntimeException e) {
            throw new Exit.UsageException("install the CNI plugin: --subnet " + subnet + ": " + e.getMessage());
        }
        CniInstall install;
        try {
            install = new CniInstall(binDir.toAbsolutePath(), noConf ? null : confDir.toAbsolutePath(),
                    Path.of(home).toAbsolutePath(), name, pool, force);
        } catch (IllegalArgumentException e) {
            throw new Exit.UsageException("install the CNI plugin: " + e.getMessage());
        }
        List<Path> written;
        try {
            written = install.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Exit.UsageException(e.getMessage());
        }
        var out = spec.commandLine().getOut();
        if (Global.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("written", written.stream().map(Path::toString).toList());
            m.put("type", CniInstall.TYPE);
            m.put("network", name);
            out.println(Json.write(m));
        } else {
            written.forEach(p -> out.println("wrote " + p));
            out.println("CNI plugin " + CniInstall.TYPE + " installed" + (noConf ? "" : "; network " + name + " on " + pool));
        }
        return 0;
    }
}
