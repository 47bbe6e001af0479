/**
 * Reading eBPF objects compiled by {@code clang -O2 -g -target bpf} (clang 14 and newer) and
 * loading them, in pure Java: the part of libbpf / cilium/ebpf that turns an {@code .o} into
 * maps and programs.
 *
 * <p>{@link io.jnetkit.elf.CollectionSpec} reads the ELF without touching the kernel (every
 * read is bounds-checked; a malformed file is an {@link io.jnetkit.elf.ElfException}, never an
 * index exception): programs by section name, parsed the way libbpf names them (every name of
 * its section table, with its {@code name+} and {@code name/} matching; e.g. {@code netkit/primary}
 * and {@code netkit/peer} → SCHED_CLS with expected attach type 54/55, Linux 6.7;
 * {@code tcx/ingress}, {@code tc/ingress} → 46, 6.6; legacy {@code tc} and {@code classifier} →
 * none; {@code kprobe/…}, {@code xdp}, {@code cgroup_skb/ingress} …); BTF map definitions in
 * {@code .maps} and legacy {@code struct bpf_map_def} in {@code maps} (also iproute2's longer
 * {@code struct bpf_elf_map}: pinning PIN_GLOBAL_NS is read as pinning by name; its per-object
 * pinning, map ids and inner-map fields are refused); global data ({@code .data}, {@code .bss},
 * {@code .rodata*}) as single-element array maps with their initial bytes; bpf-to-bpf calls
 * (the called {@code .text} functions are appended to each program and call offsets fixed).
 * {@link io.jnetkit.elf.BpfCollection#load} creates and loads them.
 *
 * <p>One instruction model: each program is the assembler's {@link io.jnetkit.asm.Instructions},
 * the same model the policy compiler and hand-written programs use. Each function's code becomes
 * instructions whose relocations are symbolic references ({@link io.jnetkit.asm.MapRef} for maps
 * and global data, {@link io.jnetkit.asm.KernelRef} for kfuncs and {@code __ksym}s,
 * {@link io.jnetkit.asm.FuncRef} for bpf-to-bpf calls and callbacks);
 * {@link io.jnetkit.asm.Instructions#link} lays out the functions, CO-RE
 * ({@link io.jnetkit.btf.Core}) rewrites instructions, and at load a
 * {@link io.jnetkit.asm.Resolver} gives map fds and kernel BTF ids — no byte is patched.
 * {@link io.jnetkit.elf.ElfProgram#objectCode()} keeps clang's bytes only for showing them.
 *
 * <p>Partial loads: a program jnetkit cannot load — a section that names no program type, a
 * kind needing what jnetkit does not provide (attach BTF ids for fentry/fexit/lsm/iter/tp_btf,
 * sleepable programs, {@code xdp.frags}, struct_ops), or code calling an extern function that is
 * no {@code __ksym} kfunc (a function of another object, not linked in) — is listed with the reason
 * ({@link io.jnetkit.elf.CollectionSpec#loadProblem}) and skipped, never blocking the others;
 * {@code SEC("?…")} programs load only when named
 * ({@link io.jnetkit.elf.BpfCollection#load(CollectionSpec, java.util.Set)}).
 *
 * <p>Maps are created with BTF key/value type ids when the object's BTF loads (from
 * {@code __type(key/value, …)}; for global data key 0 and the section's DATASEC, as libbpf; for
 * legacy maps from iproute2's {@code ____btf_map_<name>} annotation), so values holding
 * {@code struct bpf_spin_lock}, timers or kptrs work and {@code bpftool map dump} prints typed
 * values. A map whose types the kernel refuses is created without them (as libbpf does) and
 * {@link io.jnetkit.elf.BpfCollection#btfProblem()} says so — unless its value needs BTF, which
 * is then a clear {@link io.jnetkit.elf.ElfException}. {@link io.jnetkit.elf.MapFormat} reads a
 * live map's types back from the kernel (its BTF object by id) and formats its entries as
 * {@code bpftool map dump} does, with {@link io.jnetkit.btf.BtfDumper}; {@link io.jnetkit.elf.ProgramFunction}
 * reads a loaded program's functions and their prototypes ({@link io.jnetkit.btf.FuncSignature}) as
 * {@code bpftool prog dump xlated} prints them.
 *
 * <p>Limits: an object may ask for at most 128 MiB of zero-initialised data ({@code .bss*},
 * NOBITS) in all and 64 MiB per section — everything else read is bounded by the file's own
 * size, so reading an object never needs much more than twice its size plus that budget.
 * A perf event array without {@code max_entries} gets one entry per possible CPU (libbpf's
 * rule); a ring buffer without one, a map of type 0, a non-zero initialiser in {@code .maps}
 * and {@code .struct_ops}/{@code .struct_ops.link} sections are refused as ElfException.
 *
 * <p>Kernel traps handled here:
 * <ul>
 *   <li>clang leaves DATASEC sizes (and sometimes VAR offsets) for the loader; the kernel's BTF
 *       check refuses them unfixed. They are set from the ELF section sizes and symbol values.</li>
 *   <li>{@code .BTF.ext} counts {@code insn_off} in bytes from the section start; PROG_LOAD wants
 *       instructions from the program start, and exactly one func_info per function.</li>
 *   <li>Global data is referenced by {@code ld_imm64} with src BPF_PSEUDO_MAP_VALUE (Linux 5.2):
 *       map fd in the first slot's imm, byte offset in the second's.</li>
 *   <li>{@code .rodata} is created with BPF_F_RDONLY_PROG and frozen (BPF_MAP_FREEZE, 5.2) after
 *       its initial value is written, so the verifier treats {@code const volatile} values as
 *       constants and prunes dead branches; set them before load with
 *       {@link io.jnetkit.elf.CollectionSpec#setVariable}.</li>
 *   <li>A verifier log shows source lines ({@code ; return x;}) only when the program is loaded
 *       with prog_btf_fd and line_info; if the kernel refuses the BTF, programs load without it
 *       and {@link io.jnetkit.elf.BpfCollection#btfProblem()} keeps the reason.</li>
 *   <li>Unreferenced {@code .text} functions are not appended: the verifier rejects unreachable
 *       instructions.</li>
 *   <li>CO-RE: {@code .BTF.ext}'s relocation records are rebased per program like func and line
 *       info and applied just before PROG_LOAD ({@code CoreRelocator}, with {@link io.jnetkit.btf.Core})
 *       against {@code /sys/kernel/btf/vmlinux} and module BTF, or the BTF given to
 *       {@link io.jnetkit.elf.CollectionSpec#setTargetBtf}. A relocation the target cannot satisfy
 *       poisons its instruction; if the verifier reaches it, the
 *       {@link io.jnetkit.bpf.VerifierException} says "CO-RE relocation failed: KIND TYPE ACCESS"
 *       and why, never a guess. An ambiguous or malformed relocation is an ElfException.</li>
 *   <li>A linked object ({@code bpftool gen object}) lists a DATASEC's variables file by file,
 *       and its files may each have a {@code static} of the same name: each VAR keeps the
 *       offset of its own symbol, and the entries are sorted by offset, as the kernel wants.</li>
 * </ul>
 * Not supported (a clear {@link io.jnetkit.elf.ElfException}, or for one program a
 * {@link io.jnetkit.elf.CollectionSpec#loadProblem}): struct_ops maps; externs other than
 * {@code __ksym} and {@code __kconfig} (an undefined function or variable of another object:
 * link the objects with {@code bpftool gen object}); libbpf's {@code LINUX_HAS_*} kconfig
 * pseudo-options.
 *
 * <p>Externs and callbacks, as libbpf does them (resolved at {@link io.jnetkit.elf.BpfCollection#load},
 * against the running kernel; {@code bpftool prog loadall} of the same object gives the same results):
 * <ul>
 *   <li>kfunc calls ({@code extern int bpf_x(…) __ksym;}, Linux 5.13): the FUNC is looked up by name
 *       in {@code /sys/kernel/btf/vmlinux}, then in each loaded module's BTF; the call gets src
 *       BPF_PSEUDO_KFUNC_CALL and the FUNC's id; for a module, PROG_LOAD's {@code fd_array} gets the
 *       module's BTF fd (opened by id, {@code bpftool btf list}) and the call's off its index (slot 0
 *       means vmlinux). The kernel's FUNC_PROTO must be compatible with the object's — same number of
 *       parameters, each and the return type of the same kind after typedefs and qualifiers
 *       (integers, enums, structs by kind alone; pointers and arrays by what they point at), libbpf's
 *       rule; else an ElfException names both prototypes. A {@code __weak} kfunc the kernel lacks:
 *       {@code bpf_ksym_exists()} is 0 and its calls are poisoned (a helper call no kernel has), so
 *       only a call the verifier reaches fails: "load program P: calls __weak kfunc X, which the
 *       kernel does not have". A strong one the kernel lacks: ElfException at load, naming it.</li>
 *   <li>{@code __ksym} variables: a typed one ({@code extern const struct rq runqueues __ksym;}) is an
 *       {@code ld_imm64} with src BPF_PSEUDO_BTF_ID (5.10), the VAR's id and, for a module, its BTF
 *       fd in the second imm; its type is checked like a kfunc's. The kernel takes the address from
 *       kallsyms, which has data symbols only with CONFIG_KALLSYMS_ALL (Debian's kernels have it).
 *       A typeless one ({@code extern const void x __ksym;}) gets its address from
 *       {@code /proc/kallsyms} (src 0; all-zero addresses — kptr_restrict — are refused). A
 *       {@code __weak} one the kernel lacks is 0.</li>
 *   <li>{@code __kconfig} externs live in a {@code .kconfig} array map of one element, created
 *       read-only for programs (BPF_F_RDONLY_PROG), filled and frozen before the programs load,
 *       referenced by BPF_PSEUDO_MAP_VALUE, as libbpf's. Values: {@code LINUX_KERNEL_VERSION} from
 *       the release ({@code uname -r}; Ubuntu's {@code /proc/version_signature} first), {@code CONFIG_*}
 *       from {@code /boot/config-$(uname -r)}, else {@code /proc/config.gz}. libbpf's typing: a
 *       {@code _Bool} takes y/n, {@code enum libbpf_tristate} y/n/m (1/0/2), a {@code char} y/n/m as the
 *       letter or a number, an integer only a number that fits, a {@code char[N]} only a string
 *       (cut to N-1 bytes); anything else is an ElfException at load (a struct already at read).
 *       A {@code __weak} option the config does not set is 0; a strong one is an ElfException.</li>
 *   <li>Callbacks ({@code bpf_loop}, {@code bpf_for_each_map_elem}, timers): an {@code ld_imm64} of a
 *       static function's address (clang 14 leaves src 0 and the function's byte offset in its
 *       section) gets src BPF_PSEUDO_FUNC and an imm relative to the next instruction, like a call;
 *       the function is appended to the program with its func_info. A call or address landing
 *       inside a function rather than at its start is a load problem of that program.</li>
 *   <li>The object's BTF is fixed for the kernel, which refuses extern linkage: extern VARs and
 *       FUNCs become global (an extern FUNC's unnamed parameters take its name), and DATASEC
 *       {@code .ksyms} gets an int VAR of the same name for each FUNC and int for typeless VARs
 *       (new types are appended, so no id changes); {@code .kconfig}'s offsets are the map's.</li>
 * </ul>
 *
 * <p>Map-in-map: {@code __array(values, struct inner)} in an ARRAY_OF_MAPS / HASH_OF_MAPS
 * gives the inner map's definition, created as the template the kernel needs (inner_map_fd)
 * and closed after; initial values ({@code .values = { [0] = &inner_a }}) come from the
 * {@code .rel.maps} relocations and are put in once every map exists. A PROG_ARRAY's
 * {@code .values} get the programs' fds after they load; slots of programs not loaded stay
 * empty. A map reused from its pin keeps its contents.
 */
package io.jnetkit.elf;
