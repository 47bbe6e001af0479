// SPDX-License-Identifier: GPL-2.0
/* Must fail: a struct_ops map (SEC(".struct_ops.link")), which jnetkit does not support. */
#include "../jnk.h"

struct jnk_ops {
	int (*init)(void);
	int flags;
};

SEC(".struct_ops.link")
struct jnk_ops jnk_ops = { .flags = 1 };

char LICENSE[] SEC("license") = "GPL";
