// SPDX-License-Identifier: GPL-2.0
/*
 * The clang reference for jnetkit's policy compiler tests: the example policies of
 * PolicyExamples.java written by hand in C, one program per policy, with the same semantics as
 * io.jnetkit.policy.PacketView (what is IPv4/IPv6, when ports and flags are visible). The host
 * tests run the same packet table through both and compare verdicts.
 *
 *   clang -O2 -g -target bpf -c reference.c -o reference.o     (build.sh does this)
 */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#define NEXT (-1)
#define DROP 2

struct view {
	int fam;		/* 0 not IP, 4, 6 */
	int l4;			/* ports and flags visible */
	int tagged;		/* a VLAN tag in the bytes: everything behind it unknown */
	int unkproto;		/* IPv6 chain unparseable: protocol unknown (and ports) */
	int unkl4;		/* TCP/UDP header should be there but is not whole: ports unknown */
	__u32 proto;
	__u32 s4, d4;		/* host order */
	__u32 s6[4], d6[4];	/* host order words */
	__u32 sport, dport, flags;
};

static __always_inline __u32 get16(const __u8 *p)
{
	return (__u32)p[0] << 8 | p[1];
}

static __always_inline __u32 get32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

static __always_inline int is_ext(__u32 nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60;
}

static __always_inline void parse(struct __sk_buff *skb, struct view *v)
{
	const __u8 *d = (void *)(long)skb->data;
	const __u8 *end = (void *)(long)skb->data_end;
	const __u8 *l4;
	__u32 off;

	__builtin_memset(v, 0, sizeof(*v));
	if (d + 14 > end)
		return;
	__u32 type = get16(d + 12);
	if (type == 0x0800) {
		const __u8 *ip = d + 14;
		if (ip + 20 > end)
			return;
		v->fam = 4;
		v->proto = ip[9];
		v->s4 = get32(ip + 12);
		v->d4 = get32(ip + 16);
		__u32 ihl = ip[0] & 0xf;
		if (get16(ip + 6) & 0x1fff)
			return;
		if (ihl < 5) {
			if (v->proto == 6 || v->proto == 17)
				v->unkl4 = 1;
			return;
		}
		off = 14 + ihl * 4;
	} else if (type == 0x86dd) {
		const __u8 *ip = d + 14;
		if (ip + 40 > end)
			return;
		v->fam = 6;
		for (int i = 0; i < 4; i++) {
			v->s6[i] = get32(ip + 8 + 4 * i);
			v->d6[i] = get32(ip + 24 + 4 * i);
		}
		__u32 nh = ip[6];
		__u32 ext = 0;
		for (int i = 0; is_ext(nh); i++) {
			/* MAX_EXT_HEADERS; the bound also lets the verifier end the loop */
			if (i == 8)
				goto unparseable;
			const __u8 *h = ip + 40 + ext;
			if (h + 8 > end)
				goto unparseable;
			__u32 len = nh == 44 ? 8 : nh == 51 ? (h[1] + 2) * 4 : (h[1] + 1) * 8;
			int nonfirst = nh == 44 && (get16(h + 2) & 0xfff8);
			nh = h[0];
			if (nonfirst) {
				v->proto = nh;
				return;
			}
			if (ext + len > 4096)	/* MAX_EXT_BYTES */
				goto unparseable;
			/* a round trip the verifier cannot see through (one state per round); the
			   mask changes nothing but bounds the value for the verifier */
			volatile __u32 *cb = (volatile __u32 *)&skb->cb[0];
			__u32 saved = *cb;
			*cb = ext + len;
			ext = *cb & 0x1fff;
			*cb = saved;
		}
		v->proto = nh;
		off = 54 + ext;
	} else {
		if ((type == 0x8100 || type == 0x88a8) && d + 38 <= end)
			v->tagged = 1;
		return;
	}
	l4 = d + off;
	/* one register for the bound check and the loads below */
	asm volatile("" : "+r"(l4));
	if (v->proto == 6) {
		if (l4 + 20 > end)
			goto unreadable;
		v->flags = l4[13];
	} else if (v->proto == 17) {
		if (l4 + 8 > end)
			goto unreadable;
	} else {
		return;
	}
	v->l4 = 1;
	v->sport = get16(l4);
	v->dport = get16(l4 + 2);
	return;
unparseable:
	v->unkproto = 1;
unreadable:
	v->unkl4 = 1;
}

