package io.jnetkit.cli.demo;

import io.jnetkit.bpf.FeatureStatus;
import io.jnetkit.bpf.Features;
import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Global;
import io.jnetkit.cli.Json;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code jnetkit demo}: the seed walkthrough, automated and checked step by step. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Run the seed walkthrough end to end, verified (in the kernel lab if needed).",
        description = {
                "Run the netkit seed walkthrough, checking every step and printing the "
                + "iproute2/bpftool command each one replaces: namespace task_netns, netkit "
                + "pair task_nk/nk0, task_nk moved into task_netns, 10.0.0.2/24 there and "
                + "10.0.0.1/24 on nk0, ping (pure-Java ICMP), TCP to ports 12345 and 12346, "
                + "port_filter on the pair's peer hook (12345 dropped, 12346 passes, its .bss "
                + "counter read), detach, 12345 passes again, clean up.",
                "",
                "On a kernel without netkit it runs itself in the kernel lab guest "
                + "($JNETKIT_HOME/lab/lab) after a one-line notice. Exit 0 only if every "
                + "step passed, 6 if one failed. Never removes what it did not create, "
                + "unless --force or --cleanup says so.",
                "",
                "Examples:",
                "  jnetkit demo",
                "  jnetkit demo --keep --pings 5",
                "  jnetkit demo --cleanup",
        })
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--keep", description = "Leave the namespace and the pair in place afterwards (prints how to remove them).")
    boolean keep;

    @Option(names = "--force", description = "Remove a namespace or devices left under the demo's names before starting.")
    boolean force;

    @Option(names = "--cleanup", description = "Only remove what a demo (e.g. with --keep) left under these names, then exit.")
    boolean cleanup;

    @Option(names = "--pod-netns", paramLabel = "NAME", defaultValue = "task_netns",
            description = "The container namespace to create (default: ${DEFAULT-VALUE}).")
    String podNetns;

    @Option(names = "--primary", paramLabel = "NAME", defaultValue = "task_nk",
            description = "The netkit primary, moved into the container namespace (default: ${DEFAULT-VALUE}).")
    String primary;

    @Option(names = "--peer", paramLabel = "NAME", defaultValue = "nk0",
            description = "The netkit peer, on the host side (default: ${DEFAULT-VALUE}).")
    String peer;

    @Option(names = "--pings", paramLabel = "N", defaultValue = "3", description = "Echo requests to send (default: ${DEFAULT-VALUE}).")
    int pings;

    @Option(names = "--no-lab", description = "Never hand over to the kernel lab; fail if this kernel has no netkit.")
    boolean noLab;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pings < 1 || pings > 100) {
            throw new Exit.UsageException("--pings must be 1..100, not " + pings);
        }
        Demo.Settings d = Demo.Settings.defaults();
        Demo.Settings settings = new Demo.Settings(podNetns, primary, peer, d.hostAddress(), d.podAddress(), pings,
                keep, force);
        if (cleanup) {
            return cleanupOnly(settings, out);
        }
        FeatureStatus netkit = Features.netkit();
        if (!netkit.supported()) {
            return elsewhere(netkit, out, err);
        }
        try (NetNs host = Global.openNetns()) {
            Demo demo = new Demo(settings, host, PortFilter::new, out, !Global.json());
            Report.Summary summary = demo.run();
            if (Global.json()) {
                out.println(Json.write(json(summary)));
            } else {
                out.println(summary.closingLine());
            }
            out.flush();
            return summary.ok() ? Exit.OK.code : Exit.FAILED.code;
        }
    }

    /** No netkit here: hand over to the lab guest, or say why not. */
    private int elsewhere(FeatureStatus netkit, PrintWriter out, PrintWriter err) throws Exception {
        String kernel = System.getProperty("os.version");
        if (!(netkit instanceof FeatureStatus.Unsupported)) {
            err.println("jnetkit: demo: " + netkit.message());
            return Exit.PERMISSION.code;
        }
        String home = System.getenv("JNETKIT_HOME");
        Optional<java.nio.file.Path> lab = LabHandoff.lab(home);
        if (noLab || LabHandoff.inLab(System.getenv()) || lab.isEmpty()) {
            err.println("jnetkit: demo: this kernel (" + kernel + ") has no netkit (" + netkit.message() + ")"
                    + (noLab || LabHandoff.inLab(System.getenv()) ? ""
                    : "; no kernel lab to run it in (set JNETKIT_HOME to a jnetkit checkout with lab/lab, "
                    + "or run bin/jnetkit)"));
            return Exit.UNSUPPORTED.code;
        }
        String notice = "demo: this kernel (" + kernel + ") has no netkit; running the demo in the kernel lab guest (Linux 6.12)";
        if (Global.json()) err.println(notice); else out.println(notice);
        out.flush();
        return LabHandoff.run(LabHandoff.command(home, LabHandoff.runningLaunch(), System.getProperty("java.home"),
                demoArgs()), out, err);
    }

    /** This command line again, for the guest: global options first, then the demo's own. */
    List<String> demoArgs() {
        List<String> a = new ArrayList<>();
        if (Global.netnsName() != null) a.addAll(List.of("-n", Global.netnsName()));
        if (Global.json()) a.add("--json");
        if (Global.debug()) a.add("--debug");
        a.add("demo");
        if (keep) a.add("--keep");
        if (force) a.add("--force");
        Demo.Settings d = Demo.Settings.defaults();
        if (!podNetns.equals(d.podNetns())) a.addAll(List.of("--pod-netns", podNetns));
        if (!primary.equals(d.primary())) a.addAll(List.of("--primary", primary));
        if (!peer.equals(d.peer())) a.addAll(List.of("--peer", peer));
        if (pings != d.pings()) a.addAll(List.of("--pings", Integer.toString(pings)));
        return a;
    }

    private int cleanupOnly(Demo.Settings settings, PrintWriter out) {
        List<String> removed;
        try (NetNs host = Global.openNetns(); Rtnl rtnl = Rtnl.open(host)) {
            removed = Demo.removeLeftovers(settings, host, rtnl);
        }
        if (Global.json()) {
            out.println(Json.write(Map.of("removed", removed)));
        } else if (removed.isEmpty()) {
            out.println("demo: nothing to clean up (no " + settings.podNetns() + ", " + settings.primary() + " or "
                    + settings.peer() + ")");
        } else {
            removed.forEach(line -> out.println("demo: " + line));
        }
        return Exit.OK.code;
    }

    static Map<String, Object> json(Report.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", s.ok());
        m.put("kernel", s.kernel());
        m.put("passed", s.passed());
        m.put("total", s.total());
        m.put("failed_step", s.failedStep());
        m.put("filter_load_attach_ms", s.filterLoadAttachMillis());
        m.put("kept", s.kept());
        m.put("millis", s.millis());
        m.put("steps", s.steps());
        return m;
    }
}
