package io.jnetkit.rtnl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing table names as iproute2 knows them: {@code main} (254), {@code local} (255),
 * {@code default} (253), {@code unspec} (0), plus the {@code NUMBER NAME} lines of
 * {@code /etc/iproute2/rt_tables} and {@code rt_tables.d/*.conf} (or, when /etc has no
 * rt_tables, {@code /usr/share/iproute2}'s, where iproute2 6.5+ installs its defaults). So
 * {@code table main} and a name a user added for {@code ip route … table NAME} mean the same here.
 */
public final class RouteTables {
    private static final List<Path> DIRS = List.of(Path.of("/etc/iproute2"), Path.of("/usr/share/iproute2"));

    private final Map<Long, String> names;

    private RouteTables(Map<Long, String> names) {
        this.names = names;
    }

    /** The built-in names and those of the system's rt_tables files (read once per call). */
    public static RouteTables system() {
        return of(DIRS);
    }

    static RouteTables of(List<Path> dirs) {
        Map<Long, String> m = new LinkedHashMap<>();
        m.put(0L, "unspec");
        m.put(253L, "default");
        m.put(254L, "main");
        m.put(255L, "local");
        boolean haveMain = false;
        for (Path dir : dirs) {
            Path main = dir.resolve("rt_tables");
            if (!haveMain && Files.isReadable(main)) {
                read(main, m);
                haveMain = true;
            }
            Path d = dir.resolve("rt_tables.d");
            if (Files.isDirectory(d)) {
                List<Path> confs = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, "*.conf")) {
                    ds.forEach(confs::add);
                } catch (IOException e) {
                    continue;  // an unreadable directory names nothing, as for ip
                }
                confs.stream().sorted().forEach(p -> read(p, m));
            }
        }
        return new RouteTables(m);
    }

    private static void read(Path file, Map<Long, String> m) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return;
        }
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            if (f.length < 2) continue;
            try {
                long id = f[0].startsWith("0x") ? Long.parseLong(f[0].substring(2), 16) : Long.parseLong(f[0]);
                if (id >= 0 && id <= 0xffffffffL && !f[1].startsWith("#")) m.put(id, f[1]);
            } catch (NumberFormatException e) {
                // not a table line; ip skips it too
            }
        }
    }

    /** The table's name, or its number when it has none ({@code ip route show table all} prints either). */
    public String name(long id) {
        String n = names.get(id);
        return n != null ? n : Long.toString(id);
    }

    /**
     * The table id of a name or number ({@code main}, {@code 100}); an IllegalArgumentException
     * naming the word when it is neither.
     */
    public long id(String word) {
        for (Map.Entry<Long, String> e : names.entrySet()) {
            if (e.getValue().equals(word)) return e.getKey();
        }
        try {
            long v = word.startsWith("0x") ? Long.parseLong(word.substring(2), 16) : Long.parseLong(word);
            if (v < 0 || v > 0xffffffffL) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid route table \"" + word
                    + "\": expected a number or a name (main, local, default, or one in /etc/iproute2/rt_tables)");
        }
    }
}
