package io.jnetkit.cni;

import io.jnetkit.pod.Datapath;
import io.jnetkit.pod.PodProgram;
import io.jnetkit.rtnl.NetkitMode;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network configuration for type {@code jnetkit}, as the runtime streams it on stdin, checked.
 * The keys besides the spec's own:
 * <pre>
 * {
 *   "cniVersion": "1.0.0", "name": "pods", "type": "jnetkit",
 *   "datapath": "auto",                    // auto (netkit when the kernel has it, else veth) | netkit | veth
 *   "mode": "l3",                          // netkit mode: l3 (default) | l2
 *   "hooks": {                             // optional; per hook one of policy, policy-file, object (+ program)
 *     "peer":    {"policy": "deny tcp dport 22; allow any"},   // what the container sends
 *     "primary": {"object": "/etc/jnetkit/filter.o", "program": "ingress"}  // what it receives
 *   },
 *   "hostDevicePrefix": "jnk",             // host devices are PREFIX + 12 hex digits of a hash
 *   "logFile": "/var/log/jnetkit-cni.log", // one line per operation
 *   "stateDir": "/var/lib/jnetkit/cni",    // a record per attachment, for GC
 *   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.22.0.0/16"}]]}
 * }
 * </pre>
 * Unknown keys are errors (code 2): a misspelt {@code "hook"} would otherwise leave every container
 * unfiltered without a word. The keys a runtime adds ({@code args}, {@code runtimeConfig},
 * {@code capabilities}, {@code prevResult}, {@code cni.dev/valid-attachments}) pass.
 */
