// SPDX-License-Identifier: GPL-2.0
/* Fixture: a program the verifier must reject — it reads 4 bytes past the bounds it checked. */
#include "jnk.h"

SEC("tcx/ingress")
int read_past_end(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;

	if (data + 14 > data_end)
		return VERDICT_NEXT;
	__u32 past_the_check = *(__u32 *)(data + 14);
	return past_the_check == 7 ? VERDICT_DROP : VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
