// SPDX-License-Identifier: GPL-2.0
/* Fixture: maps whose BTF key and value types cover what a typed map dump formats (jnetkit map
 * dump against bpftool map dump -j): ints of every size and signedness, 128-bit ints, bitfields
 * (in a key too), enums (negative, unnamed values, 1-byte packed, in a bitfield), char arrays
 * (strings and not), nested and 2-D arrays, an anonymous union, a pointer, a bool, a timer, a
 * per-CPU array, and globals in .data/.rodata/.bss (DATASEC values). */
#include "jnk.h"

enum colour { RED = 0, GREEN = 7, BLUE = -3 };
enum __attribute__((packed)) small { TINY = 1, BIG = 200 };
typedef char label_t[12];
typedef __u32 u32_alias;

struct flow_key {
	__u32 addr;
	__u16 port;
	__u8 proto : 4;
	__u8 ver : 3;
	__u8 urgent : 1;
	__s8 delta : 5;
	__u8 pad : 3;
	__u8 spare;
};

struct inner {
	__s16 v[2];
	enum small size;
	__u8 raw[3];
};

struct typed_value {
	_Bool flag;                /* bpftool reads four bytes here: the three after stay zero */
	__u8 zero[3];
	__s8 s8;
	__u8 u8;
	__s16 s16;
	__u16 u16;
	__s32 s32;
	__u32 u32;
	u32_alias alias;
	const volatile __s64 s64;
	__u64 u64;
	unsigned __int128 u128;
	__int128 s128;
	enum colour colour;
	enum colour hue : 4;
	unsigned int wide : 20;
	int neg : 8;
	char name[8];
	label_t label;
	unsigned char bytes[4];
	struct inner in[2];
	__u8 grid[2][3];
	union {
		__u32 as_int;
		__u8 as_bytes[4];
	};
	struct typed_value *next;
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, struct typed_value);
	__uint(max_entries, 8);
} typed SEC(".maps");

struct cpu_stats {
	__u64 packets;
	enum colour last;
	char tag[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct cpu_stats);
	__uint(max_entries, 2);
} per_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, enum colour);
	__uint(max_entries, 4);
} colours SEC(".maps");

__u64 seen = 0;                              /* .bss */
__s32 bias = -5;                             /* .data */
char motd[16] = "hello, \"bpf\"";           /* .data */
volatile const enum colour favourite = GREEN; /* .rodata */

SEC("tc")
int touch(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct cpu_stats *st = bpf_map_lookup_elem(&per_cpu, &k);

	if (st)
		st->packets++;
	seen += bias + favourite + motd[skb->len & 7];
	struct flow_key fk = { .addr = skb->len };
	struct typed_value *v = bpf_map_lookup_elem(&typed, &fk);

	if (v)
		v->u32++;
	enum colour *c = bpf_map_lookup_elem(&colours, &k);

	if (c)
		*c = BLUE;
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
