package io.jnetkit.bpf;

/**
 * What map to create, without touching the kernel. Checked on construction; creating is
 * {@link BpfMap#create}.
 *
 * @param name       object name shown by {@code bpftool map}; "" for none (≤ 15 bytes of [A-Za-z0-9_.])
 * @param type       map type
 * @param keySize    key size in bytes (arrays: 4)
 * @param valueSize  value size in bytes (per CPU for per-CPU maps)
 * @param maxEntries capacity (0 for the local-storage types, whose size the kernel owns)
 * @param flags      {@code map_flags} (BPF_F_NO_PREALLOC = 1, …), usually 0
 */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {
    public MapSpec {
        Names.check("map", name);
        if (type == null || type == MapType.UNKNOWN || type == MapType.UNSPEC) {
            throw new IllegalArgumentException("map " + name + ": a map type is required");
        }
        if (keySize < 0 || valueSize < 0) {
            throw new IllegalArgumentException("map " + name + ": negative key or value size");
        }
        if ((type == MapType.ARRAY || type == MapType.PERCPU_ARRAY || type == MapType.PROG_ARRAY) && keySize != 4) {
            throw new IllegalArgumentException("map " + name + ": " + type.word() + " keys are 4 bytes (u32 index), not " + keySize);
        }
        if (maxEntries < 0 || maxEntries == 0 && !type.sizedByKernel()) {
            throw new IllegalArgumentException("map " + name + ": max entries must be positive");
        }
    }

    /** A map with flags 0. */
    public static MapSpec of(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, 0);
    }
}
