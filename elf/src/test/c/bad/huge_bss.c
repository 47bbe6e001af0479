// SPDX-License-Identifier: GPL-2.0
/* Must fail: three 60 MiB .bss sections (180 MiB of zeros from a file of a few kilobytes);
 * each is under the per-section cap, together they are over the per-object budget. */
#include "../jnk.h"

char big_a[60 << 20] SEC(".bss.a");
char big_b[60 << 20] SEC(".bss.b");
char big_c[60 << 20] SEC(".bss.c");

char LICENSE[] SEC("license") = "GPL";
