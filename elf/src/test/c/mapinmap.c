// SPDX-License-Identifier: GPL-2.0
/* Fixture: initial values in .maps. An ARRAY_OF_MAPS whose slots are filled with two inner
 * arrays (.values = { [0] = &inner_a, [1] = &inner_b }), and a PROG_ARRAY whose slot 1 holds
 * a program, for a tail call. libbpf reads both from the .rel.maps relocations. */
#include "jnk.h"

#define __array(name, val) typeof(val) *name[]

static long (*bpf_tail_call)(void *ctx, void *map, __u32 index) = (void *)BPF_FUNC_tail_call;

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
};

struct inner inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

int tail_target(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail_target },
};

SEC("tc")
int tail_target(struct __sk_buff *skb)
{
	return VERDICT_DROP;
}

SEC("tc")
int through_outer(struct __sk_buff *skb)
{
	__u32 slot = skb->len > 100 ? 1 : 0, zero = 0;
	void *inner = bpf_map_lookup_elem(&outer, &slot);

	if (inner) {
		__u64 *n = bpf_map_lookup_elem(inner, &zero);

		if (n)
			__sync_fetch_and_add(n, 1);
	}
	bpf_tail_call(skb, &jumps, 1);
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
