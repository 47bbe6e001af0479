// SPDX-License-Identifier: GPL-2.0
/* Fixture that must fail: it reads a field the kernel's __sk_buff lacks, unguarded, so the
 * relocation is poisoned and the verifier reaches it. The loader must name the relocation. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))

struct __sk_buff___mine {
	__u32 len;
	__u32 no_such_field;
} __attribute__((preserve_access_index));

SEC("tc")
int core_poisoned(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	if (skb->len > 10)
		return skb->no_such_field;
	return 1;
}

char _license[] SEC("license") = "GPL";