record NetConf(String cniVersion, String name, Map<String, Object> ipam, Datapath datapath, NetkitMode mode,
               PodProgram peer, PodProgram primary, String hostDevicePrefix, Path logFile, Path stateDir,
               Map<String, Object> prevResult, List<Object> validAttachments, Map<String, Object> raw) {
    static final Path DEFAULT_LOG = Path.of("/var/log/jnetkit-cni.log");
    static final Path DEFAULT_STATE = Path.of("/var/lib/jnetkit/cni");
    /** A policy of 256 rules is a few kB; a larger file is not a policy (and must not fill the heap). */
    static final long MAX_POLICY_FILE = 1 << 20;

    private static final Set<String> KEYS = Set.of("cniVersion", "name", "type", "ipam", "dns", "args", "prevResult",
            "runtimeConfig", "capabilities", "cni.dev/valid-attachments", "datapath", "mode", "hooks",
            "hostDevicePrefix", "logFile", "stateDir");

    /** Checks a decoded config; {@link CniException} with the spec's code when it is not one jnetkit can use. */
    static NetConf of(Map<String, Object> m) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new CniException(CniException.UNSUPPORTED_FIELD, "config: unknown key \"" + k + "\"",
                        "keys of type jnetkit: datapath, mode, hooks, hostDevicePrefix, logFile, stateDir, ipam"
                                + " (and the spec's cniVersion, name, type, dns, args, runtimeConfig, capabilities, prevResult)");
            }
        }
        String version = Json.string(m, "cniVersion", "config: ");
        if (version == null) throw CniException.invalidConfig("config: \"cniVersion\" is missing");
        CniVersion.require(version);
        String name = Json.string(m, "name", "config: ");
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
            throw CniException.invalidConfig("config: \"name\" " + (name == null ? "is missing" : "\"" + name
                    + "\" is not a network name (letters, digits, '_', '.', '-')"));
        }
        Map<String, Object> ipam = Json.object(m, "ipam", "config: ");
        if (ipam != null && Json.string(ipam, "type", "config: ipam ") == null) {
            throw CniException.invalidConfig("config: \"ipam\" needs a \"type\" (e.g. host-local)");
        }
        Datapath datapath = Datapath.AUTO;
        String dp = Json.string(m, "datapath", "config: ");
        if (dp != null) {
            datapath = switch (dp) {
                case "auto" -> Datapath.AUTO;
                case "netkit" -> Datapath.NETKIT;
                case "veth" -> Datapath.VETH;
                default -> throw CniException.invalidConfig("config: \"datapath\" \"" + dp + "\" is not auto, netkit or veth");
            };
        }
        NetkitMode mode = null;
        String md = Json.string(m, "mode", "config: ");
        if (md != null) {
            mode = switch (md) {
                case "l3" -> NetkitMode.L3;
                case "l2" -> NetkitMode.L2;
                default -> throw CniException.invalidConfig("config: \"mode\" \"" + md + "\" is not l3 or l2");
            };
            if (datapath == Datapath.VETH) throw CniException.invalidConfig("config: \"mode\" applies to netkit, not to datapath veth");
        }
        PodProgram peer = null;
        PodProgram primary = null;
        Map<String, Object> hooks = Json.object(m, "hooks", "config: ");
        if (hooks != null) {
            for (String h : hooks.keySet()) {
                if (!h.equals("peer") && !h.equals("primary")) {
                    throw new CniException(CniException.UNSUPPORTED_FIELD, "config: hooks: unknown hook \"" + h
                            + "\" (peer: what the container sends; primary: what it receives)", null);
                }
            }
            peer = program(Json.object(hooks, "peer", "config: hooks: "), "peer");
            primary = program(Json.object(hooks, "primary", "config: hooks: "), "primary");
        }
        String prefix = Json.string(m, "hostDevicePrefix", "config: ");
        if (prefix == null) prefix = "jnk";
        if (!prefix.matches("[a-z][a-z0-9_-]{0,2}")) {
            throw CniException.invalidConfig("config: \"hostDevicePrefix\" \"" + prefix
                    + "\" must be 1 to 3 of [a-z0-9_-], starting with a letter (12 hex digits follow it)");
        }
        String log = Json.string(m, "logFile", "config: ");
        String state = Json.string(m, "stateDir", "config: ");
        for (String key : new String[] {"logFile", "stateDir"}) {
            String p = key.equals("logFile") ? log : state;
            if (p != null && !p.startsWith("/")) {
                throw CniException.invalidConfig("config: \"" + key + "\" \"" + p + "\" must be an absolute path");
            }
            // The plugin runs as root and writes there: a path that climbs with ".." is not the
            // directory it names at first sight, and "/" is everybody's.
            if (p != null && (p.equals("/") || java.util.Arrays.asList(p.split("/")).contains(".."))) {
                throw CniException.invalidConfig("config: \"" + key + "\" \"" + p
                        + "\" must name its own directory or file: no \"..\", not /");
            }
        }
        return new NetConf(version, name, ipam, datapath, mode, peer, primary, prefix,
                log == null ? DEFAULT_LOG : path(log, "config: \"logFile\" "),
                state == null ? DEFAULT_STATE : path(state, "config: \"stateDir\" "),
                Json.object(m, "prevResult", "config: "), Json.list(m, "cni.dev/valid-attachments", "config: "), m);
    }

    private static PodProgram program(Map<String, Object> hook, String which) {
        if (hook == null) return null;
        String where = "config: hooks: " + which + ": ";
        for (String k : hook.keySet()) {
            if (!Set.of("policy", "policy-file", "object", "program").contains(k)) {
                throw new CniException(CniException.UNSUPPORTED_FIELD, where + "unknown key \"" + k
                        + "\" (policy, policy-file, or object with an optional program)", null);
            }
        }
        String policy = Json.string(hook, "policy", where);
        String policyFile = Json.string(hook, "policy-file", where);
        String object = Json.string(hook, "object", where);
        String program = Json.string(hook, "program", where);
        int given = (policy != null ? 1 : 0) + (policyFile != null ? 1 : 0) + (object != null ? 1 : 0);
        if (given != 1) throw CniException.invalidConfig(where + "give exactly one of policy, policy-file, object");
        if (program != null && object == null) throw CniException.invalidConfig(where + "\"program\" goes with \"object\"");
        if (policy != null) {
            if (policy.isBlank()) throw CniException.invalidConfig(where + "\"policy\" is empty (\"allow any\" allows everything)");
            return new PodProgram.Policy(policy);
        }
        // Relative paths would be found from wherever the runtime happens to start the plugin.
        for (String f : new String[] {policyFile, object}) {
            if (f != null && !f.startsWith("/")) throw CniException.invalidConfig(where + "\"" + f + "\" must be an absolute path");
        }
        if (policyFile != null) {
            try {
                Path pf = Path.of(policyFile).normalize();
                // A device or FIFO (/dev/zero, /dev/stdin) would never end or never answer.
                if (Files.exists(pf) && !Files.isRegularFile(pf)) throw new java.io.IOException("not a regular file");
                if (Files.exists(pf) && Files.size(pf) > MAX_POLICY_FILE) {
                    throw new java.io.IOException("larger than " + MAX_POLICY_FILE + " bytes");
                }
                return new PodProgram.Policy(Files.readString(pf));
            } catch (java.io.IOException | RuntimeException e) {
                throw CniException.invalidConfig(where + "read policy-file " + policyFile + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        Path objectPath = path(object, where + "object ").normalize();
        if (!Files.isReadable(objectPath)) throw CniException.invalidConfig(where + "object " + object + ": no such file");
        return new PodProgram.BpfObject(objectPath, program);
    }

    /** A path from the config; one the file system cannot name (a NUL in it) is the config's error, code 7. */
    private static Path path(String p, String what) {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw CniException.invalidConfig(what + "\"" + p.replace("\0", "\\0") + "\": not a path (" + e.getReason() + ")");
        }
    }
}
