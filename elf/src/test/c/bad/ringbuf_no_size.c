// SPDX-License-Identifier: GPL-2.0
/* Must fail: a ring buffer without max_entries (libbpf has no default size for it either). */
#include "../jnk.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
} events SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
