package io.jnetkit.cni;

import io.jnetkit.bpf.VerifierException;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.netns.NetNs;
import io.jnetkit.netns.NetNsException;
import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.Drift;
import io.jnetkit.pod.PodException;
import io.jnetkit.pod.PodSpec;
import io.jnetkit.pod.Pods;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.KernelException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CNI plugin {@code jnetkit} (spec 1.1; configs of 0.4.0, 1.0.0 and 1.1.0): one
 * {@link #handle} per invocation, returning what to print on stdout and the exit code. A
 * container is a pod of the library's {@link Pods}: a netkit pair (L3 by default) whose peer is
 * created directly in the runtime's namespace under {@code CNI_IFNAME}, addresses from the
 * delegated IPAM plugin (as /32 and /128), host routes, the configured policy or object on each
 * hook and, until it is attached, blackhole; veth plus tcx where the kernel has no netkit.
 *
 * <ul>
 * <li>ADD: IPAM ADD, {@link Pods#up}, a record for GC; the spec's result. A failure releases the
 *     lease and leaves no device.</li>
 * <li>DEL: {@link Pods#down} (the device, its routes and pins; never the runtime's namespace),
 *     IPAM DEL, the record; succeeds when any of it is already gone, also without CNI_NETNS.</li>
 * <li>CHECK: {@link Pods#check} against {@code prevResult}, IPAM CHECK; drift is error 101.</li>
 * <li>STATUS: the IPAM plugin is there and the kernel has the datapath; else 50.</li>
 * <li>GC: DEL of every recorded attachment {@code cni.dev/valid-attachments} does not list.</li>
 * <li>VERSION: the versions above.</li>
 * </ul>
 * Nothing but the result or the spec's error object goes to stdout; each operation writes one line
 * to the config's {@code logFile}.
 */
public final class CniPlugin {
    private final Pods pods;
    private final NetNs node;

    private CniPlugin(Pods pods, NetNs node) {
        this.pods = pods;
        this.node = node;
    }

    /** The plugin as a runtime runs it: host devices in the namespace it runs in, pins on the host's bpffs. */
    public static CniPlugin open() {
        return new CniPlugin(Pods.open(), null);
    }

    /**
     * The plugin with host devices, host routes and forwarding in {@code node} instead of the
     * namespace it runs in (a namespace standing in for a node; tests). The caller keeps {@code node}
     * open while the plugin is used.
     */
    public static CniPlugin in(NetNs node, Pods pods) {
        return new CniPlugin(pods, node);
    }

    /** The node's namespace, opened for one operation (closed by the caller). */
    private NetNs openNode() {
        return node == null ? NetNs.current() : NetNs.open(node.path() != null ? node.path() : "/proc/self/fd/" + node.fd().value());
    }

    /** What to print on stdout (may be empty) and the exit code; {@code log} is the line written to the log. */
    public record Response(int exit, String stdout, String log) {}

    /** Runs one invocation; never throws. */
    public Response handle(CniRequest r) {
        long started = System.nanoTime();
        String version = CniVersion.NEWEST;
        NetConf conf = null;
        String out;
        String outcome;
        try {
            if (r.command() == null) {
                throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_COMMAND is not set",
                        "jnetkit-cni is a CNI plugin: a container runtime runs it with CNI_COMMAND=ADD|DEL|CHECK|STATUS|GC|VERSION"
                                + " and the network config on stdin");
            }
            if (r.command().equals("VERSION")) {
                version = versionAsked(r.stdin());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cniVersion", version);
                m.put("supportedVersions", CniVersion.SUPPORTED);
                return new Response(0, Json.write(m), null);
            }
            conf = NetConf.of(config(r.stdin()));
            version = conf.cniVersion();
            switch (r.command()) {
                case "ADD" -> {
                    Added added = add(r, conf);
                    out = Json.write(added.result());
                    outcome = "ok " + ips(added.result()) + " " + added.datapathNote();
                }
                case "DEL" -> {
                    outcome = "ok " + del(r, conf);
                    out = "";
                }
                case "CHECK" -> {
                    check(r, conf);
                    out = "";
                    outcome = "ok";
                }
                case "STATUS" -> {
                    outcome = "ok " + status(r, conf);
                    out = "";
                }
                case "GC" -> {
                    outcome = "ok " + gc(r, conf);
                    out = "";
                }
                default -> throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_COMMAND " + r.command()
                        + " is not one of ADD, DEL, CHECK, STATUS, GC, VERSION", null);
            }
            return respond(r, conf, started, 0, out, outcome);
        } catch (RuntimeException e) {
            CniException ce = asCni(e);
            String line = "error " + ce.code() + ": " + ce.getMessage();
            return respond(r, conf, started, 1, Json.write(ce.toJson(version)), line);
        }
    }

    private static Response respond(CniRequest r, NetConf conf, long started, int exit, String out, String outcome) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + r.command()
                + (conf == null ? "" : " network=" + conf.name())
                + (r.containerId() == null ? "" : " container=" + r.containerId())
                + (r.ifname() == null ? "" : " ifname=" + r.ifname())
                + (r.netns() == null ? "" : " netns=" + r.netns())
                + " " + outcome.replace('\n', ' ') + " (" + ms + " ms)";
        log(conf == null ? NetConf.DEFAULT_LOG : conf.logFile(), line);
        return new Response(exit, out, line);
    }

    /**
     * Appends a line to the log; a log that cannot be written is said on stderr, never on stdout.
     * A new log is made 0600, as the state files and pins are: its lines name containers, their
     * namespaces and addresses. A log that exists keeps the mode its owner gave it.
     */
    private static void log(Path file, String line) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // appended to below
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("jnetkit-cni: write log " + file + ": " + e.getMessage());
        }
    }

    private static String versionAsked(byte[] stdin) {
        if (stdin == null || stdin.length == 0) return CniVersion.NEWEST;
        try {
            if (Json.parse(stdin) instanceof Map<?, ?> m && m.get("cniVersion") instanceof String v && CniVersion.SUPPORTED.contains(v)) {
                return v;
            }
        } catch (IOException e) {
            // VERSION with a config jnetkit cannot read still answers with its versions
        }
        return CniVersion.NEWEST;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(byte[] stdin) {
        Object o;
        try {
            o = Json.parse(stdin == null ? new byte[0] : stdin);
        } catch (IOException e) {
            throw new CniException(CniException.DECODE_FAILURE, "decode the network config on stdin: " + e.getMessage(), null);
        }
        if (!(o instanceof Map)) throw new CniException(CniException.DECODE_FAILURE, "decode the network config on stdin: not a JSON object", null);
        return (Map<String, Object>) o;
    }

    // ------------------------------------------------------------ names

    /**
     * The host-side device of an attachment: the prefix and 12 hex digits of SHA-256 over
     * (network, container id, interface name) — the spec's key for an attachment, so the same
     * attachment always has the same name and DEL finds it without a record.
     */
    static String hostDevice(NetConf conf, String containerId, String ifname) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((conf.name() + "\0" + containerId + "\0" + ifname).getBytes(StandardCharsets.UTF_8));
            return conf.hostDevicePrefix() + HexFormat.of().formatHex(d.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireEnv(CniRequest r, boolean netns) {
        if (r.containerId() == null) throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_CONTAINERID is not set", null);
        if (!r.containerId().matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_CONTAINERID \"" + r.containerId()
                    + "\" is not a container id (letters, digits, '_', '.', '-')", null);
        }
        if (r.ifname() == null) throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_IFNAME is not set", null);
        byte[] name = r.ifname().getBytes(StandardCharsets.UTF_8);
        if (name.length > 15 || r.ifname().equals(".") || r.ifname().equals("..")
                || r.ifname().chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_IFNAME \"" + r.ifname()
                    + "\" is not a device name (1 to 15 bytes, no '/', ':' or spaces)", null);
        }
        if (netns && r.netns() == null) throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_NETNS is not set", null);
        if (r.netns() != null && !r.netns().startsWith("/")) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_NETNS \"" + r.netns() + "\" is not an absolute path", null);
        }
    }

    private static PodSpec spec(NetConf conf, String hostDev, String netns, String ifname, List<Cidr> addresses) {
        try {
            return new PodSpec(hostDev, netns, hostDev, ifname, conf.datapath(), conf.mode(), addresses, conf.peer(), conf.primary());
        } catch (IllegalArgumentException e) {
            throw CniException.invalidConfig(e.getMessage());
        }
    }

    // ------------------------------------------------------------ ADD

    /** ADD's result, and which datapath the pod has and why (for the log). */
    private record Added(Map<String, Object> result, String datapathNote) {}

    private Added add(CniRequest r, NetConf conf) {
        requireEnv(r, true);
        if (conf.ipam() == null) {
            throw CniException.invalidConfig("config: \"ipam\" is missing: jnetkit takes its addresses from an IPAM plugin"
                    + " (e.g. {\"type\": \"host-local\", \"ranges\": [[{\"subnet\": \"10.22.0.0/16\"}]]})");
        }
        if (!Files.exists(Path.of(r.netns()))) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "CNI_NETNS " + r.netns() + " does not exist", null);
        }
        Ipam ipam = new Ipam(r, conf);
        List<Ipam.Lease> leases = leaseFor(ipam, r);
        String hostDev = hostDevice(conf, r.containerId(), r.ifname());
        boolean made = false;
        try {
            List<Cidr> addresses = new ArrayList<>();
            for (Ipam.Lease l : leases) addresses.add(Cidr.host(l.address().address()));
            PodSpec spec = spec(conf, hostDev, r.netns(), r.ifname(), addresses);
            NetNs host = openNode();
            try {
                // Pods reach each other through the node (a write only where it is off).
                Pods.enableForwarding(host);
                Pods.Up up = pods.up(host, spec);
                made = up.created();
                new Attachments(conf.stateDir(), conf.name())
                        .put(new Attachments.Attachment(r.containerId(), r.ifname(), r.netns(), hostDev, addresses));
                return new Added(result(conf, r, spec, up.datapath(), host), up.datapathNote());
            } finally {
                host.close();
            }
        } catch (RuntimeException e) {
            // All or nothing: a pod this ADD made goes before its lease does (no device may keep
            // a route to an address the next container gets).
            try {
                if (made) takeDown(hostDev, r.netns(), r.ifname());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            try {
                ipam.del(r.containerId(), r.ifname(), r.netns());
            } catch (RuntimeException release) {
                e.addSuppressed(release);
            }
            throw e;
        }
    }

    /**
     * IPAM ADD, tried once more after an IPAM DEL of this container and interface when it fails.
     * An ADD killed after its IPAM ADD (the runtime's timeout, the node's OOM killer) leaves a lease
     * that host-local will not hand to the same container twice ("duplicate allocation is not
     * allowed"), so the runtime's retry of that ADD would fail for good. What the DEL releases can
     * only be this container's, which is being added now: no other container loses an address.
     */
    private static List<Ipam.Lease> leaseFor(Ipam ipam, CniRequest r) {
        try {
            return ipam.add();
        } catch (CniException first) {
            if (first.code() != CniException.IPAM_FAILED) throw first;
            try {
                ipam.del(r.containerId(), r.ifname(), r.netns());
            } catch (RuntimeException e) {
                first.addSuppressed(e);
                throw first;
            }
            return ipam.add();
        }
    }

    /** The spec's result for ADD, in the config's version. */
    private static Map<String, Object> result(NetConf conf, CniRequest r, PodSpec spec, Datapath dp, NetNs host) {
        boolean linkLayer = dp == Datapath.VETH || spec.netkitMode() == NetkitMode.L2;
        List<Object> interfaces = new ArrayList<>();
        Map<String, Object> hostIf = new LinkedHashMap<>();
        Map<String, Object> podIf = new LinkedHashMap<>();
        try (Rtnl hr = Rtnl.open(host); NetNs pod = NetNs.open(spec.netns()); Rtnl pr = Rtnl.open(pod)) {
            hostIf.put("name", spec.hostDevice());
            mac(hr.links().find(spec.hostDevice()), linkLayer).ifPresent(m -> hostIf.put("mac", m));
            podIf.put("name", spec.podDevice());
            mac(pr.links().find(spec.podDevice()), linkLayer).ifPresent(m -> podIf.put("mac", m));
            podIf.put("sandbox", r.netns());
        }
        interfaces.add(hostIf);
        interfaces.add(podIf);
        List<Object> ips = new ArrayList<>();
        List<Object> routes = new ArrayList<>();
        for (Cidr c : spec.addresses()) {
            boolean v4 = c.family() == IpFamily.V4;
            Map<String, Object> ip = new LinkedHashMap<>();
            if (!CniVersion.atLeast1(conf.cniVersion())) ip.put("version", v4 ? "4" : "6");
            ip.put("address", c.toString());
            if (linkLayer) ip.put("gateway", Cidr.format(v4 ? PodSpec.GATEWAY4 : PodSpec.GATEWAY6));
            ip.put("interface", 1);
            ips.add(ip);
        }
        for (IpFamily f : IpFamily.values()) {
            if (!spec.hasFamily(f)) continue;
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("dst", f == IpFamily.V4 ? "0.0.0.0/0" : "::/0");
            if (linkLayer) route.put("gw", Cidr.format(f == IpFamily.V4 ? PodSpec.GATEWAY4 : PodSpec.GATEWAY6));
            routes.add(route);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", conf.cniVersion());
        m.put("interfaces", interfaces);
        m.put("ips", ips);
        m.put("routes", routes);
        Map<String, Object> dns = Json.object(conf.raw(), "dns", "config: ");
        m.put("dns", dns == null ? Map.of() : dns);
        return m;
    }

    /** A device without a link-layer address (an L3 netkit device has none) as the result says it. */
    static final String NO_MAC = "00:00:00:00:00:00";

    private static Optional<String> mac(Optional<Link> l, boolean linkLayer) {
        // The spec makes mac optional where L2 addresses mean nothing, but podman 4.3 refuses a
        // result whose interface has none ("invalid MAC address"): say all zeros, as the kernel would.
        if (l.isEmpty()) return Optional.empty();
        if (!linkLayer || l.get().address() == null) return Optional.of(NO_MAC);
        return Optional.of(l.get().address().toString());
    }

    private static String ips(Map<String, Object> result) {
        List<String> out = new ArrayList<>();
        if (result.get("ips") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> ip) out.add(String.valueOf(ip.get("address")));
        }
        return String.join(",", out);
    }

    // ------------------------------------------------------------ DEL

    private String del(CniRequest r, NetConf conf) {
        requireEnv(r, false);
        String hostDev = hostDevice(conf, r.containerId(), r.ifname());
        Attachments records = new Attachments(conf.stateDir(), conf.name());
        Attachments.Attachment rec = records.get(hostDev);
        String netns = r.netns() != null ? r.netns() : rec == null ? null : rec.netns();
        List<String> removed = takeDown(hostDev, netns, r.ifname());
        if (conf.ipam() != null) new Ipam(r, conf).del(r.containerId(), r.ifname(), r.netns());
        records.remove(hostDev);
        return removed.isEmpty() ? "nothing was left" : removed.size() + " removed";
    }

    /**
     * The pod's device, routes and pins, gone; the runtime's namespace stays. Without a namespace
     * path (a DEL without CNI_NETNS), the device of the attachment's name is deleted directly: the
     * name is the attachment's own hash.
     */
    private List<String> takeDown(String hostDev, String netns, String ifname) {
        List<String> removed = new ArrayList<>();
        try (NetNs host = openNode()) {
            boolean usable = netns != null && Files.exists(Path.of(netns));
            if (!usable) {
                try (Rtnl hr = Rtnl.open(host)) {
                    if (hr.links().find(hostDev).isPresent()) {
                        try {
                            hr.links().delete(hostDev);
                            removed.add("deleted " + hostDev);
                        } catch (KernelException e) {
                            if (e.errno() != io.jnetkit.sys.Errno.ENODEV) throw e;
                        }
                    }
                }
                // A path that is not there: the pod's down then removes only the pins.
                netns = "/run/jnetkit/cni-gone/" + hostDev;
            }
            PodSpec spec = new PodSpec(hostDev, netns, hostDev, ifname, Datapath.AUTO, null,
                    List.of(Cidr.parse("0.0.0.1/32")), null, null);
            removed.addAll(pods.down(host, spec).removed());
            // Still there: its other end is not where the runtime says (renamed, moved). The name
            // is this attachment's own hash, so the device is ours either way.
            try (Rtnl hr = Rtnl.open(host)) {
                if (hr.links().find(hostDev).isPresent()) {
                    try {
                        hr.links().delete(hostDev);
                        removed.add("deleted " + hostDev + " (its other end was not " + ifname + " in " + netns + ")");
                    } catch (KernelException e) {
                        if (e.errno() != io.jnetkit.sys.Errno.ENODEV) throw e;
                    }
                }
            }
        }
        return removed;
    }

    // ------------------------------------------------------------ CHECK

    private void check(CniRequest r, NetConf conf) {
        requireEnv(r, true);
        if (conf.prevResult() == null) throw CniException.invalidConfig("CHECK needs \"prevResult\", the result of the container's ADD");
        List<Cidr> addresses = new ArrayList<>();
        if (conf.prevResult().get("ips") instanceof List<?> ips) {
            for (Object o : ips) {
                if (o instanceof Map<?, ?> ip && ip.get("address") instanceof String a) {
                    try {
                        addresses.add(Cidr.host(Cidr.parse(a).address()));
                    } catch (RuntimeException e) {
                        throw CniException.invalidConfig("prevResult: address " + a + ": " + e.getMessage());
                    }
                }
            }
        }
        if (addresses.isEmpty()) throw CniException.invalidConfig("prevResult has no addresses");
        String hostDev = hostDevice(conf, r.containerId(), r.ifname());
        PodSpec spec = spec(conf, hostDev, r.netns(), r.ifname(), addresses);
        List<Drift> drift;
        try (NetNs host = openNode()) {
            drift = pods.check(host, spec);
        }
        if (!drift.isEmpty()) {
            List<String> lines = drift.stream().map(Drift::toString).toList();
            throw new CniException(CniException.CHECK_FAILED, "container " + r.containerId() + " (" + hostDev + "): "
                    + lines.getFirst() + (lines.size() > 1 ? " (and " + (lines.size() - 1) + " more)" : ""), String.join("\n", lines));
        }
        if (conf.ipam() != null) new Ipam(r, conf).check();
    }

    // ------------------------------------------------------------ STATUS, GC

    private String status(CniRequest r, NetConf conf) {
        if (conf.ipam() != null && new Ipam(r, conf).find() == null) {
            throw new CniException(CniException.PLUGIN_NOT_AVAILABLE, "ipam plugin " + Json.string(conf.ipam(), "type", "")
                    + " is not in CNI_PATH " + String.join(":", r.path()), null);
        }
        try {
            return Pods.choose(conf.datapath()).toString();
        } catch (PodException e) {
            throw new CniException(CniException.PLUGIN_NOT_AVAILABLE, e.getMessage(), null, e);
        }
    }

    private String gc(CniRequest r, NetConf conf) {
        if (conf.validAttachments() == null) {
            // Without the list every attachment would look stale: refuse rather than wipe the network.
            throw CniException.invalidConfig("GC needs \"cni.dev/valid-attachments\", the attachments to keep");
        }
        List<Object> valid = conf.validAttachments();
        List<String> keep = new ArrayList<>();
        for (Object o : valid) {
            if (o instanceof Map<?, ?> m && m.get("containerID") instanceof String cid && m.get("ifname") instanceof String ifn) {
                keep.add(cid + "\0" + ifn);
            }
        }
        Attachments records = new Attachments(conf.stateDir(), conf.name());
        int collected = 0;
        List<String> failed = new ArrayList<>();
        for (Attachments.Attachment a : records.list()) {
            if (keep.contains(a.containerId() + "\0" + a.ifname())) continue;
            try {
                takeDown(a.hostDevice(), a.netns(), a.ifname());
                if (conf.ipam() != null) {
                    CniRequest forLease = new CniRequest("DEL", a.containerId(), a.netns(), a.ifname(), null, r.path(), r.stdin());
                    new Ipam(forLease, conf).del(a.containerId(), a.ifname(), a.netns());
                }
                records.remove(a.hostDevice());
                collected++;
            } catch (RuntimeException e) {
                // One attachment that cannot go must not keep the others: they are collected, it is said.
                failed.add(a.containerId() + "/" + a.ifname() + ": " + asCni(e).getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new CniException(CniException.IO_FAILURE, "GC removed " + collected + " stale attachments; "
                    + failed.size() + " could not be removed: " + failed.getFirst(), String.join("\n", failed));
        }
        return collected + " stale attachment" + (collected == 1 ? "" : "s") + " removed";
    }

    // ------------------------------------------------------------ errors

    /** Any failure as the spec's error: its well-known code where one fits, the kernel's words kept. */
    static CniException asCni(RuntimeException e) {
        return switch (e) {
            case CniException c -> c;
            case VerifierException v -> new CniException(CniException.KERNEL_REFUSED, v.getMessage(), v.log(), v);
            case KernelException k -> new CniException(CniException.KERNEL_REFUSED, k.getMessage(), k.hint(), k);
            case PodException p -> switch (p.kind()) {
                case NETNS_MISSING -> new CniException(CniException.UNKNOWN_CONTAINER, p.getMessage(), null, p);
                case BAD_OBJECT, IMMUTABLE -> new CniException(CniException.INVALID_CONFIG, p.getMessage(), null, p);
                case CONFLICT, UNSUPPORTED -> new CniException(CniException.KERNEL_REFUSED, p.getMessage(), null, p);
            };
            case NetNsException n when n.kind() == NetNsException.Kind.NOT_FOUND ->
                    new CniException(CniException.UNKNOWN_CONTAINER, n.getMessage(), null, n);
            case IllegalArgumentException i -> new CniException(CniException.INVALID_CONFIG, i.getMessage(), null, i);
            default -> new CniException(199, "internal error: " + e, stackTop(e), e);
        };
    }

    private static String stackTop(Throwable e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) b.append(st[i]).append('\n');
        return b.toString();
    }
}
