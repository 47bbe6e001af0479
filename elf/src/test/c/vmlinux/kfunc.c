// SPDX-License-Identifier: GPL-2.0
/* Fixture: kfunc calls (extern functions declared __ksym: call with src BPF_PSEUDO_KFUNC_CALL
 * and the kernel BTF id of the FUNC), callable from SCHED_CLS on 6.12 and newer (the skb
 * dynptr kfuncs, Linux 6.4), and a __weak kfunc no kernel has: bpf_ksym_exists() is false, so
 * its call is never reached (bpf_ksym_exists). ksym_missing.c reaches such a call. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *p, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;
extern int bpf_jnetkit_no_such_kfunc(int x) __ksym __weak;

/* libbpf-dev 1.1 (Debian 12) has no bpf_ksym_exists(): a weak symbol's address is 0 when absent. */
#define jnk_ksym_exists(sym) (!!(sym))

/* The EtherType, read through a dynptr slice of the frame. */
SEC("tc")
int kf_dynptr(struct __sk_buff *skb)
{
	struct bpf_dynptr p;
	__u8 buf[2];
	__u8 *h;

	if (bpf_dynptr_from_skb(skb, 0, &p))
		return -1;
	h = bpf_dynptr_slice(&p, 12, buf, sizeof(buf));
	if (!h)
		return -2;
	return h[0] << 8 | h[1];
}

SEC("tc")
int kf_weak(struct __sk_buff *skb)
{
	if (jnk_ksym_exists(bpf_jnetkit_no_such_kfunc))
		return bpf_jnetkit_no_such_kfunc(1);
	return 7;
}

char LICENSE[] SEC("license") = "GPL";
