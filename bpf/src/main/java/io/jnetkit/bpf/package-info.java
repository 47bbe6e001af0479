/**
 * BPF programs, maps and links for netkit and tcx, over bpf(2) through FFM.
 *
 * <p>Instructions: a {@code ProgramSpec} holds the assembler's model, {@link io.jnetkit.asm.Instructions},
 * with maps, functions and kernel symbols kept by name ({@link io.jnetkit.asm.Reference});
 * {@link io.jnetkit.bpf.Program#load(ProgramSpec, io.jnetkit.asm.Resolver, DebugInfo, int[])}
 * resolves them (map fds from the maps given, kfunc BTF ids from the ELF loader's resolver) and
 * encodes the program once. {@link io.jnetkit.bpf.Bytecode} is raw 8-byte slots: a way to write a
 * test program by hand (decoded into the model) and what the kernel hands back (xlated code).
 *
 * <p>Shape (after cilium/ebpf): kernel-free specs ({@link io.jnetkit.bpf.ProgramSpec},
 * {@link io.jnetkit.bpf.MapSpec}) and live objects that own
 * a descriptor ({@link io.jnetkit.bpf.Program}, {@link io.jnetkit.bpf.BpfMap},
 * {@link io.jnetkit.bpf.BpfLink}). Placement on multi-program hooks is an
 * {@link io.jnetkit.bpf.Anchor}; {@link io.jnetkit.bpf.Attachments} attaches, detaches and
 * queries; {@link io.jnetkit.bpf.BpfObjects} lists everything on the system;
 * {@link io.jnetkit.bpf.Features} probes the kernel; {@link io.jnetkit.bpf.TracePipe} reads what
 * {@code bpf_printk} writes. {@link io.jnetkit.bpf.Btf} loads BTF and reads a loaded BTF object
 * back by id ({@code bpftool btf dump id N}); {@link io.jnetkit.bpf.BpfMap#btfIds()} names a map's
 * key and value types in it, which {@code io.jnetkit.elf.MapFormat} formats as bpftool does;
 * {@link io.jnetkit.bpf.Program#sourceLines()} and {@link io.jnetkit.bpf.Program#functions()} read
 * a program's BTF line and func info back against its translated instructions (what
 * {@code bpftool prog dump xlated} prints; {@code io.jnetkit.elf.ProgramFunction} gives each
 * function its prototype).
 *
 * <p>Kernel traps handled or documented here:
 * <ul>
 *   <li>netkit (6.7): both hooks are addressed with the <em>primary's</em> ifindex (the peer's is
 *       EACCES), and every ifindex is resolved in the calling <em>thread's</em> netns — use the
 *       {@code NetNs} overloads. A PEER link's info reports the peer's ifindex.</li>
 *   <li>Verifier: programs load without a log first; on failure they are loaded again with a log
 *       that grows on ENOSPC (a too-small log fails even a valid program) up to 16 MiB, and the
 *       error shows the log's last lines ({@link io.jnetkit.bpf.VerifierException}).</li>
 *   <li>Revisions: an empty hook is at revision 1; each attach/detach adds 1; a stale expected
 *       revision is ESTALE. Removing the last program frees the list and the revision is 1 again
 *       (tcx 6.18, netkit 6.12), so a revision alone cannot tell "never used" from "emptied".</li>
 *   <li>Links detach when their last descriptor closes: pin them to outlive the process.
 *       Programs attached with BPF_PROG_ATTACH stay until detached or the device goes.</li>
 * </ul>
 */
package io.jnetkit.bpf;
