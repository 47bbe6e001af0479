// SPDX-License-Identifier: GPL-2.0
/* Fixture: CO-RE against the kernel's struct __sk_buff through a local flavor whose layout differs
 * (fields reordered, most omitted, one the kernel lacks). Each program returns one relocated
 * value, so a test run proves the loader's offset: without CO-RE every one returns a wrong
 * number. Uses clang's builtins directly (no libbpf header). */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define __noinline __attribute__((noinline))

/* Not the kernel's layout: len is at 0 there, mark at 8, protocol at 16, priority at 32. */
struct __sk_buff___mine {
	__u32 mark;
	__u32 priority;
	__u32 protocol;
	__u32 len;
	__u32 no_such_field; /* the kernel's __sk_buff has none */
} __attribute__((preserve_access_index));

/* A kernel enum under a flavor with made-up values: the kernel's value must replace them. */
enum bpf_func_id___mine {
	BPF_FUNC_ktime_get_ns___mine = 1000,
	BPF_FUNC_no_such_helper___mine = 1001,
};

struct no_such_type___mine {
	int x;
};

#define FIELD_BYTE_OFFSET 0
#define FIELD_BYTE_SIZE 1
#define FIELD_EXISTS 2
#define TYPE_EXISTS 0
#define TYPE_SIZE 1
#define ENUM_EXISTS 0
#define ENUM_VALUE 1
#define TYPE_ID_TARGET 1

SEC("tc")
int core_len(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	return skb->len;
}

SEC("tc")
int core_protocol(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	return skb->protocol;
}

SEC("tc")
int core_offsets(struct __sk_buff *ctx)
{
	/* byte offsets as values: kernel's len 0, mark 8, protocol 16, priority 32 */
	struct __sk_buff___mine *skb = (void *)ctx;
	return __builtin_preserve_field_info(skb->len, FIELD_BYTE_OFFSET)
	     | __builtin_preserve_field_info(skb->mark, FIELD_BYTE_OFFSET) << 8
	     | __builtin_preserve_field_info(skb->protocol, FIELD_BYTE_OFFSET) << 16
	     | __builtin_preserve_field_info(skb->priority, FIELD_BYTE_OFFSET) << 24;
}

SEC("tc")
int core_exists(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	return __builtin_preserve_field_info(skb->len, FIELD_EXISTS)
	     | __builtin_preserve_field_info(skb->no_such_field, FIELD_EXISTS) << 1
	     | __builtin_preserve_type_info(*(struct __sk_buff___mine *)0, TYPE_EXISTS) << 2
	     | __builtin_preserve_type_info(*(struct no_such_type___mine *)0, TYPE_EXISTS) << 3
	     | __builtin_preserve_enum_value(*(enum bpf_func_id___mine *)BPF_FUNC_ktime_get_ns___mine, ENUM_EXISTS) << 4
	     | __builtin_preserve_enum_value(*(enum bpf_func_id___mine *)BPF_FUNC_no_such_helper___mine, ENUM_EXISTS) << 5;
}

SEC("tc")
int core_type_size(struct __sk_buff *ctx)
{
	return __builtin_preserve_type_info(*(struct __sk_buff___mine *)0, TYPE_SIZE);
}

SEC("tc")
int core_field_size(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	return __builtin_preserve_field_info(skb->protocol, FIELD_BYTE_SIZE);
}

SEC("tc")
int core_enum_value(struct __sk_buff *ctx)
{
	return __builtin_preserve_enum_value(*(enum bpf_func_id___mine *)BPF_FUNC_ktime_get_ns___mine, ENUM_VALUE);
}

SEC("tc")
int core_type_id(struct __sk_buff *ctx)
{
	return __builtin_btf_type_id(*(struct __sk_buff___mine *)0, TYPE_ID_TARGET);
}

/* The field the kernel lacks, read only behind an existence check: the poisoned read is dead
 * code once the check is relocated to 0, so the program loads. */
SEC("tc")
int core_guarded(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	if (__builtin_preserve_field_info(skb->no_such_field, FIELD_EXISTS))
		return skb->no_such_field;
	return 7;
}

/* A flavor with narrower fields than the kernel's u32s: unsigned loads are widened to 4 bytes. */
struct __sk_buff___narrow {
	__u16 len;
	__u8 pkt_type;
} __attribute__((preserve_access_index));

SEC("tc")
int core_widened(struct __sk_buff *ctx)
{
	struct __sk_buff___narrow *skb = (void *)ctx;
	return skb->len + (skb->pkt_type << 16);
}

/* Stores: ST/STX offsets are relocated too (tc may write mark and priority). */
SEC("tc")
int core_store(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	skb->mark = 0x50;
	skb->priority = ctx->len;
	return skb->mark + skb->priority;
}

SEC("tc")
int core_type_id_local(struct __sk_buff *ctx)
{
	return __builtin_btf_type_id(*(struct __sk_buff___mine *)0, 0);
}

/* CO-RE records in a .text subprogram: rebased to where the linker puts it in each caller. */
static __noinline int read_len(struct __sk_buff___mine *skb)
{
	return skb->len + __builtin_preserve_field_info(skb->protocol, FIELD_BYTE_OFFSET);
}

SEC("tc")
int core_subprog(struct __sk_buff *ctx)
{
	struct __sk_buff___mine *skb = (void *)ctx;
	return read_len(skb) + (skb->mark << 8);
}

char _license[] SEC("license") = "GPL";
