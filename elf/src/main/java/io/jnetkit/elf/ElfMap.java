package io.jnetkit.elf;

import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

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
 * @param btfKeyTypeId   the key's type id in the object's BTF ({@code __type(key, T)}), 0 for none
 * @param btfValueTypeId the value's type id ({@code __type(value, T)}; the DATASEC for global
 *                       data, as libbpf), 0 for none
 * @param btfOnlyField   what in the value the kernel accepts only with BTF ({@code struct
 *                       bpf_spin_lock}, {@code struct bpf_timer}, a kptr), "" when nothing does
 * @param inner          for ARRAY_OF_MAPS / HASH_OF_MAPS: the inner map's definition
 *                       ({@code __array(values, struct inner)}), the template the kernel needs; else null
 * @param values         initial values ({@code .values = { [i] = &x }}): by index, the map (map-in-map)
 *                       or the program (PROG_ARRAY, filled once the programs are loaded) put there
 */
public record ElfMap(String name, Kind kind, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                     Pinning pinning, String kernelName, int btfKeyTypeId, int btfValueTypeId, String btfOnlyField,
                     ElfMap inner, SortedMap<Integer, String> values) {
    public ElfMap {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** A map without BTF type information. */
    public ElfMap(String name, Kind kind, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                  Pinning pinning, String kernelName) {
        this(name, kind, type, keySize, valueSize, maxEntries, flags, pinning, kernelName, 0, 0, "");
    }

    /** A map with no inner map and no initial values. */
    public ElfMap(String name, Kind kind, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                  Pinning pinning, String kernelName, int btfKeyTypeId, int btfValueTypeId, String btfOnlyField) {
        this(name, kind, type, keySize, valueSize, maxEntries, flags, pinning, kernelName, btfKeyTypeId, btfValueTypeId,
                btfOnlyField, null, new TreeMap<>());
    }

    ElfMap withValues(SortedMap<Integer, String> newValues) {
        return new ElfMap(name, kind, type, keySize, valueSize, maxEntries, flags, pinning, kernelName, btfKeyTypeId,
                btfValueTypeId, btfOnlyField, inner, newValues);
    }

    /** True when the map is created with BTF key/value type ids (if the kernel takes the object's BTF). */
    public boolean hasBtfTypes() {
        return btfKeyTypeId != 0 || btfValueTypeId != 0;
    }

    public enum Kind {
        /** BTF-defined, in section {@code .maps} ({@code __uint(type, …)} and friends). */
        BTF,
        /** {@code struct bpf_map_def} in section {@code maps} (before BTF). */
        LEGACY,
        /** A global data section ({@code .data}, {@code .bss}, {@code .rodata*}) as a one-element array. */
        DATA
    }

    /**
     * libbpf's {@code pinning} attribute: LIBBPF_PIN_NONE 0, LIBBPF_PIN_BY_NAME 1 (iproute2's
     * legacy PIN_GLOBAL_NS 2 is read as BY_NAME).
     */
    public enum Pinning {
        NONE, BY_NAME
    }

    /**
     * The spec the bpf module creates it from. A perf event array without {@code max_entries}
     * gets one entry per possible CPU (/sys/devices/system/cpu/possible), as libbpf sizes it.
     *
     * @throws ElfException when the object's definition cannot make a map (e.g. an array whose key
     *                      is not 4 bytes): the object is at fault, not the caller
     */
    public MapSpec toMapSpec() {
        int entries = maxEntries;
        if (entries == 0 && type == MapType.PERF_EVENT_ARRAY) {
            try {
                entries = io.jnetkit.bpf.BpfMap.possibleCpus();
            } catch (RuntimeException e) {
                throw new ElfException("map " + name + ": perf event array without max_entries: " + e.getMessage(), e);
            }
        }
        try {
            return new MapSpec(kernelName, type, keySize, valueSize, entries, flags);
        } catch (IllegalArgumentException e) {
            throw new ElfException(e.getMessage(), e);
        }
    }

    /** For global data in {@code .rodata*} and {@code .kconfig}: read-only for programs and frozen after load. */
    public boolean readOnly() {
        return kind == Kind.DATA && (name.startsWith(".rodata") || name.equals(ElfReader.KCONFIG));
    }
}
