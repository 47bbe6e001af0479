// SPDX-License-Identifier: GPL-2.0
/* Fixture: a hash map whose value holds a struct bpf_spin_lock, updated under the lock by a
 * tc program (SEC("tc"): Debian's bpftool, libbpf 1.1, knows it too, for the comparison). The
 * kernel accepts the lock only when the map is created with BTF key/value types; user space
 * reads and writes it with BPF_F_LOCK. */
#include "jnk.h"

static long (*bpf_spin_lock)(struct bpf_spin_lock *lock) = (void *)BPF_FUNC_spin_lock;
static long (*bpf_spin_unlock)(struct bpf_spin_lock *lock) = (void *)BPF_FUNC_spin_unlock;

struct locked_stats {
	struct bpf_spin_lock lock;
	__u32 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct locked_stats);
	__uint(max_entries, 16);
} locked SEC(".maps");

/* A typed global, so bpftool shows .bss formatted through its DATASEC too. */
__u64 runs = 0;

SEC("tc")
int count_locked(struct __sk_buff *skb)
{
	__u32 key = 1;
	struct locked_stats *st = bpf_map_lookup_elem(&locked, &key);

	__sync_fetch_and_add(&runs, 1);
	if (!st)
		return VERDICT_PASS;
	bpf_spin_lock(&st->lock);
	st->packets++;
	st->bytes += skb->len;
	bpf_spin_unlock(&st->lock);
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
