// SPDX-License-Identifier: GPL-2.0
/* Fixture: kfuncs that live in a module where nf_conntrack is one (Debian's kernels: the call
 * names the module's BTF through PROG_LOAD's fd_array) and in vmlinux where it is built in
 * (the build host's). A lookup of a connection nobody made: NULL, opts.error -ENOENT. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

extern struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *skb_ctx, struct bpf_sock_tuple *bpf_tuple,
					 __u32 tuple__sz, struct bpf_ct_opts *opts, __u32 opts__sz) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

SEC("tc")
int kf_ct_lookup(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_ct_opts opts = { .netns_id = -1, .l4proto = 6 };
	struct nf_conn *ct;

	t.ipv4.saddr = bpf_htonl(0x0a000001);
	t.ipv4.daddr = bpf_htonl(0x0a000002);
	t.ipv4.sport = bpf_htons(40000);
	t.ipv4.dport = bpf_htons(80);
	/* 12: the size every kernel since 6.0 takes (later ones also take 16, with zone fields). */
	ct = bpf_skb_ct_lookup(skb, &t, sizeof(t.ipv4), &opts, 12);
	if (ct) {
		bpf_ct_release(ct);
		return 1;
	}
	return opts.error;
}

char LICENSE[] SEC("license") = "GPL";
