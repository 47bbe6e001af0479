// SPDX-License-Identifier: GPL-2.0
/* Fixture: CO-RE the way libbpf users write it, against a vmlinux.h that examples/build.sh dumps
 * from the build machine's /sys/kernel/btf/vmlinux (bpftool btf dump … format c; not committed)
 * and Debian libbpf-dev's bpf_core_read.h. The committed .o carries the build kernel's layout;
 * loading it on another kernel relocates it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

/* vmlinux.h's types carry preserve_access_index: plain context reads are relocated. */
SEC("tc")
int vml_len(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("tc")
int vml_protocol(struct __sk_buff *skb)
{
	return bpf_ntohs(skb->protocol);
}

/* struct sk_buff's layout changes between kernels; mark sits in anonymous unions and structs. */
SEC("tc")
int vml_skb_len_offset(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct sk_buff, len);
}

SEC("tc")
int vml_skb_mark_offset(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct sk_buff, mark);
}

SEC("tc")
int vml_skb_size(struct __sk_buff *skb)
{
	return bpf_core_type_size(struct sk_buff);
}

SEC("tc")
int vml_enum(struct __sk_buff *skb)
{
	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ktime_get_ns))
		return -1;
	return bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_ktime_get_ns);
}

SEC("tc")
int vml_exists(struct __sk_buff *skb)
{
	return bpf_core_field_exists(struct sk_buff, mark) | bpf_core_type_exists(struct net_device) << 1
	     | bpf_core_field_exists(skb->tstamp) << 2;
}

/* A bitfield of the kernel's sk_buff: the load window (byte offset, size) and the shifts that
 * extract pkt_type's 3 bits, one per byte of the result. */
SEC("tc")
int vml_pkt_type_bits(struct __sk_buff *skb)
{
	struct sk_buff *s = 0;
	return __builtin_preserve_field_info(s->pkt_type, BPF_FIELD_BYTE_OFFSET)
	     | __builtin_preserve_field_info(s->pkt_type, BPF_FIELD_BYTE_SIZE) << 8
	     | __builtin_preserve_field_info(s->pkt_type, BPF_FIELD_LSHIFT_U64) << 16
	     | __builtin_preserve_field_info(s->pkt_type, BPF_FIELD_RSHIFT_U64) << 24;
}

char _license[] SEC("license") = "GPL";
