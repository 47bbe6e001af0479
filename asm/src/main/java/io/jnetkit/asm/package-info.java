/**
 * A kernel-free eBPF instruction model, encoder, decoder, text assembler and disassembler for
 * the instruction set the Linux kernel (up to 6.12) accepts in SCHED_CLS programs.
 *
 * <h2>Model</h2>
 * {@link io.jnetkit.asm.Insn} is one {@code struct bpf_insn} (opcode, dst, src, off, imm; plus
 * the upper half of an {@code ld_imm64}, which takes two 8-byte slots). Every {@code Insn} is
 * valid: unknown opcodes, registers outside r0..r10 and non-zero reserved fields are rejected
 * with an {@link io.jnetkit.asm.AsmException}. Covered: ALU and ALU64 (add sub mul div/sdiv or
 * and lsh rsh neg mod/smod xor mov/movsx arsh, le/be/bswap), JMP and JMP32 (goto, gotol, the
 * eleven conditions, helper / bpf-to-bpf / kfunc calls, exit), {@code ld_imm64} with every pseudo
 * source (map fd, map value, BTF id, function, map index, map index value), legacy
 * LD_ABS/LD_IND, LDX (MEM and sign-extending MEMSX), ST, STX and the atomics (add or and xor with
 * and without fetch, xchg, cmpxchg; 32- and 64-bit). Not covered: {@code callx}, and the
 * load-acquire/store-release atomics that came after 6.12. {@link io.jnetkit.asm.Opcodes} names
 * the encoding's constants, {@link io.jnetkit.asm.Helper} the helper functions by number.
 *
 * <h2>Programs</h2>
 * {@link io.jnetkit.asm.Instructions} is immutable: instructions, symbolic references
 * ({@link io.jnetkit.asm.Reference}) and labels (name to slot). A reference is what only the
 * linker or the loader can fill in, kept by name on the instruction that needs it, as
 * cilium/ebpf's instruction metadata does:
 * <ul>
 *   <li>{@link io.jnetkit.asm.MapRef}: "the ld_imm64 at slot 5 loads map {@code counters}" (or an
 *       address in its value, the offset in the second immediate);</li>
 *   <li>{@link io.jnetkit.asm.FuncRef}: a bpf-to-bpf call of, or a callback address of, a function
 *       outside the program; {@link io.jnetkit.asm.Instructions#link} appends each such function
 *       once, breadth first, and fixes the pc-relative offsets;</li>
 *   <li>{@link io.jnetkit.asm.KernelRef}: a kfunc call or an {@code __ksym} load by name.</li>
 * </ul>
 * {@link io.jnetkit.asm.Instructions#resolve} asks a {@link io.jnetkit.asm.Resolver} for each map's
 * fd and each kernel symbol's instruction at load time and returns a program with no references
 * left. The ELF loader, the policy compiler and hand-written programs all hand this one model to
 * {@code io.jnetkit.bpf.ProgramSpec}; nothing patches bytes.
 * {@link io.jnetkit.asm.Instructions#toBytes()} gives the little-endian image for
 * {@code BPF_PROG_LOAD}; {@link io.jnetkit.asm.Instructions#decode(byte[])} reads one back, with the
 * slot index in every error. Addresses and jump offsets count slots, not instructions.
 *
 * <h2>Builder</h2>
 * {@link io.jnetkit.asm.Asm} builds programs fluently, with labels resolved at build time:
 * <pre>{@code
 * import static io.jnetkit.asm.Reg.*;
 * import static io.jnetkit.asm.Size.*;
 *
 * Instructions p = Asm.program()
 *     .loadMem(W, R2, R1, 16)            // r2 = *(u32 *)(r1 + 16)
 *     .jneImm(R2, 0x0008, "out")         // if r2 != 8 goto out
 *     .ldMapFd(R1, "counters")           // r1 = map(counters) ll
 *     .call(Helper.MAP_LOOKUP_ELEM)      // call 1
 *     .label("out")
 *     .movImm(R0, 0)                     // r0 = 0
 *     .exit()
 *     .build();
 * }</pre>
 *
 * <h2>Text</h2>
 * The syntax is llvm-objdump's for BPF ({@code r1 = *(u32 *)(r1 + 76)},
 * {@code if r2 > r3 goto +5}, {@code w0 = 1}, {@code r1 = 0 ll}, {@code call 1},
 * {@code lock *(u64 *)(r1 + 0) += r2}, {@code r1 = be16 r1}, {@code exit}), decimal or hex.
 * {@link io.jnetkit.asm.Assembler} reads it, including {@code llvm-objdump -d} output verbatim;
 * {@link io.jnetkit.asm.Disassembler} prints it, by default with raw {@code +N} offsets, the
 * program's labels on lines of their own and decimal numbers; labels for targets, hex numbers,
 * objdump-style addresses and bytes are options. Where objdump's text is ambiguous or lossy the
 * syntax extends it:
 * <ul>
 *   <li>bpf-to-bpf calls print as {@code call pc+N} (or {@code call label}); objdump's
 *       {@code call -1} (an unrelocated local call) reads as pc-relative, since helper numbers
 *       are never negative;</li>
 *   <li>kfunc calls print as {@code call kfunc(BTF_ID)} or {@code call kfunc(BTF_ID, FD_INDEX)};</li>
 *   <li>references print by name: {@code call func(NAME)}, {@code rX = func(NAME) ll} (a label of
 *       the program if it has one, else a function to link), {@code call kfunc(NAME)},
 *       {@code rX = ksym(NAME) ll};</li>
 *   <li>{@code ld_imm64} with a pseudo source prints as {@code map(NAME)}, {@code map_fd(FD)},
 *       {@code map_value(NAME|FD, OFF)}, {@code btf_id(ID)} (or {@code btf_id(ID, BTF_FD)} for a module's), {@code func(TARGET)},
 *       {@code map_idx(I)} or {@code map_idx_value(I, OFF)}, each followed by {@code ll}
 *       (objdump's {@code ld_pseudo r1, 1, 3} is read too, but drops the second immediate);</li>
 *   <li>LD_IND with an immediate prints as {@code r0 = *(u16 *)skb[r3 + 4]};</li>
 *   <li>{@code call NAME} calls the label NAME if the program has one, else the helper NAME
 *       ({@code bpf_} prefix optional).</li>
 * </ul>
 * The round trips hold for every valid program: {@code Asm.assemble(d.disassemble(p))} equals
 * {@code p} (with {@link io.jnetkit.asm.Disassembler#withLabels()}, generated {@code L<slot>}
 * labels are added to the symbol table), and disassembling assembled text gives the same
 * normalised text.
 */
package io.jnetkit.asm;
