package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;
import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Attaching programs to tcx and netkit hooks, detaching them, and listing what is attached.
 *
 * <p>Two ways to attach: {@link #attachLink} (BPF_LINK_CREATE, preferred: the attachment is a
 * {@link BpfLink} object that detaches when closed and can be pinned or updated atomically) and
 * {@link #attachProg} (legacy BPF_PROG_ATTACH: the kernel holds the program until
 * {@link #detachProg} or device deletion, independent of any descriptor).
 *
 * <p><b>Namespaces:</b> the kernel looks the hook's ifindex up in the calling thread's network
 * namespace. Every method has an overload taking a {@link NetNs} that runs the call inside it
 * on a fresh platform thread; the returned {@link BpfLink} then works from any thread.
 *
 * <p><b>netkit:</b> both netkit hooks use the primary's ifindex (peer's → EACCES); a
 * non-netkit device gives ENXIO; a kernel without netkit EINVAL.
 *
 * <p><b>Expected revision:</b> 0 means "don't check"; otherwise the change happens only if the
 * hook's revision (see {@link HookQuery#revision()}) still equals it, else ESTALE.
 */
public final class Attachments {
    private Attachments() {}

    // ------------------------------------------------------------ links

    /** Attaches {@code program} at the end of {@code hook}'s list as a link (cilium/ebpf: link.AttachTCX / link.AttachNetkit). */
    public static BpfLink attachLink(Program program, Hook hook) {
        return attachLink(program, hook, null, 0);
    }

    /** Attaches as a link at {@code anchor} (null = append). */
    public static BpfLink attachLink(Program program, Hook hook, Anchor anchor) {
        return attachLink(program, hook, anchor, 0);
    }

    /**
     * Attaches {@code program} to {@code hook} as a link (BPF_LINK_CREATE), placed by
     * {@code anchor} (null = append), only if the hook is still at {@code expectedRevision}
     * (0 = any). Errors: EEXIST (program already on this hook), ESTALE (revision moved on),
     * ENOENT (anchor not in the list), ERANGE (64 programs already, or conflicting anchor).
     */
    public static BpfLink attachLink(Program program, Hook hook, Anchor anchor, long expectedRevision) {
        Placement p = Placement.of(anchor);
        String what = "attach " + Names.label("program", program.name()) + " to " + hook;
        int raw = withHint(hook, anchor, expectedRevision, () -> Bpf.linkCreate(what, program.fd().value(), hook.ifindex(),
                hook.attachType().value(), p.flags(), p.relative(), expectedRevision));
        return BpfLink.adopt(raw, "link of " + program.name() + " on " + hook);
    }

    /** {@link #attachLink(Program, Hook, Anchor, long)} with the ifindex resolved in {@code netns}. */
    public static BpfLink attachLink(NetNs netns, Program program, Hook hook, Anchor anchor, long expectedRevision) {
        return netns.callInPlace(() -> attachLink(program, hook, anchor, expectedRevision));
    }

    // ------------------------------------------------------------ links of other kinds

    /**
     * Attaches an XDP program to device {@code ifindex} of the calling thread's namespace as a link
     * (BPF_LINK_CREATE, Linux 5.9); the kernel runs it natively where the driver can, else in
     * generic mode. cilium/ebpf: link.AttachXDP; {@code ip link set dev X xdp obj F} attaches the
     * same program without a link. EBUSY when a program is already attached there without one.
     */
    public static BpfLink attachXdpLink(Program program, int ifindex) {
        String what = "attach " + Names.label("program", program.name()) + " to xdp of ifindex " + ifindex;
        return BpfLink.adopt(Bpf.linkCreate(what, program.fd().value(), ifindex, AttachType.XDP.value(), 0, 0, 0),
                "xdp link of " + program.name());
    }

    /** {@link #attachXdpLink(Program, int)} with the ifindex resolved in {@code netns}. */
    public static BpfLink attachXdpLink(NetNs netns, Program program, int ifindex) {
        return netns.callInPlace(() -> attachXdpLink(program, ifindex));
    }

    /**
     * Attaches a cgroup program (cgroup_skb, cgroup_sock, …) to the cgroup v2 directory
     * {@code cgroup} at {@code attachType} as a link (BPF_LINK_CREATE, Linux 5.7), beside any
     * others there. cilium/ebpf: link.AttachCgroup; {@code bpftool cgroup attach CGROUP TYPE PROG
     * multi} attaches without a link. EINVAL when the program type does not fit the hook.
     */
    public static BpfLink attachCgroupLink(Program program, java.nio.file.Path cgroup, AttachType attachType) {
        String what = "attach " + Names.label("program", program.name()) + " to cgroup " + cgroup + " " + attachType.word();
        try (io.jnetkit.sys.Fd dir = io.jnetkit.sys.internal.Linux.open(cgroup.toString(),
                io.jnetkit.sys.internal.Linux.O_RDONLY, 0)) {
            return BpfLink.adopt(Bpf.linkCreate(what, program.fd().value(), dir.value(), attachType.value(), 0, 0, 0),
                    "cgroup link of " + program.name());
        }
    }

    /**
     * Attaches a flow dissector or sk_lookup program to network namespace {@code netns} as a link
     * (BPF_LINK_CREATE, Linux 5.8). cilium/ebpf: link.AttachNetNs; {@code bpftool prog attach PROG
     * flow_dissector} attaches without a link. A namespace takes one flow dissector: E2BIG when
     * it has a link already, EEXIST when one was attached without a link.
     */
    public static BpfLink attachNetnsLink(Program program, NetNs netns, AttachType attachType) {
        String what = "attach " + Names.label("program", program.name()) + " to netns " + netns.label() + " "
                + attachType.word();
        return BpfLink.adopt(Bpf.linkCreate(what, program.fd().value(), netns.fd().value(), attachType.value(), 0, 0, 0),
                "netns link of " + program.name());
    }

    /**
     * Attaches an sk_skb or sk_msg program to a sockmap or sockhash {@code map} at
     * {@code attachType} (stream parser/verdict, skb verdict, msg verdict) as a link
     * (BPF_LINK_CREATE, Linux 6.10). cilium/ebpf: link.AttachRawLink; {@code bpftool prog attach
     * PROG stream_verdict MAP} attaches without a link. EBUSY when the map has one there.
     */
    public static BpfLink attachSockmapLink(Program program, BpfMap map, AttachType attachType) {
        String what = "attach " + Names.label("program", program.name()) + " to " + Names.label("map", map.name())
                + " " + attachType.word();
        return BpfLink.adopt(Bpf.linkCreate(what, program.fd().value(), map.fd().value(), attachType.value(), 0, 0, 0),
                "sockmap link of " + program.name());
    }

    // ------------------------------------------------------------ legacy attach

    /** Attaches at the end of the list with BPF_PROG_ATTACH (no link; stays until {@link #detachProg}). */
    public static void attachProg(Program program, Hook hook) {
        attachProg(program, hook, null, 0);
    }

    /**
     * BPF_PROG_ATTACH in its mprog form: placed by {@code anchor} (null = append), conditional
     * on {@code expectedRevision} (0 = any). The kernel takes its own reference: closing
     * {@code program} does not detach it. {@code bpftool net attach tcx_ingress …}.
     */
    public static void attachProg(Program program, Hook hook, Anchor anchor, long expectedRevision) {
        Placement p = Placement.of(anchor);
        String what = "attach " + Names.label("program", program.name()) + " to " + hook;
        withHint(hook, anchor, expectedRevision, () -> {
            Bpf.progAttach(what, hook.ifindex(), program.fd().value(), hook.attachType().value(), p.flags(), 0,
                    p.relative(), expectedRevision);
            return 0;
        });
    }

    /** {@link #attachProg(Program, Hook, Anchor, long)} with the ifindex resolved in {@code netns}. */
    public static void attachProg(NetNs netns, Program program, Hook hook, Anchor anchor, long expectedRevision) {
        netns.callInPlace(() -> { attachProg(program, hook, anchor, expectedRevision); return null; });
    }

    /** Detaches {@code program} attached with {@link #attachProg} (BPF_PROG_DETACH). EBUSY if a link owns it. */
    public static void detachProg(Program program, Hook hook) {
        detachProg(program, hook, 0);
    }

    /** {@link #detachProg(Program, Hook)}, only if the hook is still at {@code expectedRevision} (0 = any). */
    public static void detachProg(Program program, Hook hook, long expectedRevision) {
        String what = "detach " + Names.label("program", program.name()) + " from " + hook;
        withHint(hook, null, expectedRevision, () -> {
            Bpf.progDetach(what, hook.ifindex(), program.fd().value(), hook.attachType().value(), 0, 0,
                    expectedRevision);
            return 0;
        });
    }

    /** {@link #detachProg(Program, Hook, long)} with the ifindex resolved in {@code netns}. */
    public static void detachProg(NetNs netns, Program program, Hook hook, long expectedRevision) {
        netns.callInPlace(() -> { detachProg(program, hook, expectedRevision); return null; });
    }

    // ------------------------------------------------------------ query

    /**
     * Lists what is attached to {@code hook}, in run order, with the hook's revision
     * (BPF_PROG_QUERY). Asks with room for 64 (the kernel's maximum) and asks again if the
     * list grew meanwhile (ENOSPC).
     */
    public static HookQuery query(Hook hook) {
        String what = "query " + hook;
        int capacity = BpfAbi.BPF_MPROG_MAX;
        for (int attempt = 0; ; attempt++) {
            int cap = capacity;
            Bpf.QueryRaw raw = withHint(hook, null, 0, () -> Bpf.progQuery(what, hook.ifindex(), hook.attachType().value(), cap));
            if (raw.truncated() && attempt < 8) {
                capacity = Math.max(capacity * 2, raw.count());
                continue;
            }
            List<HookQuery.Entry> entries = new ArrayList<>(raw.progIds().length);
            for (int i = 0; i < raw.progIds().length; i++) {
                entries.add(new HookQuery.Entry(raw.progIds()[i], raw.linkIds()[i]));
            }
            return new HookQuery(hook, raw.revision(), entries);
        }
    }

    /**
     * The programs attached to network namespace {@code netns} at {@code attachType}
     * ({@link AttachType#FLOW_DISSECTOR}, {@link AttachType#SK_LOOKUP}), by link or not
     * (BPF_PROG_QUERY on the namespace, Linux 5.8): what {@code bpftool net show} lists as
     * {@code flow_dissector}. A namespace holds one flow dissector at most.
     */
    public static List<Integer> queryNetns(NetNs netns, AttachType attachType) {
        String what = "query netns " + netns.label() + " " + attachType.word();
        // sk_lookup takes up to 64 links; the query says how many when there are more than asked for
        int capacity = BpfAbi.BPF_MPROG_MAX;
        Bpf.QueryRaw raw = Bpf.progQuery(what, netns.fd().value(), attachType.value(), capacity);
        if (raw.truncated()) raw = Bpf.progQuery(what, netns.fd().value(), attachType.value(), raw.count());
        List<Integer> out = new ArrayList<>(raw.progIds().length);
        for (int id : raw.progIds()) out.add(id);
        return out;
    }

    /** {@link #query(Hook)} with the ifindex resolved in {@code netns}. */
    public static HookQuery query(NetNs netns, Hook hook) {
        return netns.callInPlace(() -> query(hook));
    }

    // ------------------------------------------------------------ errors

    private static <T> T withHint(Hook hook, Anchor anchor, long expectedRevision, Supplier<T> call) {
        try {
            return call.get();
        } catch (KernelException e) {
            String hint = e.errno() == Errno.ENOENT && anchor != null ? anchorHint(anchor, hook)
                    : hint(e.errno(), hook, expectedRevision);
            if (hint == null || e.hint() != null) throw e;
            throw e.withHint(hint);
        }
    }

    /**
     * ENOENT on an attach placed relative to something: the kernel found no such program or
     * link in the hook's list (or none with that id at all). Head and tail have nothing to miss.
     */
    static String anchorHint(Anchor anchor, Hook hook) {
        String where = switch (anchor) {
            case Anchor.BeforeProgram b -> "program " + label(b.program()) + " on " + hook + " to place before";
            case Anchor.AfterProgram a -> "program " + label(a.program()) + " on " + hook + " to place after";
            case Anchor.BeforeLink b -> "link id " + b.link().id() + " on " + hook + " to place before";
            case Anchor.AfterLink a -> "link id " + a.link().id() + " on " + hook + " to place after";
            case Anchor.BeforeProgramId b -> "program id " + b.programId() + " on " + hook + " to place before";
            case Anchor.AfterProgramId a -> "program id " + a.programId() + " on " + hook + " to place after";
            case Anchor.BeforeLinkId b -> "link id " + b.linkId() + " on " + hook + " to place before";
            case Anchor.AfterLinkId a -> "link id " + a.linkId() + " on " + hook + " to place after";
            case Anchor.Head h -> null;
            case Anchor.Tail t -> null;
        };
        return where == null ? null : "no " + where;
    }

    private static String label(Program p) {
        String name = p.name().isEmpty() ? "" : p.name() + " ";
        try {
            return name + "(id " + p.id() + ")";
        } catch (KernelException e) {
            return name.isEmpty() ? "(unnamed)" : name.strip();
        }
    }

    static String hint(int errno, Hook hook, long expectedRevision) {
        boolean netkit = hook.point().netkit();
        return switch (errno) {
            case Errno.ENODEV -> "no device with ifindex " + hook.ifindex()
                    + " in this thread's network namespace (use the NetNs overload)";
            case Errno.EACCES -> netkit ? "ifindex " + hook.ifindex()
                    + " is a netkit peer; netkit programs are managed through the primary's ifindex" : null;
            case Errno.ENXIO -> netkit ? "ifindex " + hook.ifindex() + " is not a netkit device" : null;
            case Errno.ESTALE -> "the hook is no longer at revision " + expectedRevision + "; query it again";
            case Errno.EEXIST -> "this program is already attached to this hook";
            case Errno.ERANGE -> "at most " + BpfAbi.BPF_MPROG_MAX + " programs per hook, or a conflicting anchor";
            case Errno.EBUSY -> "the program is attached through a link; close or detach the link instead";
            case Errno.EINVAL -> netkit ? "is this kernel older than 6.7 or built without CONFIG_NETKIT? "
                    + "(see Features.netkit())" : null;
            default -> null;
        };
    }
}
