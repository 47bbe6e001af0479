package io.jnetkit.cni;

import io.jnetkit.net.Cidr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the plugin where runtimes look ({@code jnetkit cni install}): an executable named
 * {@code jnetkit} (the CNI type) in the bin directory that runs {@code bin/jnetkit-cni} of a jnetkit
 * installation, and a network config list in the conf directory (containerd and CRI-O take the
 * first file by name there; podman lists every network in its own directory).
 *
 * @param binDir      {@code /opt/cni/bin} (containerd, CRI-O), {@code /usr/lib/cni} (Debian's podman)
 * @param confDir     {@code /etc/cni/net.d}; null: no config is written
 * @param jnetkitHome the installation whose {@code bin/jnetkit-cni} the launcher runs
 * @param network     the network's name in the config
 * @param subnet      the pool host-local leases addresses from
 * @param force       replace an existing config of the same file name
 */
public record CniInstall(Path binDir, Path confDir, Path jnetkitHome, String network, Cidr subnet, boolean force) {
    /** The plugin type, and the launcher's file name. */
    public static final String TYPE = "jnetkit";

    public CniInstall {
        if (!network.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
            throw new IllegalArgumentException("invalid network name \"" + network + "\": letters, digits, '_', '.', '-'");
        }
        if (!subnet.equals(subnet.network())) {
            throw new IllegalArgumentException("subnet " + subnet + " has host bits set (did you mean " + subnet.network() + "?)");
        }
    }

    /** The config file this install writes: {@code CONFDIR/10-jnetkit-NETWORK.conflist}. */
    public Path confFile() {
        return confDir.resolve("10-jnetkit-" + network + ".conflist");
    }

    /** Writes the launcher (and the config); the files written, in order. Nothing is half-written. */
    public List<Path> run() {
        Path cni = jnetkitHome.resolve("bin/jnetkit-cni");
        if (!Files.isExecutable(cni)) {
            throw new IllegalArgumentException("install the CNI plugin: " + cni + " is not there (is " + jnetkitHome
                    + " a jnetkit installation?)");
        }
        if (confDir != null && !force && Files.exists(confFile())) {
            throw new IllegalStateException("install the CNI plugin: " + confFile() + " exists; --force replaces it");
        }
        List<Path> written = new ArrayList<>();
        String launcher = "#!/bin/sh\n"
                + "# The CNI plugin \"jnetkit\", installed by `jnetkit cni install`: runs jnetkit-cni of " + jnetkitHome + ".\n"
                + "exec '" + cni.toString().replace("'", "'\\''") + "' \"$@\"\n";
        Path plugin = binDir.resolve(TYPE);
        boolean hadPlugin = Files.exists(plugin);
        write(plugin, launcher, "rwxr-xr-x");
        written.add(plugin);
        if (confDir != null) {
            try {
                write(confFile(), Json.write(conflist()) + "\n", "rw-r--r--");
            } catch (RuntimeException e) {
                // All or nothing: a launcher without its config is not what was asked for.
                try {
                    if (!hadPlugin) Files.deleteIfExists(plugin);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
            written.add(confFile());
        }
        return written;
    }

    /** The example network: jnetkit's defaults (auto datapath, L3, no policy) and host-local on the subnet. */
    public Map<String, Object> conflist() {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", subnet.toString()))));
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("type", TYPE);
        plugin.put("datapath", "auto");
        plugin.put("ipam", ipam);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", "1.0.0");
        m.put("name", network);
        m.put("plugins", List.of(plugin));
        return m;
    }

    private static void write(Path file, String text, String mode) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("install the CNI plugin: " + file + " exists", e);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file's own error would hide the real one
            }
            String why = e instanceof java.nio.file.FileSystemException f
                    ? (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName().replace("Exception", "")) + ": " + f.getFile()
                    : e.getMessage();
            throw new java.io.UncheckedIOException("install the CNI plugin: write " + file + ": " + why, e);
        }
    }
}
