// SPDX-License-Identifier: GPL-2.0
/* Must fail: iproute2's per-object pinning (PIN_OBJECT_NS) in a legacy map definition. */
#include "../jnk.h"

struct bpf_elf_map {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

struct bpf_elf_map SEC("maps") per_object = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, .pinning = 1,
};

char LICENSE[] SEC("license") = "GPL";
