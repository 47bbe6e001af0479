// SPDX-License-Identifier: GPL-2.0
/* CO-RE fixture: core/rules.h's programs against local ___local flavors of core_target.c's types,
 * laid out differently (reordered, no anonymous union, smaller arrays and integers). */
#define T(x) x##___local

struct inner___local {
	short z[2];
	int y;
};

enum color___local { BLUE___local = 1, GREEN___local = 2 };

typedef struct {
	int fd;
} handle_t___local;

struct outer___local {
	long long c;
	int d;
	unsigned int grows; /* unsigned long long in the target: the load is widened */
	int a;
	short b;
	char e[3];
	int bf3 : 4;
	unsigned int bf2 : 2, bf1 : 1;
	enum color___local clr;
	struct inner___local arr[4];
	struct inner___local in;
	int flex[];
} __attribute__((preserve_access_index));

#include "core/rules.h"

struct amb___local { int x; } __attribute__((preserve_access_index));

SEC("tc") int ambiguous(struct ctx *ctx)
{
	struct amb___local *p = (void *)(long)ctx->data;
	return OFF(p->x);
}
