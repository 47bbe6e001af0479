// SPDX-License-Identifier: GPL-2.0
/* Fixture: typed __ksym variables (extern const struct rq runqueues __ksym): ld_imm64 with src
 * BPF_PSEUDO_BTF_ID and the kernel's BTF id of the VAR, for bpf_per_cpu_ptr and
 * bpf_this_cpu_ptr. The kernel finds the address in kallsyms, so this needs
 * CONFIG_KALLSYMS_ALL (Debian's kernels; not the build host's): a guest test. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern const struct rq runqueues __ksym;
extern const int bpf_prog_active __ksym;

/* Each CPU's runqueue knows its CPU: 1 + 2 + 4 when all three agree. */
SEC("tc")
int ks_runqueues(struct __sk_buff *skb)
{
	struct rq *zero = bpf_per_cpu_ptr(&runqueues, 0);
	struct rq *mine = bpf_this_cpu_ptr(&runqueues);
	int r = 0;

	if (zero && zero->cpu == 0)
		r |= 1;
	if (mine->cpu == bpf_get_smp_processor_id())
		r |= 2;
	if (bpf_this_cpu_ptr(&bpf_prog_active))
		r |= 4;
	return r;
}

char LICENSE[] SEC("license") = "GPL";
