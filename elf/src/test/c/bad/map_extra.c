// SPDX-License-Identifier: GPL-2.0
/* Must fail: a bloom filter's map_extra (its number of hash functions), written with libbpf's
 * __ulong, which jnetkit does not pass to the kernel — refused rather than dropped. */
#include "../jnk.h"

#define ___concat(a, b) a##b
#define ___unique(n) ___concat(__unique_value, n)
#define __ulong(name, val) enum { ___unique(__COUNTER__) = val } name

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 64);
	__ulong(map_extra, 3);
} bloom SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
