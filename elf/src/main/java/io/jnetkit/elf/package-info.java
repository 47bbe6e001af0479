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
 * <p>Partial loads: a program jnetkit cannot load — a section that names no program type, a
 * kind needing what jnetkit does not provide (attach BTF ids for fentry/fexit/lsm/iter/tp_btf,
 * sleepable programs, {@code xdp.frags}, struct_ops), or code using kfuncs, {@code __ksym}
 * externs or callbacks — is listed with the reason
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
 * {@code bpftool map dump} does, with {@link io.jnetkit.btf.BtfDumper}.
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
 * {@link io.jnetkit.elf.CollectionSpec#loadProblem}): externs ({@code __kconfig}, {@code __ksym}),
 * kfunc calls, callbacks, struct_ops maps.
 *
 * <p>Map-in-map: {@code __array(values, struct inner)} in an ARRAY_OF_MAPS / HASH_OF_MAPS
 * gives the inner map's definition, created as the template the kernel needs (inner_map_fd)
 * and closed after; initial values ({@code .values = { [0] = &inner_a }}) come from the
 * {@code .rel.maps} relocations and are put in once every map exists. A PROG_ARRAY's
 * {@code .values} get the programs' fds after they load; slots of programs not loaded stay
 * empty. A map reused from its pin keeps its contents.
 */
package io.jnetkit.elf;
