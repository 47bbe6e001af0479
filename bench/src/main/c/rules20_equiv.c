// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's 20-rule policy (PolicyBench.RULES20) written in C as a careful C programmer
 * would, with exactly the semantics jnetkit compiles (see io.jnetkit.policy.PacketView): parse
 * once, then the rules in order, first match wins, default deny. Counted rules add 1 packet and
 * skb->len bytes to jnk_counters[rule index] with atomic adds, as the policy does.
 *
 *    1 deny tcp dport 23                  11 deny tcp dst 10.0.0.99/32 dport 22
 *    2 deny tcp dport 135-139             12 deny udp sport 19
 *    3 deny udp dport 137-138             13 deny tcp dport 6000-6063
 *    4 deny tcp dport 445                 14 deny tcp dport 8000-8999 flags syn,!ack
 *    5 deny udp dport 161-162             15 count deny icmp
 *    6 deny ip4 src 10.66.0.0/16          16 count deny tcp dport 12345
 *    7 deny ip6 src 2001:db8:bad::/48     17 allow tcp dport 80
 *    8 deny ip4 dst 192.0.2.0/24          18 allow tcp dport 443
 *    9 deny tcp dport 3389                19 allow udp dport 53
 *   10 deny udp dport 1900                20 allow icmpv6
 *      default deny
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define bswap16(v) ((__u16)__builtin_bswap16(v))
#define bswap32(v) ((__u32)__builtin_bswap32(v))
#define NEXT (-1)
#define DROP 2

struct counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 21);
	__type(key, __u32);
	__type(value, struct counter);
} jnk_counters SEC(".maps");

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;

static __always_inline int count(struct __sk_buff *skb, __u32 index, int verdict)
{
	struct counter *c = bpf_map_lookup_elem(&jnk_counters, &index);

	if (c) {
		__sync_fetch_and_add(&c->packets, 1);
		__sync_fetch_and_add(&c->bytes, skb->len);
	}
	return verdict;
}

SEC("tc")
int rules20_equiv(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u8 proto;
	int v6;
	__u32 saddr = 0, daddr = 0;
	__u8 *src6 = 0;
	void *l4 = 0;
	int has_l4 = 0;
	__u16 sport = 0, dport = 0;
	__u8 flags = 0;

	if ((void *)(eth + 1) > end)
		return DROP;
	if (eth->h_proto == bswap16(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return DROP;
		v6 = 0;
		proto = ip->protocol;
		saddr = bswap32(ip->saddr);
		daddr = bswap32(ip->daddr);
		if (ip->ihl >= 5 && !(ip->frag_off & bswap16(0x1fff)))
			l4 = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bswap16(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return DROP;
		v6 = 1;
		proto = ip6->nexthdr;
		src6 = ip6->saddr.in6_u.u6_addr8;
		l4 = ip6 + 1;
	} else {
		return DROP;
	}
	if (l4 && proto == IPPROTO_TCP) {
		struct tcphdr *t = l4;

		if ((void *)(t + 1) <= end) {
			has_l4 = 1;
			sport = bswap16(t->source);
			dport = bswap16(t->dest);
			flags = ((__u8 *)t)[13];
		}
	} else if (l4 && proto == IPPROTO_UDP) {
		struct udphdr *u = l4;

		if ((void *)(u + 1) <= end) {
			has_l4 = 1;
			sport = bswap16(u->source);
			dport = bswap16(u->dest);
		}
	}
	int tcp = proto == IPPROTO_TCP && has_l4;
	int udp = proto == IPPROTO_UDP && has_l4;

	if (tcp && dport == 23)
		return DROP;
	if (tcp && dport >= 135 && dport <= 139)
		return DROP;
	if (udp && dport >= 137 && dport <= 138)
		return DROP;
	if (tcp && dport == 445)
		return DROP;
	if (udp && dport >= 161 && dport <= 162)
		return DROP;
	if (!v6 && (saddr & 0xffff0000) == 0x0a420000)
		return DROP;
	if (v6 && src6[0] == 0x20 && src6[1] == 0x01 && src6[2] == 0x0d && src6[3] == 0xb8 && src6[4] == 0x0b
	    && src6[5] == 0xad)
		return DROP;
	if (!v6 && (daddr & 0xffffff00) == 0xc0000200)
		return DROP;
	if (tcp && dport == 3389)
		return DROP;
	if (udp && dport == 1900)
		return DROP;
	if (!v6 && tcp && daddr == 0x0a000063 && dport == 22)
		return DROP;
	if (udp && sport == 19)
		return DROP;
	if (tcp && dport >= 6000 && dport <= 6063)
		return DROP;
	if (tcp && dport >= 8000 && dport <= 8999 && (flags & 0x02) && !(flags & 0x10))
		return DROP;
	if (!v6 && proto == IPPROTO_ICMP)
		return count(skb, 14, DROP);
	if (tcp && dport == 12345)
		return count(skb, 15, DROP);
	if (tcp && dport == 80)
		return NEXT;
	if (tcp && dport == 443)
		return NEXT;
	if (udp && dport == 53)
		return NEXT;
	if (v6 && proto == IPPROTO_ICMPV6)
		return NEXT;
	return DROP;
}

char LICENSE[] SEC("license") = "GPL";
