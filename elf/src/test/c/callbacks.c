// SPDX-License-Identifier: GPL-2.0
/* Fixture: callbacks — a static function whose address is taken (ld_imm64 with src
 * BPF_PSEUDO_FUNC) and handed to bpf_loop (Linux 5.17) and bpf_for_each_map_elem (5.13). The
 * loader appends the callee like a bpf-to-bpf call and makes the imm a relative offset. */
#include "jnk.h"

static long (*bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *)BPF_FUNC_loop;
static long (*bpf_for_each_map_elem)(void *map, void *callback_fn, void *callback_ctx, __u64 flags) =
	(void *)BPF_FUNC_for_each_map_elem;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} cb_values SEC(".maps");

struct sum_ctx {
	__u64 sum;
	__u32 len;
};

/* i = 0..9: adds i times the packet length. */
static long add_len(__u32 i, void *data)
{
	struct sum_ctx *c = data;
	c->sum += (__u64)i * c->len;
	return 0;
}

/* Stops the loop at i == 5 (returns 1): only 0..5 are counted. */
static long count_to_five(__u32 i, void *data)
{
	struct sum_ctx *c = data;
	c->sum += 1;
	return i == 5;
}

static long sum_elem(void *map, __u32 *key, __u64 *value, void *data)
{
	struct sum_ctx *c = data;
	c->sum += *value * (*key + 1);
	return 0;
}

SEC("tc")
int cb_loop(struct __sk_buff *skb)
{
	struct sum_ctx c = { .sum = 0, .len = skb->len };
	long n = bpf_loop(10, add_len, &c, 0);
	if (n != 10)
		return -1;
	return (int)c.sum; /* 45 × len */
}

SEC("tc")
int cb_loop_stop(struct __sk_buff *skb)
{
	struct sum_ctx c = { 0 };
	long n = bpf_loop(100, count_to_five, &c, 0);
	return (int)(n * 100 + c.sum); /* 6 iterations, the callback ran 6 times: 606 */
}

/* Both callbacks in one program: two appended functions, each with its func_info. */
SEC("tc")
int cb_each_elem(struct __sk_buff *skb)
{
	struct sum_ctx c = { 0 };
	__u32 k;
	__u64 v;

	/* Written out: a loop over k is one the verifier of 6.18 calls infinite (clang 14's code). */
	k = 0, v = 10;
	bpf_map_update_elem(&cb_values, &k, &v, 0);
	k = 1, v = 20;
	bpf_map_update_elem(&cb_values, &k, &v, 0);
	k = 2, v = 30;
	bpf_map_update_elem(&cb_values, &k, &v, 0);
	k = 3, v = 40;
	bpf_map_update_elem(&cb_values, &k, &v, 0);
	long visited = bpf_for_each_map_elem(&cb_values, sum_elem, &c, 0);
	c.len = 1;
	bpf_loop(3, add_len, &c, 0);
	/* 10·1 + 20·2 + 30·3 + 40·4 = 300, + 0+1+2 = 303; 4 visited */
	return (int)(visited * 1000 + c.sum);
}

char LICENSE[] SEC("license") = "GPL";
