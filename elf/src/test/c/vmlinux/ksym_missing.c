// SPDX-License-Identifier: GPL-2.0
/* Fixture: a strong kfunc and a strong __ksym variable no kernel has, and a program that reaches
 * a call of a __weak one: loading each must fail naming it (libbpf refuses the object). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern int bpf_jnetkit_missing_kfunc(int x) __ksym;
extern const int jnetkit_missing_variable __ksym;
extern int bpf_jnetkit_no_such_kfunc(int x) __ksym __weak;

SEC("tc")
int km_kfunc(struct __sk_buff *skb)
{
	return bpf_jnetkit_missing_kfunc(1);
}

SEC("tc")
int km_var(struct __sk_buff *skb)
{
	return bpf_this_cpu_ptr(&jnetkit_missing_variable) != 0;
}

SEC("tc")
int km_weak_reached(struct __sk_buff *skb)
{
	return bpf_jnetkit_no_such_kfunc(2);
}

char LICENSE[] SEC("license") = "GPL";
