package io.jnetkit.cli.topology;

import io.jnetkit.cli.Global;
import io.jnetkit.netns.NetNs;
import io.jnetkit.topology.Topology;
import io.jnetkit.topology.TopologyEngine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code -f FILE} option shared by up, down and status, and the help text they share. */
final class TopologyFile {
    /** The help footer of up, down and status: the schema in brief and examples (picocli's %n is a line break). */
    static final String FOOTER = ""
            + "%n"
            + "A topology file (YAML; full schema: README, \"Topology files\"):%n"
            + "  name: demo                  # 1-12 of [a-z0-9]; everything made is tp-demo-…%n"
            + "  defaults: {datapath: auto, pool: 10.77.0.0/24}%n"
            + "  nodes:                      # optional: namespaces standing in for hosts%n"
            + "    - {name: a, pod-cidr: 10.1.0.0/24}%n"
            + "  links: [[a, b]]             # veth pairs between nodes%n"
            + "  pods:%n"
            + "    - name: web%n"
            + "      node: a                 # with nodes only%n"
            + "      hooks: {primary: {policy: \"deny tcp dport 22; allow any\"}}%n"
            + "Without nodes the pods are wired to the current namespace (or -n NS), "
            + "and forwarding is turned on there.%n"
            + "%n"
            + "up and down print each change as it is made (on a terminal, with a progress "
            + "bar). What up made is recorded in /run/jnetkit/topologies/NAME.json, so a pod "
            + "or node taken out of the file is removed by the next up (or by down).%n"
            + "%n"
            + "Examples:%n"
            + "  jnetkit up -f examples/three-pods.yaml%n"
            + "  jnetkit status -f examples/three-pods.yaml --json%n"
            + "  jnetkit down -f examples/three-pods.yaml%n";

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "The topology file.")
    Path file;

    Topology read() {
        return Topology.read(file);
    }

    /** One engine call: up, down or status of a topology in its base namespace. */
    interface Call<R> {
        R on(TopologyEngine engine, Topology topology, NetNs base);
    }

    /** What a call returned, with the topology it was made for (the commands print both). */
    record Done<R>(Topology topology, R result) {}

    /** Reads the file (nothing is touched when it is bad), then runs {@code call} in the -n (or current) namespace. */
    <R> Done<R> run(Call<R> call) {
        Topology t = read();
        return new Done<>(t, run(t, call));
    }

    /** Runs {@code call} for a topology already read, in the -n (or current) namespace. */
    <R> R run(Topology t, Call<R> call) {
        try (NetNs base = Global.openNetns()) {
            return call.on(TopologyEngine.open(), t, base);
        }
    }

    /** An engine call that reports its progress: up or down. */
    interface LiveCall<R> {
        R on(TopologyEngine engine, Topology topology, NetNs base, TopologyEngine.Progress progress);
    }

    /** {@link #run(Topology, Call)}, showing each change as it is made (nothing live with --json). */
    <R> R runLive(Topology t, picocli.CommandLine cl, String verb, LiveCall<R> call) {
        LiveProgress live = LiveProgress.of(cl.getOut(), cl.getErr(), t.plan().size(), verb);
        try {
            return run(t, (engine, topology, base) -> call.on(engine, topology, base,
                    Global.json() ? TopologyEngine.Progress.NONE : live));
        } finally {
            live.finish();
        }
    }
}
