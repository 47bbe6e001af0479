package io.jnetkit.cni;

import io.jnetkit.net.Cidr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ADD made, one small JSON file per attachment under {@code STATEDIR/NETWORK/HOSTDEVICE}:
 * container id, interface name, namespace path, host device, addresses. GC needs it — the runtime
 * names the attachments to keep, and only this record says which host devices and IPAM leases the
 * others had. ADD writes it after the pod is up, DEL removes it after the pod is down; a record
 * without a device (a crash between the two) is finished by the next DEL or GC.
 */
final class Attachments {
    private final Path dir;

    Attachments(Path stateDir, String network) {
        this.dir = stateDir.resolve(network);
    }

    record Attachment(String containerId, String ifname, String netns, String hostDevice, List<Cidr> addresses) {
        Attachment {
            addresses = List.copyOf(addresses);
        }
    }

    void put(Attachment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containerId", a.containerId());
        m.put("ifname", a.ifname());
        if (a.netns() != null) m.put("netns", a.netns());
        m.put("hostDevice", a.hostDevice());
        m.put("addresses", a.addresses().stream().map(Cidr::toString).toList());
        Path f = dir.resolve(a.hostDevice());
        Path tmp = dir.resolve("." + a.hostDevice() + ".tmp");
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Root's alone, like the directory: which containers run where is nobody else's business.
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Json.write(m));
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "record attachment " + f + ": " + e.getMessage(), null, e);
        }
    }

    void remove(String hostDevice) {
        try {
            Files.deleteIfExists(dir.resolve(hostDevice));
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "remove attachment record " + dir.resolve(hostDevice) + ": " + e.getMessage(), null, e);
        }
    }

    /** The record of the attachment whose host device is {@code hostDevice}, or null (none, or damaged). */
    Attachment get(String hostDevice) {
        Path f = dir.resolve(hostDevice);
        return Files.isRegularFile(f) ? read(f) : null;
    }

    /** Every recorded attachment of the network; a damaged record is skipped (GC cannot use it). */
    List<Attachment> list() {
        List<Attachment> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> !f.getFileName().toString().startsWith("."))) {
            for (Path f : files) {
                Attachment a = read(f);
                if (a != null) out.add(a);
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Attachment read(Path f) {
        try {
            if (!(Json.parse(Files.readAllBytes(f)) instanceof Map<?, ?> m)) return null;
            List<Cidr> addresses = new ArrayList<>();
            if (m.get("addresses") instanceof List<?> l) {
                for (Object o : l) addresses.add(Cidr.parse((String) o));
            }
            return new Attachment((String) m.get("containerId"), (String) m.get("ifname"), (String) m.get("netns"),
                    (String) m.get("hostDevice"), addresses);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

}
