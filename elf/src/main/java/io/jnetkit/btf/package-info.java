/**
 * BTF, the kernel's type information, read without touching the kernel, and CO-RE relocation
 * on top of it: what libbpf's {@code btf.c} and {@code relo_core.c} do, in Java.
 *
 * <p>{@link io.jnetkit.btf.BtfTypes} reads one BTF blob — an object's {@code .BTF}, the running
 * kernel's {@code /sys/kernel/btf/vmlinux} (more than 100,000 types; parsed into flat arrays in
 * tens of milliseconds), or a module's split BTF, whose ids and string offsets continue after
 * vmlinux's — and answers what a loader or a map formatter asks: kind, name, size, members with
 * bit offsets and bitfield sizes, enumerators, arrays, sizeof, and named types by
 * <em>essential name</em> (without a {@code ___flavor} suffix). {@code bpftool btf dump file F}
 * prints the same types.
 *
 * <p>{@link io.jnetkit.btf.Core} applies a program's {@link io.jnetkit.btf.CoreRelocation}s (from
 * {@code .BTF.ext}) against {@link io.jnetkit.btf.CoreTargets}: the running kernel's vmlinux and
 * module BTF, or one BTF file given instead. Every relocation kind of uapi
 * {@code enum bpf_core_relo_kind} is handled (field byte offset, byte size, exists, signed,
 * lshift/rshift for bitfields; local and target type id, type exists, matches and size; enum
 * value exists and value, ENUM and ENUM64), with libbpf's rules; the class comment lists them.
 *
 * <p>{@link io.jnetkit.btf.BtfDumper} turns map keys and values into typed values the way
 * {@code bpftool map dump} prints its {@code "formatted"} part (and its plain text with BTF),
 * written through {@link io.jnetkit.btf.DumpWriter}, which reproduces bpftool's JSON layout byte
 * for byte; its class comment lists the renderings and the few deliberate differences.
 *
 * <p>{@link io.jnetkit.btf.FuncSignature} prints a FUNC as the one line of C that
 * {@code bpftool prog dump xlated} prints before a function ({@code int f(struct __sk_buff * skb)}).
 *
 * <p>Traps handled here:
 * <ul>
 *   <li>Bitfields: clang picks the load window from the struct's alignment, libbpf (and this
 *       package) from the field's own type; both extract the same bits, so the compiler's
 *       byte offset, size and left shift of a bitfield are not validated (its signedness and
 *       right shift are).</li>
 *   <li>Anything else is validated: the instruction must hold what the object's own BTF says
 *       clang computed, or the relocation fails instead of patching the wrong instruction.</li>
 *   <li>clang 14 (Debian 12's) writes a 64-bit enum as a 32-bit ENUM with truncated values and
 *       never sets an ENUM's signedness flag; relocations that depend on either fail validation
 *       here as under libbpf. ENUM64 and signed enums need clang 15 or newer.</li>
 *   <li>A relocation that cannot be satisfied is not an error by itself: its instruction becomes
 *       a call to helper {@link io.jnetkit.btf.Core#POISON_HELPER}, which the verifier refuses
 *       only if it reaches it; the loader maps that refusal back to the relocation.</li>
 *   <li>Module BTF is searched only when vmlinux has no candidate of the name, as libbpf does.</li>
 *   <li>Typed dumps follow bpftool, quirks included: bitfields and 128-bit ints print unsigned
 *       in hex; an enum value is read sign-extended from the enum's size and compared with each
 *       32-bit enumerator (a packed 1-byte enum's 200 prints -56); a {@code char} array is a
 *       string only when its bytes are printable up to a NUL; clang drops unnamed bitfields, so
 *       Debian 12's {@code struct bpf_timer} has no members and prints {@code {}}.</li>
 * </ul>
 */
package io.jnetkit.btf;
