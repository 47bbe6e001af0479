package io.jnetkit.cni;

import io.jnetkit.net.Cidr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The IPAM plugin the config names ({@code "ipam": {"type": "host-local", ...}}), run the way the
 * reference plugins delegate: the executable of that name from {@code CNI_PATH}, the same
 * environment ({@code CNI_COMMAND} as given), the whole config on stdin. Addresses are not
 * jnetkit's to invent: host-local keeps the leases (files under {@code /var/lib/cni/networks/NAME}
 * with its own lock), so many plugin processes can allocate at once.
 *
 * <p>Debian's host-local (1.1.1) speaks CNI up to 1.0.0: a config of 1.1.0 is handed on as 1.0.0
 * when the delegate says the version is incompatible (code 1).
 */
final class Ipam {
    private static final long TIMEOUT_SECONDS = 60;

    private final CniRequest request;
    private final NetConf conf;

    Ipam(CniRequest request, NetConf conf) {
        this.request = request;
        this.conf = conf;
    }

    /** An address the IPAM plugin gave, with its gateway (unused in L3 mode) as it said. */
    record Lease(Cidr address, String gateway) {}

    /** ADD: the addresses leased to this container (cid, ifname). */
    List<Lease> add() {
        Map<String, Object> result = run("ADD", request.containerId(), request.ifname(), request.netns(), true);
        List<Object> ips = result == null ? null : Json.list(result, "ips", "IPAM result: ");
        if (ips == null || ips.isEmpty()) {
            throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " returned no addresses", Json.write(result));
        }
        List<Lease> out = new ArrayList<>();
        for (Object o : ips) {
            if (!(o instanceof Map<?, ?> ip) || !(ip.get("address") instanceof String a)) {
                throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " returned an IP without an address", Json.write(result));
            }
            Cidr c;
            try {
                c = Cidr.parse(a);
            } catch (RuntimeException e) {
                throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " returned address " + a + ": " + e.getMessage(), null);
            }
            out.add(new Lease(c, ip.get("gateway") instanceof String g ? g : null));
        }
        return out;
    }

    /** DEL (releases the lease of cid/ifname; host-local succeeds when there is none). */
    void del(String containerId, String ifname, String netns) {
        run("DEL", containerId, ifname, netns, false);
    }

    /** CHECK (host-local: the lease is still held). */
    void check() {
        run("CHECK", request.containerId(), request.ifname(), request.netns(), false);
    }

    String type() {
        return Json.string(conf.ipam(), "type", "config: ipam ");
    }

    /** The delegate's executable in CNI_PATH, or null. */
    Path find() {
        for (String dir : request.path()) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, type());
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    private Map<String, Object> run(String command, String containerId, String ifname, String netns, boolean wantResult) {
        Path exe = find();
        if (exe == null) {
            throw new CniException(CniException.IPAM_FAILED, "ipam: no executable " + type() + " in CNI_PATH "
                    + String.join(":", request.path()), "install Debian's containernetworking-plugins (/usr/lib/cni) and put its directory in CNI_PATH");
        }
        String version = conf.cniVersion();
        for (int attempt = 0; ; attempt++) {
            Map<String, Object> config = new LinkedHashMap<>(conf.raw());
            config.put("cniVersion", version);
            if (!CniVersion.atLeast11(version)) config.remove("cni.dev/valid-attachments");
            Outcome o = exec(exe, command, containerId, ifname, netns, Json.write(config));
            if (o.exit == 0) {
                if (!wantResult) return null;
                try {
                    return asObject(Json.parse(o.out.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException | ClassCastException e) {
                    throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " " + command
                            + ": its result is not a JSON object: " + e.getMessage(), o.out);
                }
            }
            Map<String, Object> err = null;
            try {
                err = asObject(Json.parse(o.out.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | ClassCastException e) {
                // not the spec's error object: reported with its raw output below
            }
            Object code = err == null ? null : err.get("code");
            if (code instanceof Long c && c == CniException.INCOMPATIBLE_VERSION && attempt == 0 && CniVersion.atLeast11(version)) {
                version = "1.0.0";
                continue;
            }
            String msg = err != null && err.get("msg") instanceof String s ? s : o.err.strip();
            String details = err != null && err.get("details") instanceof String d ? d : null;
            throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " " + command + " failed"
                    + (code == null ? " (exit " + o.exit + ")" : " (code " + code + ")") + ": " + msg, details);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o) {
        return (Map<String, Object>) o;
    }

    private record Outcome(int exit, String out, String err) {}

    private Outcome exec(Path exe, String command, String containerId, String ifname, String netns, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(exe.toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        put(env, "CNI_CONTAINERID", containerId);
        put(env, "CNI_NETNS", netns);
        put(env, "CNI_IFNAME", ifname);
        put(env, "CNI_ARGS", request.args());
        env.put("CNI_PATH", String.join(":", request.path()));
        try {
            Process p = pb.start();
            StringBuilder err = new StringBuilder();
            StringBuilder out = new StringBuilder();
            // Both pipes on threads of their own, so the deadline below holds even for a delegate that hangs.
            Thread errReader = Thread.ofPlatform().daemon().start(() -> drain(p.getErrorStream(), err));
            Thread outReader = Thread.ofPlatform().daemon().start(() -> drain(p.getInputStream(), out));
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a delegate that exits without reading its stdin: its exit code says what happened
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CniException(CniException.IPAM_FAILED, "ipam " + type() + " " + command + ": no answer in "
                        + TIMEOUT_SECONDS + " s (killed)", null);
            }
            outReader.join(5000);
            errReader.join(5000);
            return new Outcome(p.exitValue(), out.toString(), err.toString());
        } catch (IOException e) {
            throw new CniException(CniException.IPAM_FAILED, "ipam: run " + exe + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException(CniException.IPAM_FAILED, "ipam: interrupted waiting for " + exe, null, e);
        }
    }

    private static void drain(java.io.InputStream in, StringBuilder into) {
        try {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (into) {
                into.append(text);
            }
        } catch (IOException e) {
            synchronized (into) {
                into.append(e);
            }
        }
    }

    private static void put(Map<String, String> env, String k, String v) {
        if (v == null) env.remove(k);
        else env.put(k, v);
    }
}
