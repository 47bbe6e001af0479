// SPDX-License-Identifier: GPL-2.0
/* Must fail to read: a __kconfig extern of a type libbpf cannot fill (a struct). */
#include "../jnk.h"

struct two { int a, b; };
extern struct two CONFIG_BPF __attribute__((section(".kconfig")));

SEC("tc")
int kc_struct(struct __sk_buff *skb)
{
	return CONFIG_BPF.a;
}

char LICENSE[] SEC("license") = "GPL";
