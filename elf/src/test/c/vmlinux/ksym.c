// SPDX-License-Identifier: GPL-2.0
/* Fixture: typeless __ksym variables (extern const void … __ksym): the loader reads the address
 * from /proc/kallsyms into an ld_imm64 with src 0. _stext is in every kallsyms, also without
 * CONFIG_KALLSYMS_ALL; a __weak one no kernel has is 0, also a typed one. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern const void _stext __ksym;
extern const void jnetkit_no_such_symbol __ksym __weak;
extern const int jnetkit_no_such_variable __ksym __weak;

__u64 stext_addr;

SEC("tc")
int ks_typeless(struct __sk_buff *skb)
{
	__u64 missing = (__u64)&jnetkit_no_such_symbol, missing_var = (__u64)&jnetkit_no_such_variable;

	stext_addr = (__u64)&_stext;
	return (missing == 0) | (missing_var == 0) << 1;
}

char LICENSE[] SEC("license") = "GPL";
