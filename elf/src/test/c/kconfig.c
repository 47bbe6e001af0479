// SPDX-License-Identifier: GPL-2.0
/* Fixture: __kconfig externs, typed the way libbpf types them: LINUX_KERNEL_VERSION (u32),
 * a bool, a tristate (enum libbpf_tristate), an int, a char, a string (char array) and a
 * __weak one no kernel has (zero). The loader puts them into a frozen read-only ".kconfig" map. */
#include "jnk.h"

#define __kconfig __attribute__((section(".kconfig")))
#define __weak __attribute__((weak))

enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF __kconfig;                       /* y everywhere BPF runs */
extern enum libbpf_tristate CONFIG_NF_CONNTRACK __kconfig; /* y on the host, m on Debian */
extern int CONFIG_HZ __kconfig;
extern char CONFIG_BPF_JIT __kconfig;                    /* a char holds 'y' */
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig;       /* "(none)" */
extern int CONFIG_JNETKIT_NO_SUCH_OPTION __kconfig __weak;
extern _Bool CONFIG_JNETKIT_NO_SUCH_BOOL __kconfig __weak;

SEC("tc")
int kc_version(struct __sk_buff *skb)
{
	return LINUX_KERNEL_VERSION;
}

SEC("tc")
int kc_bool(struct __sk_buff *skb)
{
	return CONFIG_BPF ? 1 : 0;
}

SEC("tc")
int kc_tristate(struct __sk_buff *skb)
{
	return CONFIG_NF_CONNTRACK;
}

SEC("tc")
int kc_hz(struct __sk_buff *skb)
{
	return CONFIG_HZ;
}

SEC("tc")
int kc_char(struct __sk_buff *skb)
{
	return CONFIG_BPF_JIT;
}

/* The string's first four bytes, little-endian. */
SEC("tc")
int kc_string(struct __sk_buff *skb)
{
	return CONFIG_DEFAULT_HOSTNAME[0] | CONFIG_DEFAULT_HOSTNAME[1] << 8 | CONFIG_DEFAULT_HOSTNAME[2] << 16
	     | CONFIG_DEFAULT_HOSTNAME[3] << 24;
}

SEC("tc")
int kc_weak(struct __sk_buff *skb)
{
	return CONFIG_JNETKIT_NO_SUCH_OPTION + 10 + CONFIG_JNETKIT_NO_SUCH_BOOL;
}

char LICENSE[] SEC("license") = "GPL";
