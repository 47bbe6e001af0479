package io.jnetkit.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /proc/self/fdinfo/N} of a bpf descriptor: which kind of object it is ({@code prog_type},
 * {@code map_type} or {@code link_type} line, as cilium/ebpf reads it) and whether a map is
 * frozen ({@code frozen: 1}, Linux 5.2+). OBJ_GET_INFO_BY_FD cannot tell the kinds apart: it
 * fills whichever info struct the descriptor's kind has.
 */
final class FdInfo {
    private FdInfo() {}

    static Map<String, String> read(int fd) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                int colon = line.indexOf(':');
                if (colon > 0) out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/self/fdinfo/" + fd + ": " + e.getMessage(), e);
        }
        return out;
    }

    static BpfObjects.Kind kind(int fd) {
        Map<String, String> info = read(fd);
        if (info.containsKey("link_type")) return BpfObjects.Kind.LINK;
        if (info.containsKey("prog_type")) return BpfObjects.Kind.PROGRAM;
        if (info.containsKey("map_type")) return BpfObjects.Kind.MAP;
        return BpfObjects.Kind.OTHER;
    }

    static boolean frozen(int fd) {
        return "1".equals(read(fd).get("frozen"));
    }
}