static __always_inline int in6(const __u32 *a, __u32 w0, __u32 w1, __u32 w2, __u32 w3, int len)
{
	__u32 n[4] = { w0, w1, w2, w3 };
	for (int i = 0; i < 4; i++) {
		int bits = len - 32 * i;
		if (bits <= 0)
			break;
		__u32 m = bits >= 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
		if ((a[i] & m) != n[i])
			return 0;
	}
	return 1;
}

#define IP4(a, b, c, d) ((__u32)(a) << 24 | (__u32)(b) << 16 | (__u32)(c) << 8 | (__u32)(d))
#define MASK4(len) ((len) == 0 ? 0u : (len) >= 32 ? 0xffffffffu : ~(0xffffffffu >> ((len) & 31)))
#define IS4 (v.fam == 4)
#define IS6 (v.fam == 6)
/* Conditions on what the packet hides: allow rules use these (false when unknown)… */
#define PROTO(n) (v.fam != 0 && !v.unkproto && v.proto == (n))
#define TCP PROTO(6)
#define UDP PROTO(17)
#define SPORT(a, b) (v.l4 && v.sport >= (a) && v.sport <= (b))
#define DPORT(a, b) (v.l4 && v.dport >= (a) && v.dport <= (b))
#define FLAGS(mask, val) (v.l4 && (v.flags & (mask)) == (val))
/* …deny rules these (true when unknown): a deny rule matches what it might deny. */
#define D_PROTO(n) (v.fam != 0 && (v.unkproto || v.proto == (n)))
#define D_TCP D_PROTO(6)
#define D_UDP D_PROTO(17)
#define D_SPORT(a, b) (v.unkl4 || SPORT(a, b))
#define D_DPORT(a, b) (v.unkl4 || DPORT(a, b))
#define D_FLAGS(mask, val) (v.unkl4 || FLAGS(mask, val))
#define SRC4(x, len) (IS4 && (v.s4 & MASK4(len)) == (x))
#define DST4(x, len) (IS4 && (v.d4 & MASK4(len)) == (x))
#define SRC6(w0, w1, w2, w3, len) (IS6 && in6(v.s6, w0, w1, w2, w3, len))
#define DST6(w0, w1, w2, w3, len) (IS6 && in6(v.d6, w0, w1, w2, w3, len))
#define FIN 0x01
#define SYN 0x02
#define RST 0x04
#define ACK 0x10

/* deny tcp dport 12345; allow any */
SEC("tc") int seed(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (v.tagged || (D_TCP && D_DPORT(12345, 12345)))
		return DROP;
	return NEXT;
}

/* count deny udp src 10.0.0.0/8 dport 53; allow icmp; count allow tcp dport 1000-2000 flags syn,!ack;
   deny tcp; count default allow */
SEC("tc") int mixed(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (v.tagged || (D_UDP && SRC4(IP4(10, 0, 0, 0), 8) && D_DPORT(53, 53)))
		return DROP;
	if (IS4 && PROTO(1))
		return NEXT;
	if (TCP && DPORT(1000, 2000) && FLAGS(SYN | ACK, SYN))
		return NEXT;
	if (v.tagged || (D_TCP))
		return DROP;
	return NEXT;
}

/* deny ip6 tcp dst fd00::/64 dport 1000-2000 flags syn; allow icmpv6; deny ip6 src 2001:db8::/32;
   allow ip4 dst 192.168.1.7; deny ip4 src 192.168.0.0/16; allow any */
SEC("tc") int six(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (v.tagged || (IS6 && D_TCP && DST6(0xfd000000, 0, 0, 0, 64) && D_DPORT(1000, 2000) && D_FLAGS(SYN, SYN)))
		return DROP;
	if (IS6 && PROTO(58))
		return NEXT;
	if (v.tagged || (SRC6(0x20010db8, 0, 0, 0, 32)))
		return DROP;
	if (DST4(IP4(192, 168, 1, 7), 32))
		return NEXT;
	if (v.tagged || (SRC4(IP4(192, 168, 0, 0), 16)))
		return DROP;
	return NEXT;
}

/* allow tcp dport 22; allow tcp sport 1024-65535 dport 80; allow udp dport 53; allow icmp;
   allow icmpv6; default deny */
