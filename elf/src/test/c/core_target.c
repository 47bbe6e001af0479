// SPDX-License-Identifier: GPL-2.0
/* CO-RE fixture: the target types (its .BTF is the test's target BTF) and core/rules.h's programs
 * compiled against them, which show what clang computes for this layout. */
#define T(x) x

struct inner {
	long long x;
	int y;
	short z[4];
};

enum color { RED = 10, GREEN = 20, BLUE = -30 };

typedef struct {
	int fd;
	int gen;
	long long extra;
} handle_t;

struct outer {
	char pad[5];
	int a;
	union {
		struct {
			short b;
			long long c;
		};
		int d;
	};
	unsigned long long grows;
	char e[7];
	unsigned int bf1 : 3, bf2 : 13;
	int bf3 : 20;
	enum color clr;
	struct inner in;
	struct inner arr[6];
	int flex[];
} __attribute__((preserve_access_index));

#include "core/rules.h"

/* Two flavors that disagree on x's offset: a local amb___local is ambiguous against them. */
struct amb___one { int pad; int x; };
struct amb___two { int x; };
struct amb___one amb_one;
struct amb___two amb_two;
