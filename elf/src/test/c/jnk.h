/*
 * The handful of definitions jnetkit's ELF fixtures need, written here so that no libbpf
 * header is required. The map-definition macros follow the convention every BPF loader
 * understands: a BTF-described struct in section ".maps" whose members encode numbers as
 * array lengths (`int (*type)[1]`) and key/value types as pointee types.
 */
#ifndef JNK_H
#define JNK_H
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __noinline __attribute__((noinline))

/* pinning = PIN_BY_NAME: reuse (or create and pin) <pin root>/<map name>. */
#define PIN_BY_NAME 1

/* Legacy map definitions in section "maps" (pre-BTF; still read by cilium/ebpf). */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) =
	(void *)BPF_FUNC_map_update_elem;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)BPF_FUNC_trace_printk;

#define VERDICT_NEXT (-1)
#define VERDICT_PASS 0
#define VERDICT_DROP 2
#endif
