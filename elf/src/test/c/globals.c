// SPDX-License-Identifier: GPL-2.0
/* Fixture: .data/.bss/.rodata globals, bpf-to-bpf calls into .text and programs in every
 * SCHED_CLS section name jnetkit knows. */
#include "jnk.h"

__u64 packets = 0;                          /* .bss */
__u32 last_len;                             /* .bss */
__u32 verdict_bias = 7;                     /* .data */
char greeting[8] = "jnetkit";               /* .data */
static __u32 hidden_static = 5;             /* .data, reached through the section symbol */
volatile const __u32 min_len = 60;          /* .rodata */
volatile const __u8 mode_flags[4] = { 1, 2, 3, 4 }; /* .rodata */

/* A static subprogram in .text: reached by a call relocation against the section symbol. */
static __noinline __u32 classify(__u32 len)
{
	if (len < min_len)
		return VERDICT_DROP;
	return len > 1500 ? VERDICT_PASS : (__u32)VERDICT_NEXT;
}

/* A global subprogram in .text: the verifier checks it on its own (BTF func linkage global). */
__noinline int bump(__u32 by)
{
	__sync_fetch_and_add(&packets, by);
	hidden_static += by;
	return (int)hidden_static;
}

/* Called from .text only: tests calls from a subprogram to another. */
static __noinline int twice(__u32 v)
{
	return bump(v) + bump(v);
}

SEC("netkit/primary")
int nk_primary(struct __sk_buff *skb)
{
	bump(1);
	last_len = skb->len;
	return (int)classify(skb->len);
}

SEC("netkit/peer")
int nk_peer(struct __sk_buff *skb)
{
	bump(verdict_bias);
	return mode_flags[skb->len & 3] == 2 ? VERDICT_DROP : VERDICT_NEXT;
}

SEC("tcx/ingress")
int tcx_in(struct __sk_buff *skb)
{
	return twice(skb->len & 1) > 100 ? VERDICT_DROP : VERDICT_NEXT;
}

SEC("tcx/egress")
int tcx_out(struct __sk_buff *skb)
{
	bpf_trace_printk("jnetkit %d\n", sizeof("jnetkit %d\n"), skb->len);
	return VERDICT_NEXT;
}

SEC("tc")
int tc_first(struct __sk_buff *skb)
{
	return greeting[0] == 'j' ? VERDICT_PASS : VERDICT_DROP;
}

SEC("tc")
int tc_second(struct __sk_buff *skb)
{
	return (int)classify(skb->len + verdict_bias);
}

SEC("classifier")
int classifier_with_a_long_name(struct __sk_buff *skb)
{
	return skb->len > min_len ? VERDICT_PASS : VERDICT_DROP;
}

char LICENSE[] SEC("license") = "GPL";
