// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture for io.jnetkit.elf.selftest.TcNetkitSelftestNetkitTest, the scenarios of the kernel's
 * tools/testing/selftests/bpf/prog_tests/tc_netkit.c (written fresh for jnetkit). Every program
 * returns NEXT (the packet goes on) and records in its own .bss struct what it saw, so the test
 * can prove from Java that it ran on real traffic and which headers it got.
 *
 * Rebuild the committed object (the test loads it as a classpath resource):
 *   clang -O2 -g -target bpf -Wall -I/usr/include/x86_64-linux-gnu -c tc_netkit.c \
 *     -o ../../resources/io/jnetkit/elf/selftest/tc_netkit.o
 */
#include "../jnk.h"
#include <linux/if_ether.h>

/* What one program saw. Read from Java as 5 little-endian u32 (see Seen in the test). */
struct seen {
	__u32 runs;      /* packets the program ran on */
	__u32 ip4;       /* Ethernet type 0x0800 */
	__u32 arp;       /* Ethernet type 0x0806 */
	__u32 eth_ip4;   /* skb->protocol IPv4 and a full Ethernet header of type IPv4 at offset 0 */
	__u32 last_type; /* host-order Ethernet type of the last packet with a full header */
};

struct seen seen_p1 = {};
struct seen seen_p2 = {};
struct seen seen_t1 = {};
struct seen seen_t2 = {};

static __always_inline __u16 swap16(__u16 v)
{
	return (__u16)((v << 8) | (v >> 8));
}

static __always_inline int record(struct __sk_buff *skb, struct seen *s)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	__sync_fetch_and_add(&s->runs, 1);
	if ((void *)(eth + 1) > data_end)
		return VERDICT_NEXT;
	s->last_type = swap16(eth->h_proto);
	if (eth->h_proto == swap16(ETH_P_IP)) {
		__sync_fetch_and_add(&s->ip4, 1);
		if (skb->protocol == swap16(ETH_P_IP))
			s->eth_ip4 = 1;
	} else if (eth->h_proto == swap16(ETH_P_ARP)) {
		__sync_fetch_and_add(&s->arp, 1);
	}
	return VERDICT_NEXT;
}

SEC("netkit/primary")
int nk_p1(struct __sk_buff *skb)
{
	return record(skb, &seen_p1);
}

SEC("netkit/peer")
int nk_p2(struct __sk_buff *skb)
{
	return record(skb, &seen_p2);
}

/* The selftest's multi_opts attaches programs from tc/ingress sections to netkit hooks. */
SEC("tc/ingress")
int tc_t1(struct __sk_buff *skb)
{
	return record(skb, &seen_t1);
}

SEC("tc/ingress")
int tc_t2(struct __sk_buff *skb)
{
	return record(skb, &seen_t2);
}

char LICENSE[] SEC("license") = "GPL";
