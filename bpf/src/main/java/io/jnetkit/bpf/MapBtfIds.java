package io.jnetkit.bpf;

/**
 * The BTF a map was created with ({@code struct bpf_map_info}'s btf fields): what bpftool reads to
 * print a map's keys and values typed. All zero for a map created without BTF.
 *
 * @param btfId                  kernel id of the BTF object ({@code bpftool btf show id N}), 0 if none
 * @param keyTypeId              the key's type id in that BTF; 0 for none (global data maps have none)
 * @param valueTypeId            the value's type id; 0 when the map has no value type
 * @param vmlinuxValueTypeId     struct_ops maps: the value's type id in the kernel's vmlinux BTF
 */
public record MapBtfIds(int btfId, int keyTypeId, int valueTypeId, int vmlinuxValueTypeId) {
    /** Whether bpftool would format values from BTF: a value type, in the map's BTF or vmlinux's. */
    public boolean typed() {
        return btfId != 0 && valueTypeId != 0 || vmlinuxValueTypeId != 0;
    }
}
