package io.jnetkit.topology;

import io.jnetkit.net.Cidr;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Drift;
import io.jnetkit.pod.NetkitTuning;
import io.jnetkit.pod.PodHook;
import io.jnetkit.pod.PodProgram;
import io.jnetkit.pod.PodSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A {@link Topology} drawn as a Graphviz graph, in DOT text: what {@code jnetkit graph -f FILE}
 * hands to {@link Graphviz} for SVG and PNG. Kernel-free, and deterministic — the same topology
 * (and status) gives the same bytes — so the picture can be tested and diffed.
 *
 * <p>What is drawn: each node as a cluster (a topology without nodes: one cluster, the namespace
 * the pods are wired to) holding a box for the namespace itself (its netns, pod CIDRs or pool,
 * forwarding, the routes to other nodes' pod CIDRs) and one box per pod (netns, addresses, host
 * and pod devices, datapath and netkit mode, and what runs on each hook: the policy text, trimmed
 * to a few lines, or the object file and program). Each pod hangs off its namespace's box by an
 * edge named after its device pair (more than {@link #FAN_OUT} pods: a grid of boxes, no edges);
 * node links are edges between namespace boxes labelled with each end's node, device and
 * addresses. Given a {@link TopologyEngine.Status}, drifted pods and nodes are drawn red with
 * what drifted.
 *
 * <p>Everything taken from the file is escaped: DOT quoted strings get {@code \\} and {@code \"}
 * (their labels treat a backslash as an escape: {@code \n}, {@code \N}…), HTML-like labels get
 * XML entities for {@code & < > "} and doubled backslashes too (dot expands {@code \N} and
 * {@code \G} there as well); control characters, which XML cannot carry at all, become
 * {@code ?}. Graphviz has no iproute2 or bpftool equivalent; this is the picture a user would
 * otherwise sketch from {@code ip -all netns exec ip -br addr}.
 */
public final class TopologyGraph {
    /** At most this many lines of a policy's text are drawn; the rest is counted. */
    static final int POLICY_LINES = 8;
    /** A drawn line longer than this many characters is cut, ending in "...". */
    static final int LINE_CHARS = 60;
    /** A namespace with more pods than this draws them as a grid, without an edge to each. */
    static final int FAN_OUT = 8;
    /** At most this many drift lines per pod or node. */
    static final int DRIFT_LINES = 6;

    private static final String FONT = "Helvetica";
    private static final String MONO = "Courier";
    private static final String RED = "#c0392b";
    private static final String POD_FILL = "#e8f0fa";
    private static final String NS_FILL = "#eef5ea";
    private static final String DRIFT_FILL = "#f9e0dc";

    private final Topology topology;
    private final TopologyEngine.Status status;
    private final StringBuilder out = new StringBuilder();

    private TopologyGraph(Topology topology, TopologyEngine.Status status) {
        this.topology = topology;
        this.status = status;
    }

    /** The topology as planned, in DOT. */
    public static String dot(Topology topology) {
        return dot(topology, null);
    }

    /**
     * The topology in DOT, with what {@code status} (the engine's {@link TopologyEngine#status} of
     * this topology, or null) reports as drifted drawn red.
     */
    public static String dot(Topology topology, TopologyEngine.Status status) {
        return new TopologyGraph(topology, status).draw();
    }

    private String draw() {
        Topology t = topology;
        line(0, "// topology " + oneLine(t.name()) + " from " + oneLine(t.file()) + ", drawn by jnetkit graph");
        line(0, "graph " + quote(t.name()) + " {");
        String title = "topology " + t.name() + "\n" + t.file();
        if (status != null) title += "\n" + (status.clean() ? "live: no drift" : "live: drift (red)");
        line(1, "graph [label=" + quote(title) + ", labelloc=t, fontname=" + quote(FONT)
                + ", fontsize=14, newrank=true, nodesep=0.3, ranksep=0.7];");
        line(1, "node [shape=plain, fontname=" + quote(FONT) + ", fontsize=10];");
        line(1, "edge [fontname=" + quote(FONT) + ", fontsize=9, color=\"#555555\"];");
        if (t.hasNodes()) {
            for (Node n : t.nodes()) {
                cluster("node:" + n.name(), "node " + n.name(), nodeBox(n), nodeDrift(n.name()), t.podsOn(n.name()));
            }
            StringBuilder same = new StringBuilder("{rank=same;");
            for (Node n : t.nodes()) same.append(' ').append(quote("node:" + n.name())).append(';');
            line(1, same.append('}').toString());
            // One label naming both ends: head and tail labels crowd each other on a short edge.
            for (NodeLink l : t.links()) {
                line(1, quote("node:" + l.a()) + " -- " + quote("node:" + l.b()) + " [penwidth=2, label="
                        + quote("veth\n" + end(l.a(), l.deviceA(), l.addressesA()) + "\n"
                                + end(l.b(), l.deviceB(), l.addressesB())) + "];");
            }
        } else {
            cluster("host", "host namespace", hostBox(), List.of(), t.podsOn(null));
        }
        line(0, "}");
        return out.toString();
    }

    /** One namespace: its own box, its pods, and an edge from it to each pod (or its pods in a grid). */
    private void cluster(String id, String label, String box, List<String> drift, List<PlannedPod> pods) {
        line(1, "subgraph " + quote("cluster_" + id) + " {");
        line(2, "label=" + quote(label) + "; style=\"rounded\"; color=" + quote(drift.isEmpty() ? "#8a99ad" : RED) + ";");
        line(2, quote(id) + " [label=<" + indent(box, 3) + ">];");
        for (PlannedPod p : pods) {
            line(2, quote("pod:" + p.name()) + " [label=<" + indent(podBox(p), 3) + ">];");
        }
        if (pods.size() <= FAN_OUT) {
            for (PlannedPod p : pods) {
                PodSpec s = p.spec();
                line(2, quote(id) + " -- " + quote("pod:" + p.name()) + " [label="
                        + quote(s.hostDevice() + " - " + s.podDevice()) + "];");
            }
        } else {
            // Many pods fanned out in one row make a strip no one can read (100 pods: 27000 pixels
            // wide). A grid instead, about as wide as tall, held in place by invisible edges: the
            // first row under the namespace, each other pod under the one a row above it. Each
            // box names its devices, so the edges lose nothing but lines.
            int columns = (int) Math.ceil(Math.sqrt(pods.size()));
            for (int i = 0; i < pods.size(); i++) {
                String above = i < columns ? id : "pod:" + pods.get(i - columns).name();
                line(2, quote(above) + " -- " + quote("pod:" + pods.get(i).name()) + " [style=invis];");
            }
        }
        line(1, "}");
    }

    private String nodeBox(Node n) {
        Table tb = new Table(nodeDrift(n.name()).isEmpty() ? NS_FILL : DRIFT_FILL, nodeDrift(n.name()));
        tb.header("namespace " + n.netns());
        tb.row("pod CIDR", lines(n.podCidrs().stream().map(Cidr::toString).toList()));
        tb.row("pods", String.valueOf(topology.podsOn(n.name()).size()));
        tb.row("forwarding", "on");
        tb.row("routes", n.routes().isEmpty() ? "none"
                : lines(n.routes().stream().map(r -> r.destination() + " via " + Cidr.format(r.via()) + " dev " + r.device()).toList()));
        return tb.end();
    }

    private String hostBox() {
        Table tb = new Table(NS_FILL, List.of());
        tb.header("the current namespace (or -n NS)");
        if (!topology.defaults().pool().isEmpty()) {
            tb.row("pool", lines(topology.defaults().pool().stream().map(Cidr::toString).toList()));
        }
        tb.row("pods", String.valueOf(topology.podsOn(null).size()));
        tb.row("forwarding", "on");
        tb.row("routes", "each pod address dev its host device");
        return tb.end();
    }

    private String podBox(PlannedPod p) {
        PodSpec s = p.spec();
        List<String> drift = podDrift(p.name());
        Table tb = new Table(drift.isEmpty() ? POD_FILL : DRIFT_FILL, drift);
        tb.header("pod " + p.name());
        tb.row("netns", text(s.netns()));
        tb.row(s.addresses().size() == 1 ? "address" : "addresses", lines(s.addresses().stream().map(Cidr::toString).toList()));
        tb.row("host device", text(s.hostDevice()));
        tb.row("pod device", text(s.podDevice()));
        tb.row("datapath", text(datapath(s)));
        if (s.datapath() != Datapath.VETH) tb.row("netkit mode", text(s.netkitMode().word()));
        String tuning = tuning(p.netkit());
        if (tuning != null) tb.row("netkit", text(tuning));
        hook(tb, s, PodHook.PEER, "peer (sends)");
        hook(tb, s, PodHook.PRIMARY, "primary (receives)");
        return tb.end();
    }

    private static String datapath(PodSpec s) {
        return switch (s.datapath()) {
            case AUTO -> "auto (netkit, else veth)";
            case NETKIT -> "netkit";
            case VETH -> "veth (tcx hooks)";
        };
    }

    private static String tuning(NetkitTuning n) {
        if (n == null || n.isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        if (n.scrub() != null) parts.add("scrub " + n.scrub().word());
        if (n.peerScrub() != null) parts.add("peer scrub " + n.peerScrub().word());
        if (n.headroom() != null) parts.add("headroom " + n.headroom());
        if (n.tailroom() != null) parts.add("tailroom " + n.tailroom());
        return String.join(", ", parts);
    }

    private void hook(Table tb, PodSpec s, PodHook hook, String label) {
        switch (s.program(hook)) {
            case null -> { }
            case PodProgram.Policy p -> tb.row(label, "policy<br align=\"left\"/><font face=\"" + MONO + "\">"
                    + lines(policyLines(p.text())) + "</font>");
            case PodProgram.BpfObject o -> tb.row(label, "object " + text(shown(o.object()))
                    + (o.program() == null ? "" : "<br align=\"left\"/>program " + text(o.program())));
        }
    }

    /** An object file relative to the topology file's directory when it is inside it (as usually written). */
    private String shown(Path object) {
        Path dir = Path.of(topology.file()).toAbsolutePath().getParent();
        Path abs = object.toAbsolutePath().normalize();
        return dir != null && abs.startsWith(dir.normalize()) ? dir.normalize().relativize(abs).toString() : object.toString();
    }

    /**
     * A policy as its author wrote it, one statement a line (split at newlines and at ';' outside
     * comments), a comment kept with the statement it ends; at most {@link #POLICY_LINES}.
     */
    static List<String> policyLines(String text) {
        List<String> all = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            int hash = raw.indexOf('#');
            String code = hash < 0 ? raw : raw.substring(0, hash);
            String comment = hash < 0 ? "" : raw.substring(hash).strip();
            List<String> statements = new ArrayList<>();
            for (String st : code.split(";", -1)) {
                String norm = st.strip().replaceAll("\\s+", " ");
                if (!norm.isEmpty()) statements.add(norm);
            }
            if (!comment.isEmpty()) {
                if (statements.isEmpty()) statements.add(comment);
                else statements.set(statements.size() - 1, statements.getLast() + " " + comment);
            }
            all.addAll(statements);
        }
        if (all.size() <= POLICY_LINES) return all;
        List<String> shown = new ArrayList<>(all.subList(0, POLICY_LINES - 1));
        shown.add("(" + (all.size() - POLICY_LINES + 1) + " more lines)");
        return shown;
    }

    private List<String> podDrift(String pod) {
        if (status == null) return List.of();
        List<Drift> d = status.pods().get(pod);
        return d == null ? List.of() : d.stream().map(Object::toString).toList();
    }

    private List<String> nodeDrift(String node) {
        if (status == null) return List.of();
        List<String> out = new ArrayList<>();
        for (TopologyEngine.NodeDrift d : status.nodes()) {
            if (node.equals(nodeOf(d))) out.add(d.toString());
        }
        return out;
    }

    private static String nodeOf(TopologyEngine.NodeDrift d) {
        return switch (d) {
            case TopologyEngine.NodeDrift.NetnsMissing m -> m.node();
            case TopologyEngine.NodeDrift.LinkMissing m -> m.node();
            case TopologyEngine.NodeDrift.LinkDown m -> m.node();
            case TopologyEngine.NodeDrift.AddressMissing m -> m.node();
            case TopologyEngine.NodeDrift.RouteMissing m -> m.node();
            case TopologyEngine.NodeDrift.ForwardingOff m -> m.node();
        };
    }

    /** One end of a node link: {@code NODE: DEVICE ADDRESS…}. */
    private static String end(String node, String device, List<Cidr> addresses) {
        StringBuilder b = new StringBuilder(node).append(": ").append(device);
        for (Cidr c : addresses) b.append(' ').append(c);
        return b.toString();
    }

    // ------------------------------------------------------------ the HTML-like label of a box

    /** A box: a header cell, then label/value rows; drift rows in red at the end. */
    private static final class Table {
        private final StringBuilder b = new StringBuilder();
        private final String fill;
        private final List<String> drift;

        Table(String fill, List<String> drift) {
            this.fill = fill;
            this.drift = drift;
            b.append("<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"2\" color=\"")
                    .append(drift.isEmpty() ? "#5b6b80" : RED).append("\">\n");
        }

        void header(String title) {
            b.append("<tr><td colspan=\"2\" bgcolor=\"").append(fill).append("\"><b>")
                    .append(text(title)).append("</b></td></tr>\n");
        }

        /** {@code value} is HTML already (escaped by the caller). */
        void row(String label, String value) {
            b.append("<tr><td align=\"left\" valign=\"top\"><font color=\"#555555\">").append(text(label))
                    .append("</font></td><td align=\"left\" balign=\"left\">").append(value).append("</td></tr>\n");
        }

        String end() {
            if (!drift.isEmpty()) {
                List<String> shown = drift.size() <= DRIFT_LINES ? drift
                        : new ArrayList<>(drift.subList(0, DRIFT_LINES - 1));
                if (shown != drift) shown.add("(" + (drift.size() - DRIFT_LINES + 1) + " more)");
                b.append("<tr><td colspan=\"2\" align=\"left\" balign=\"left\" bgcolor=\"").append(DRIFT_FILL)
                        .append("\"><font color=\"").append(RED).append("\">").append(lines(shown))
                        .append("</font></td></tr>\n");
            }
            return b.append("</table>").toString();
        }
    }

    // ------------------------------------------------------------ escaping

    /** Lines of text for an HTML-like label, each escaped and cut, left-aligned. */
    static String lines(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) b.append("<br align=\"left\"/>");
            b.append(text(lines.get(i)));
        }
        return b.toString();
    }

    /**
     * One line of text for an HTML-like label: cut to {@link #LINE_CHARS}, XML-escaped, each
     * backslash doubled (dot replaces {@code \N} with the node's name even here); a line break or
     * other control character (XML has no way to carry one) becomes {@code ?}.
     */
    static String text(String s) {
        String cut = s.codePointCount(0, s.length()) <= LINE_CHARS ? s
                : s.substring(0, s.offsetByCodePoints(0, LINE_CHARS - 3)) + "...";
        return escape(cut, cp -> switch (cp) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            // dot substitutes \N, \G… (object names) in HTML-like text too, and reads \\ as one backslash.
            case '\\' -> "\\\\";
            default -> null;
        });
    }

    /**
     * A DOT quoted string whose newlines are line breaks in a label: Graphviz reads {@code \"} as a
     * quote and, in labels, {@code \\} as a backslash ({@code \n}, {@code \l}, {@code \N}… being
     * escapes of their own); other control characters become {@code ?}.
     */
    static String quote(String s) {
        return '"' + escape(s, cp -> switch (cp) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            default -> null;
        }) + '"';
    }

    /**
     * {@code s} with each code point {@code special} has a replacement for replaced, tabs as
     * spaces, and any other control character (and U+FFFE, U+FFFF) as {@code ?}.
     */
    private static String escape(String s, IntFunction<String> special) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            String r = special.apply(cp);
            if (r != null) b.append(r);
            else if (cp == '\t') b.append(' ');
            else if (Character.isISOControl(cp) || cp == 0xFFFE || cp == 0xFFFF) b.append('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }

    /** Text for a DOT comment: one line. */
    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** A multi-line label with its lines after the first indented, so the DOT reads as a tree. */
    private static String indent(String label, int depth) {
        return "\n" + label.strip().indent(depth * 2).stripTrailing();
    }

    private void line(int indent, String s) {
        out.append("  ".repeat(indent)).append(s).append('\n');
    }
}
