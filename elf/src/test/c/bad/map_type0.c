// SPDX-License-Identifier: GPL-2.0
/* Must fail: a BTF map whose type is 0 (BPF_MAP_TYPE_UNSPEC). */
#include "../jnk.h"

struct {
	__uint(type, 0);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} no_type SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
