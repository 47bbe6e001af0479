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
 */
public record MapInfo(MapType type, int rawType, int id, int keySize, int valueSize, int maxEntries, int flags,
                      String name, int btfId) {}
