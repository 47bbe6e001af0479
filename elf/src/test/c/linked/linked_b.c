// SPDX-License-Identifier: GPL-2.0
/* Fixture, second half of the linked object (see linked_a.c). */
#include "../jnk.h"

__u64 b_total = 0;                 /* .bss */
/* Same name, static, in both files: two symbols "calls" in the linked .data. */
static __u32 calls = 2;           /* .data */
__u32 b_bias = 5;                  /* .data */

__noinline int b_add(__u32 v)
{
	__sync_fetch_and_add(&b_total, v + b_bias);
	return (int)b_total;
}

SEC("tc")
int linked_b(struct __sk_buff *skb)
{
	calls++;
	return b_add(1) > 0 ? VERDICT_NEXT : VERDICT_DROP;
}
