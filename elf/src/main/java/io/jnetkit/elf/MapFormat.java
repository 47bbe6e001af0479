package io.jnetkit.elf;

import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.Btf;
import io.jnetkit.bpf.MapBtfIds;
import io.jnetkit.btf.BtfDumper;
import io.jnetkit.btf.BtfException;
import io.jnetkit.btf.BtfTypes;
import io.jnetkit.btf.DumpWriter;

import java.util.Optional;

/**
 * A live map's key and value types, read from the kernel, and the formatter for its entries:
 * what {@code bpftool map dump} does before printing {@code "formatted"}. The map's
 * {@code btf_id} names a BTF object (BPF_BTF_GET_FD_BY_ID); its raw types come back through
 * BPF_OBJ_GET_INFO_BY_FD and are parsed by {@link BtfTypes}; struct_ops maps take their value
 * type from the running kernel's vmlinux BTF.
 *
 * @param btf         the types the ids refer to
 * @param keyTypeId   0 when the map has no key type (global data maps)
 * @param valueTypeId the value's type
 * @param valueSize   the map's value size (per CPU for per-CPU maps)
 * @param cpus        possible CPUs for a per-CPU map, 0 otherwise
 */
public record MapFormat(BtfTypes btf, int keyTypeId, int valueTypeId, int valueSize, int cpus) {
    /**
     * The map's types, or empty when it was created without a value type (bpftool then prints
     * raw bytes only). Throws {@link io.jnetkit.sys.KernelException} when the BTF object cannot be
     * read, {@link BtfException} when its types do not parse.
     */
    public static Optional<MapFormat> of(BpfMap map) {
        MapBtfIds ids = map.btfIds();
        if (!ids.typed()) return Optional.empty();
        int cpus = map.type().perCpu() ? BpfMap.possibleCpus() : 0;
        if (ids.vmlinuxValueTypeId() != 0) {
            return Optional.of(new MapFormat(BtfTypes.kernel(), ids.keyTypeId(), ids.vmlinuxValueTypeId(),
                    map.valueSize(), cpus));
        }
        byte[] raw;
        try (Btf btf = Btf.fromId(ids.btfId())) {
            raw = btf.data();
        }
        BtfTypes types = BtfTypes.parse(raw, "BTF id " + ids.btfId() + " of map " + map.id());
        return Optional.of(new MapFormat(types, ids.keyTypeId(), ids.valueTypeId(), map.valueSize(), cpus));
    }

    /** The {@code "formatted"} object of one entry ({@code value} as a lookup returns it). */
    public void entry(DumpWriter w, byte[] key, byte[] value) {
        new BtfDumper(btf).entry(w, keyTypeId, valueTypeId, key, value, valueSize, cpus);
    }

    /** {@link #entry} as compact JSON. */
    public String entryJson(byte[] key, byte[] value) {
        DumpWriter w = DumpWriter.json();
        entry(w, key, value);
        return w.toString();
    }
}
