package io.jnetkit.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process's mount table, {@code /proc/PID/mountinfo} (proc(5)): which file system is mounted
 * where, in mount order. Read by the bpf module (is a pin path on a bpffs?) and by the hooks module
 * (which bpffs is the host's?), so it lives once, here.
 */
public final class MountInfo {
    private MountInfo() {}

    /** This process's mount table. */
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    /**
     * One line: the device ({@code major:minor}, field 3 — equal for two mounts of one file
     * system), the mount point (octal escapes undone) and the file system type.
     */
    public record Mount(String device, Path mountPoint, String fsType) {}

    /** Every mount in {@code mountinfo}, in mount order (a later mount on a point hides earlier ones). */
    public static List<Mount> read(Path mountinfo) {
        try (Stream<String> lines = Files.lines(mountinfo)) {
            return lines.map(l -> {
                String[] f = l.split(" ");
                String fsType = l.substring(l.indexOf(" - ") + 3).split(" ")[0];
                return new Mount(f[2], Path.of(unescape(f[4])), fsType);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + mountinfo + ": " + e.getMessage(), e);
        }
    }

    /** The type of the file system that holds {@code path} (symlinks resolved where it exists), or null. */
    public static String fsTypeOf(Path path) {
        Path abs;
        try {
            abs = path.toRealPath();
        } catch (IOException e) {
            abs = path.toAbsolutePath().normalize();
        }
        Mount best = null;
        for (Mount m : read(SELF)) {
            if (abs.startsWith(m.mountPoint())
                    && (best == null || m.mountPoint().toString().length() >= best.mountPoint().toString().length())) {
                best = m;
            }
        }
        return best == null ? null : best.fsType();
    }

    /** The mount visible exactly at {@code mountPoint} in {@code mountinfo} (the last one there), or null. */
    public static Mount at(Path mountinfo, Path mountPoint) {
        Mount found = null;
        for (Mount m : read(mountinfo)) {
            if (m.mountPoint().equals(mountPoint)) found = m;
        }
        return found;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
