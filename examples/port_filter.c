// SPDX-License-Identifier: GPL-2.0
/*
 * jnetkit's seed filter: drop TCP segments to destination port 12345, let everything else
 * through. Attach it to a netkit hook (netkit/peer: what the pod transmits; netkit/primary:
 * what the host sends to the pod) or to tcx (the seed itself used tcx ingress on nk0).
 *
 * Built with:  clang -O2 -g -target bpf -c port_filter.c -o port_filter.o
 * No libbpf headers needed: the few definitions it uses are below.
 *
 * netkit and tcx both hand the program a packet that starts at the Ethernet header — also
 * in netkit's L3 mode, where the 14-byte header is still built by the stack — so the IP
 * header is parsed at offset 14 in every mode.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>

#define SEC(name) __attribute__((section(name), used))
#define BLOCKED_PORT 12345

/* Verdicts shared by tcx and netkit (TCX_NEXT = NETKIT_NEXT = -1, DROP = 2). */
#define VERDICT_NEXT (-1)
#define VERDICT_DROP 2

static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)BPF_FUNC_trace_printk;

/* Global state, readable from user space through the object's .bss and .data maps. */
__u64 dropped = 0;
__u64 seen = 0;
volatile const __u16 blocked_port = BLOCKED_PORT;

static __always_inline __u16 swap16(__u16 v)
{
	return (__u16)((v << 8) | (v >> 8));
}

static __always_inline int tcp_dport(struct __sk_buff *skb, __u16 *port)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u8 proto;
	void *l4;

	if ((void *)(eth + 1) > data_end)
		return 0;
	if (eth->h_proto == swap16(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			return 0;
		/* A non-first fragment carries no TCP header. */
		if (ip->frag_off & swap16(0x1fff))
			return 0;
		proto = ip->protocol;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == swap16(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end)
			return 0;
		proto = ip6->nexthdr;
		l4 = ip6 + 1;
	} else {
		return 0;
	}
	if (proto != IPPROTO_TCP)
		return 0;
	struct tcphdr *tcp = l4;

	if ((void *)(tcp + 1) > data_end)
		return 0;
	*port = swap16(tcp->dest);
	return 1;
}

SEC("netkit/peer")
int port_filter(struct __sk_buff *skb)
{
	__u16 port;

	__sync_fetch_and_add(&seen, 1);
	if (tcp_dport(skb, &port) && port == blocked_port) {
		char fmt[] = "jnetkit: dropped tcp to port %d\n";

		__sync_fetch_and_add(&dropped, 1);
		bpf_trace_printk(fmt, sizeof(fmt), port);
		return VERDICT_DROP;
	}
	return VERDICT_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
