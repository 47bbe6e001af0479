package io.jnetkit.cli.map;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.MapType;
import io.jnetkit.btf.DumpWriter;
import io.jnetkit.cli.attach.Hex;
import io.jnetkit.elf.MapFormat;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;

/**
 * Prints map entries as bpftool does, for {@code map dump} and {@code map lookup}: with BTF, the
 * plain text is the typed values in bpftool's indented JSON layout and {@code --json} adds
 * {@code "formatted"} next to the raw bytes; per-CPU maps show one value per possible CPU.
 */
final class MapEntries {
    private final BpfMap map;
    private final Optional<MapFormat> format;
    private final boolean perCpu;
    private final int cpus;

    MapEntries(BpfMap map) {
        this.map = map;
        this.format = MapFormat.of(map);
        this.perCpu = map.type().perCpu();
        this.cpus = perCpu ? BpfMap.possibleCpus() : 0;
    }

    boolean typed() {
        return format.isPresent();
    }

    /** One entry of bpftool's {@code -j} output: raw key and value(s), and "formatted" with BTF. */
    void json(DumpWriter w, byte[] key, byte[] value) {
        w.startObject();
        w.name("key").hexBytes(key, 0, key.length);
        if (!perCpu) {
            w.name("value").hexBytes(value, 0, map.valueSize());
            // A lookup in a map of maps returns the inner map's id: bpftool 7.5 names it (7.1 did not).
            MapType t = map.type();
            if (value.length >= 4 && (t == MapType.ARRAY_OF_MAPS || t == MapType.HASH_OF_MAPS)) {
                w.name("inner_map_id").unsigned(Integer.toUnsignedLong(u32(value)));
            }
        } else {
            int step = (map.valueSize() + 7) & ~7;
            w.name("values").startArray();
            for (int cpu = 0; cpu < cpus; cpu++) {
                w.startObject().name("cpu").number(cpu).name("value").hexBytes(value, cpu * step, map.valueSize());
                w.endObject();
            }
            w.endArray();
        }
        if (format.isPresent()) {
            w.name("formatted");
            format.get().entry(w, key, value);
        }
        w.endObject();
    }

    private static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    /** The typed plain-text form of one entry (only with BTF). */
    void typed(DumpWriter w, byte[] key, byte[] value) {
        format.orElseThrow().entry(w, key, value);
    }

    /** The plain-text form without BTF: one line, or for per-CPU maps a line per CPU as bpftool prints. */
    void raw(PrintWriter out, byte[] key, byte[] value) {
        if (!perCpu) {
            out.println("key: " + Hex.spaced(key) + "  value: " + Hex.spaced(value));
            return;
        }
        int step = (map.valueSize() + 7) & ~7;
        out.println("key:");
        out.println(Hex.spaced(key));
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] v = Arrays.copyOfRange(value, cpu * step, cpu * step + map.valueSize());
            out.println(String.format("value (CPU %02d):%c", cpu, map.valueSize() > 16 ? '\n' : ' ') + Hex.spaced(v));
        }
    }
}
