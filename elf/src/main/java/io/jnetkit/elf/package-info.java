/**
 * Reading eBPF objects compiled by {@code clang -O2 -g -target bpf} (clang 14 and newer) and
 * loading them, in pure Java: the part of libbpf / cilium/ebpf that turns an {@code .o} into
 * maps and programs.
 *
 * <p>{@link io.jnetkit.elf.CollectionSpec} reads the ELF without touching the kernel (every
 * read is bounds-checked; a malformed file is an {@link io.jnetkit.elf.ElfException}, never an
 * index exception): programs by section name following libbpf's conventions for SCHED_CLS
 * ({@code netkit/primary} and {@code netkit/peer} → expected attach type 54/55, Linux 6.7;
 * {@code tcx/ingress}, {@code tcx/egress}, {@code tc/ingress}, {@code tc/egress} → 46/47, 6.6;
 * legacy {@code tc} and {@code classifier} → none); BTF map definitions in {@code .maps} and
 * legacy {@code struct bpf_map_def} in {@code maps}; global data ({@code .data}, {@code .bss},
 * {@code .rodata*}) as single-element array maps with their initial bytes; bpf-to-bpf calls
 * (the called {@code .text} functions are appended to each program and call offsets fixed).
 * {@link io.jnetkit.elf.BpfCollection#load} creates and loads them.
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
 * </ul>
 * Not supported (a clear {@link io.jnetkit.elf.ElfException}): externs ({@code __kconfig},
 * {@code __ksym}), kfunc calls, callbacks, map-in-map initial values.
 */
package io.jnetkit.elf;
