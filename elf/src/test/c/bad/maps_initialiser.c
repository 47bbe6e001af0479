// SPDX-License-Identifier: GPL-2.0
/* Must fail: a BTF map definition with a non-zero initialiser in .maps. */
#include "../jnk.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} initialised SEC(".maps") = { .max_entries = (void *)8 };

SEC("tc")
int use_it(struct __sk_buff *skb)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&initialised, &k) ? VERDICT_NEXT : VERDICT_DROP;
}

char LICENSE[] SEC("license") = "GPL";
