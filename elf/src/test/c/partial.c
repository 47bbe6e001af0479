// SPDX-License-Identifier: GPL-2.0
/* Fixture: programs jnetkit can load next to ones it cannot — a section that names no program
 * type, a kind needing an attach BTF id (fentry), a call of an extern function that is no
 * __ksym kfunc (a function of another object, not linked in) — and a SEC("?tc") program,
 * which is loaded only when asked for. None of them may keep "counted" from loading. */
#include "jnk.h"

/* Without __ksym: no .ksyms entry in the BTF says it is the kernel's. */
extern int bpf_jnk_no_such_kfunc(void);

__u64 hits = 0;

SEC("tc")
int counted(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&hits, 1);
	return VERDICT_NEXT;
}

SEC("?tc")
int on_request(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&hits, 100);
	return VERDICT_DROP;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("jnetkit/no_such_type")
int odd_section(struct __sk_buff *skb)
{
	return VERDICT_NEXT;
}

SEC("fentry/tcp_connect")
int traced(void *ctx)
{
	return 0;
}

SEC("tc")
int uses_kfunc(struct __sk_buff *skb)
{
	return bpf_jnk_no_such_kfunc();
}

char LICENSE[] SEC("license") = "GPL";
