// SPDX-License-Identifier: GPL-2.0
/*
 * The seed filter as a policy would do it, in C, for the benchmark (bin/bench): the exact
 * semantics of `deny tcp dport 12345; allow any` compiled by jnetkit (see PacketView), without
 * examples/port_filter.c's global counters and bpf_trace_printk, which the policy does not do.
 *
 *   IPv4: EtherType 0x0800, 20-byte header present, protocol TCP, IHL >= 5, not a non-first
 *         fragment, the 20-byte TCP header at 14 + IHL*4 inside the packet.
 *   IPv6: EtherType 0x86DD, 40-byte header present, Next Header TCP, TCP header at 14 + 40.
 *   Then drop (2) if the destination port is 12345, else NEXT (-1).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>

#define SEC(name) __attribute__((section(name), used))
#define bswap16(v) ((__u16)__builtin_bswap16(v))
#define NEXT (-1)
#define DROP 2

SEC("tc")
int seed_equiv(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct tcphdr *tcp;

	if ((void *)(eth + 1) > end)
		return NEXT;
	if (eth->h_proto == bswap16(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_TCP)
			return NEXT;
		if (ip->ihl < 5 || (ip->frag_off & bswap16(0x1fff)))
			return NEXT;
		tcp = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bswap16(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
			return NEXT;
		tcp = (void *)(ip6 + 1);
	} else {
		return NEXT;
	}
	if ((void *)(tcp + 1) > end)
		return NEXT;
	return tcp->dest == bswap16(12345) ? DROP : NEXT;
}

char LICENSE[] SEC("license") = "GPL";