SEC("tc") int allowlist(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (TCP && DPORT(22, 22))
		return NEXT;
	if (TCP && SPORT(1024, 65535) && DPORT(80, 80))
		return NEXT;
	if (UDP && DPORT(53, 53))
		return NEXT;
	if (IS4 && PROTO(1))
		return NEXT;
	if (IS6 && PROTO(58))
		return NEXT;
	return DROP;
}

/* deny tcp flags rst; deny tcp dport 1-1023 flags !ack; count deny udp sport 7;
   allow tcp flags fin,ack; deny src 10.1.2.3; deny dst 10.9.0.0/16; deny ip6 dst ::1 */
SEC("tc") int flags(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (v.tagged || (D_TCP && D_FLAGS(RST, RST)))
		return DROP;
	if (v.tagged || (D_TCP && D_DPORT(1, 1023) && D_FLAGS(ACK, 0)))
		return DROP;
	if (v.tagged || (D_UDP && D_SPORT(7, 7)))
		return DROP;
	if (TCP && FLAGS(FIN | ACK, FIN | ACK))
		return NEXT;
	if (v.tagged || (SRC4(IP4(10, 1, 2, 3), 32)))
		return DROP;
	if (v.tagged || (DST4(IP4(10, 9, 0, 0), 16)))
		return DROP;
	if (v.tagged || (DST6(0, 0, 0, 1, 128)))
		return DROP;
	return NEXT;
}

/* allow ip4; allow ip6 tcp; deny any */
SEC("tc") int nonip(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (IS4)
		return NEXT;
	if (IS6 && TCP)
		return NEXT;
	return DROP;
}

/* deny tcp; deny udp dport 53; allow any */
SEC("tc") int proto(struct __sk_buff *skb)
{
	struct view v;
	parse(skb, &v);
	if (v.tagged || (D_TCP))
		return DROP;
	if (v.tagged || (D_UDP && D_DPORT(53, 53)))
		return DROP;
	return NEXT;
}

/* The seed filter as a C programmer writes it (examples/port_filter.c without its globals and
   trace_printk), with the policy semantics: the IPv6 extension header walk and deny when the
   ports cannot be read. The instruction-count yardstick for the seed policy. */
SEC("tc") int port_filter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u8 *eth = data;
	__u8 proto;
	__u8 *l4;
	__u32 off;

	if (data + 14 > data_end)
		return NEXT;
	__u16 type = *(__u16 *)(eth + 12);
	if (type == __builtin_bswap16(0x0800)) {
		__u8 *ip = eth + 14;
		if ((void *)(ip + 20) > data_end)
			return NEXT;
		if (*(__u16 *)(ip + 6) & __builtin_bswap16(0x1fff))
			return NEXT;
		proto = ip[9];
		if ((ip[0] & 0xf) < 5)
			return proto == 6 ? DROP : NEXT;
		off = 14 + (ip[0] & 0xf) * 4;
	} else if (type == __builtin_bswap16(0x86dd)) {
		__u8 *ip6 = eth + 14;
		if ((void *)(ip6 + 40) > data_end)
			return NEXT;
		proto = ip6[6];
		__u32 ext = 0;
		for (int i = 0; proto == 0 || proto == 43 || proto == 44 || proto == 51 || proto == 60; i++) {
			__u8 *h = ip6 + 40 + ext;
			if (i == 8 || (void *)(h + 8) > data_end)
				return DROP;
			if (proto == 44 && (*(__u16 *)(h + 2) & __builtin_bswap16(0xfff8)))
				return NEXT;
			__u32 len = proto == 44 ? 8 : proto == 51 ? (h[1] + 2) * 4 : (h[1] + 1) * 8;
			proto = h[0];
			if (ext + len > 4096)
				return DROP;
			volatile __u32 *cb = (volatile __u32 *)&skb->cb[0];
			__u32 saved = *cb;
			*cb = ext + len;
			ext = *cb & 0x1fff;
			*cb = saved;
		}
		off = 54 + ext;
	} else if ((type == __builtin_bswap16(0x8100) || type == __builtin_bswap16(0x88a8)) && data + 38 <= data_end) {
		return DROP;
	} else {
		return NEXT;
	}
	l4 = eth + off;
	/* one register for the bound check and the loads below */
	asm volatile("" : "+r"(l4));
	if (proto != 6)
		return NEXT;
	if ((void *)(l4 + 20) > data_end)
		return DROP;
	if (*(__u16 *)(l4 + 2) == __builtin_bswap16(12345))
		return DROP;
	return NEXT;
}

char LICENSE[] SEC("license") = "GPL";
