package io.jnetkit.elf;

import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;

/**
 * A map the object defines, kernel-free.
 *
 * @param name       the name programs and {@link BpfCollection#map} use: the C variable for
 *                   {@code .maps} and {@code maps} definitions, the section ({@code .bss}) for global data
 * @param kind       where it was defined
 * @param type       map type
 * @param keySize    key size in bytes
 * @param valueSize  value size in bytes
 * @param maxEntries capacity
 * @param flags      {@code map_flags}
 * @param pinning    {@link Pinning#BY_NAME} to share the map through {@code <pin root>/<name>}
 * @param kernelName the ≤ 15-byte name given to the kernel ({@code bpftool map} shows it)
 */
public record ElfMap(String name, Kind kind, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                     Pinning pinning, String kernelName) {
    public enum Kind {
        /** BTF-defined, in section {@code .maps} ({@code __uint(type, …)} and friends). */
        BTF,
        /** {@code struct bpf_map_def} in section {@code maps} (before BTF). */
        LEGACY,
        /** A global data section ({@code .data}, {@code .bss}, {@code .rodata*}) as a one-element array. */
        DATA
    }

    /** libbpf's {@code pinning} attribute: LIBBPF_PIN_NONE 0, LIBBPF_PIN_BY_NAME 1. */
    public enum Pinning {
        NONE, BY_NAME
    }

    /**
     * The spec the bpf module creates it from.
     *
     * @throws ElfException when the object's definition cannot make a map (e.g. an array whose key
     *                      is not 4 bytes, no max_entries): the object is at fault, not the caller
     */
    public MapSpec toMapSpec() {
        try {
            return new MapSpec(kernelName, type, keySize, valueSize, maxEntries, flags);
        } catch (IllegalArgumentException e) {
            throw new ElfException(e.getMessage(), e);
        }
    }

    /** For global data in {@code .rodata*}: read-only for programs and frozen after load. */
    public boolean readOnly() {
        return kind == Kind.DATA && name.startsWith(".rodata");
    }
}
