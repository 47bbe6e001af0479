/* The programs of the CO-RE matching fixtures, compiled twice: by core_local.c against local
 * flavored types whose layout differs from the target's, and by core_target.c against the target
 * types themselves. Relocating core_local.o against core_target.o's BTF must give exactly the
 * instructions clang produced for core_target.o. T(x) names a type: x___local or x. */
#define SEC(name) __attribute__((section(name), used))
#define OFF(e) __builtin_preserve_field_info(e, 0)
#define SIZE(e) __builtin_preserve_field_info(e, 1)
#define EXISTS(e) __builtin_preserve_field_info(e, 2)
#define SIGNED(e) __builtin_preserve_field_info(e, 3)
#define LSHIFT(e) __builtin_preserve_field_info(e, 4)
#define RSHIFT(e) __builtin_preserve_field_info(e, 5)

struct ctx { unsigned long long data; };

/* Members found through anonymous unions and structs in the target. */
SEC("tc") int anon_members(struct ctx *ctx)
{
	struct T(outer) *p = (void *)(long)ctx->data;
	return OFF(p->b) + OFF(p->c) * 3 + OFF(p->d) * 7 + OFF(p->e[2]) * 11 + SIZE(p->e) * 13;
}

/* Direct loads: the offset moves, and an unsigned field that grew is loaded wider. */
SEC("tc") int loads(struct ctx *ctx)
{
	struct T(outer) *p = (void *)(long)ctx->data;
	return p->a + p->c + p->grows + p->in.y;
}

/* Bitfields: offset, size, signedness and the shifts that extract them. */
SEC("tc") int bitfields(struct ctx *ctx)
{
	struct T(outer) *p = (void *)(long)ctx->data;
	return OFF(p->bf1) + SIZE(p->bf1) + LSHIFT(p->bf1) + RSHIFT(p->bf1) + SIGNED(p->bf1)
	     + OFF(p->bf2) + SIZE(p->bf2) + LSHIFT(p->bf2) + RSHIFT(p->bf2)
	     + OFF(p->bf3) + SIZE(p->bf3) + LSHIFT(p->bf3) + RSHIFT(p->bf3) + SIGNED(p->bf3)
	     + SIGNED(p->a);
}

/* Array elements of structs, and a flexible array member (any index). */
SEC("tc") int arrays(struct ctx *ctx)
{
	struct T(outer) *p = (void *)(long)ctx->data;
	return OFF(p->arr[3].y) + SIZE(p->arr[1]) + OFF(p->arr[2]) + OFF(p->flex[100]) + OFF(p->in.z[1]);
}

/* Enum values (32 and 64 bits), types and their sizes, a typedef'd struct. */
SEC("tc") int enums_and_types(struct ctx *ctx)
{
	return __builtin_preserve_enum_value(*(enum T(color) *)T(GREEN), 1)
	     + __builtin_preserve_enum_value(*(enum T(color) *)T(BLUE), 1) * 3
	     + __builtin_preserve_type_info(*(struct T(outer) *)0, 1)
	     + __builtin_preserve_type_info(*(T(handle_t) *)0, 1)
	     + __builtin_preserve_type_info(*(T(handle_t) *)0, 0);
}

/* No ENUM64 program: clang 14 (Debian 12's) writes a 64-bit enum as a truncated 32-bit ENUM, so
 * libbpf and jnetkit alike refuse its relocation as not matching the instruction. */

char _license[] SEC("license") = "GPL";
