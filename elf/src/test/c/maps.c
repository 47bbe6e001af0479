// SPDX-License-Identifier: GPL-2.0
/* Fixture: BTF-defined maps in ".maps" (types by __type and by size, flags, pinning) and
 * legacy definitions in "maps", used by two tcx programs. */
#include "jnk.h"

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 last_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct flow_stats);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 4);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u16);
	__uint(max_entries, 16);
	__uint(pinning, PIN_BY_NAME);
} jnk_pinned SEC(".maps");

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 2,
};

struct bpf_map_def SEC("maps") legacy_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u16),
	.value_size = sizeof(__u32),
	.max_entries = 8,
	.map_flags = BPF_F_NO_PREALLOC,
};

SEC("tcx/ingress")
int count_flows(struct __sk_buff *skb)
{
	__u32 key = skb->len & 0xff;
	struct flow_stats *st = bpf_map_lookup_elem(&flows, &key);

	if (st) {
		__sync_fetch_and_add(&st->packets, 1);
		__sync_fetch_and_add(&st->bytes, skb->len);
		st->last_len = skb->len;
	} else {
		struct flow_stats fresh = { .packets = 1, .bytes = skb->len, .last_len = skb->len };

		bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
	}
	__u32 idx = 1;
	__u64 *c = bpf_map_lookup_elem(&legacy_counts, &idx);

	if (c)
		__sync_fetch_and_add(c, 1);
	return VERDICT_NEXT;
}

SEC("tcx/egress")
int count_egress(struct __sk_buff *skb)
{
	__u32 idx = 0;
	__u64 *c = bpf_map_lookup_elem(&counters, &idx);

	if (c)
		__sync_fetch_and_add(c, 1);
	__u64 pkey = skb->protocol;
	__u16 one = 1;

	bpf_map_update_elem(&jnk_pinned, &pkey, &one, BPF_ANY);
	__u16 port = 80;
	__u32 *hits = bpf_map_lookup_elem(&legacy_hash, &port);

	if (hits)
		__sync_fetch_and_add(hits, 1);
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
