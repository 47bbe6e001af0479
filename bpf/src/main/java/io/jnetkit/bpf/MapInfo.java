package io.jnetkit.bpf;

/**
 * What the kernel says about a map ({@code struct bpf_map_info}); bpftool's {@code map show}.
 *
 * @param type       map type ({@link MapType#UNKNOWN} if newer than jnetkit; see rawType)
 * @param rawType    the kernel's type number
 * @param id         map id
 * @param keySize    key size in bytes
 * @param valueSize  value size in bytes
 * @param maxEntries capacity
 * @param flags      map_flags
 * @param name       object name, "" if none
 * @param btfId      id of the BTF object holding the key/value types, 0 for none ({@link BpfMap#btfIds()})
 * @param memlock    bytes the map charges (the descriptor's fdinfo {@code memlock:}, bpftool's
 *                   {@code bytes_memlock}); -1 when not read (the info a {@link BpfMap} keeps) or absent
 * @param frozen     whether the map is frozen (BPF_MAP_FREEZE: read-only to programs' writers, as
 *                   {@code .rodata}), from the fdinfo as well; false when not read
 */
public record MapInfo(MapType type, int rawType, int id, int keySize, int valueSize, int maxEntries, int flags,
                      String name, int btfId, long memlock, boolean frozen) {}
