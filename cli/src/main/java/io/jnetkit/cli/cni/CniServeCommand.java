package io.jnetkit.cli.cni;

import io.jnetkit.cni.CniServer;
import io.jnetkit.pod.Pods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jnetkit cni serve}: the CNI plugin in one long-running JVM; the plugin executable hands each call to it. */
@Command(name = "serve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Serve the CNI plugin from one long-running process (until SIGTERM).",
                "While it runs, the plugin executable (bin/jnetkit-cni, the installed jnetkit) "
                + "hands each ADD/DEL/CHECK to it over a Unix socket instead of starting a JVM."},
        footer = {"%nExamples:",
                "  jnetkit cni serve &                                # /run/jnetkit/cni.sock",
                "  jnetkit cni serve --socket /run/jnetkit/pods.sock  # JNETKIT_CNI_SOCKET too",
                "%nThe socket is root's only (0600). Without a server the plugin still works, a JVM per call."})
public final class CniServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "The Unix socket (default: ${DEFAULT-VALUE}).")
    Path socket = CniServer.DEFAULT_SOCKET;

    @Override
    public Integer call() throws InterruptedException {
        CniServer server = CniServer.start(socket.toAbsolutePath(), Pods.open());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        spec.commandLine().getErr().println("jnetkit: serving the CNI plugin on " + server.socket());
        spec.commandLine().getErr().flush();
        server.await();
        return 0;
    }
}
