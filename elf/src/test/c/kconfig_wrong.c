// SPDX-License-Identifier: GPL-2.0
/* Fixture: a __kconfig extern whose type cannot hold the kernel's value: CONFIG_BPF is 'y',
 * which libbpf sets only in a bool, a char or a tristate — an int is refused at load. */
#include "jnk.h"

#define __kconfig __attribute__((section(".kconfig")))

extern int CONFIG_BPF __kconfig;

SEC("tc")
int kc_wrong(struct __sk_buff *skb)
{
	return CONFIG_BPF;
}

char LICENSE[] SEC("license") = "GPL";
