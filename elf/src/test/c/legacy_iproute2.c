// SPDX-License-Identifier: GPL-2.0
/* Fixture: what older objects (iproute2's tc, bcc-era samples) write. A legacy map with
 * iproute2's struct bpf_elf_map and pinning = PIN_GLOBAL_NS (pinned by name), its key/value
 * types given through BPF_ANNOTATE_KV_PAIR (a struct ____btf_map_<name>, which libbpf reads
 * for map BTF), and a BTF perf event array without max_entries (one per possible CPU). */
#include "jnk.h"

#define PIN_GLOBAL_NS 2

static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data, __u64 size) =
	(void *)BPF_FUNC_perf_event_output;

struct bpf_elf_map {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

struct ip2_value {
	__u64 packets;
	__u32 last_len;
	__u32 pad;
};

struct bpf_elf_map SEC("maps") ip2_stats = {
	.type = BPF_MAP_TYPE_HASH,
	.size_key = sizeof(__u32),
	.size_value = sizeof(struct ip2_value),
	.max_elem = 8,
	.pinning = PIN_GLOBAL_NS,
};

/* iproute2's BPF_ANNOTATE_KV_PAIR(ip2_stats, __u32, struct ip2_value). */
struct ____btf_map_ip2_stats {
	__u32 key;
	struct ip2_value value;
};
struct ____btf_map_ip2_stats __attribute__((section(".maps.ip2_stats"), used)) ____btf_map_ip2_stats = {};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

SEC("tc")
int ip2_count(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct ip2_value *v = bpf_map_lookup_elem(&ip2_stats, &key);

	if (v) {
		__sync_fetch_and_add(&v->packets, 1);
		v->last_len = skb->len;
	} else {
		struct ip2_value fresh = { .packets = 1, .last_len = skb->len };

		bpf_map_update_elem(&ip2_stats, &key, &fresh, BPF_NOEXIST);
	}
	/* No reader is attached: the kernel says ENOENT, which does not matter here. */
	bpf_perf_event_output(skb, &perf_events, BPF_F_CURRENT_CPU, &key, sizeof(key));
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
