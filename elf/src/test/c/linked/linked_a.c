// SPDX-License-Identifier: GPL-2.0
/* Fixture, first half of a linked object (bpftool gen object linked.o linked_a.o linked_b.o):
 * globals in .bss and .data of both files end up in one section each, and the linked BTF
 * lists each DATASEC's variables per input file, not by offset. */
#include "../jnk.h"

__u64 a_count = 0;                 /* .bss */
/* Same name, static, in both files: two symbols "calls" in the linked .data. */
static __u32 calls = 1;           /* .data */
__u32 a_bias = 3;                  /* .data */

/* Defined in linked_b.c: a call and a variable the linker resolves. */
extern int b_add(__u32 v);
extern __u32 b_bias;

SEC("tc")
int linked_a(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&a_count, 1);
	calls++;
	return b_add(a_bias + b_bias) > 0 ? VERDICT_NEXT : VERDICT_DROP;
}

char LICENSE[] SEC("license") = "GPL";
