// SPDX-License-Identifier: GPL-2.0
/* Fixture: a SEC("?tc") program next to a SEC("tc") one, in names Debian's libbpf 1.1 knows,
 * so bpftool prog loadall shows what libbpf autoloads: only "always". */
#include "jnk.h"

SEC("tc")
int always(struct __sk_buff *skb)
{
	return VERDICT_NEXT;
}

SEC("?tc")
int when_asked(struct __sk_buff *skb)
{
	return VERDICT_DROP;
}

char LICENSE[] SEC("license") = "GPL";
