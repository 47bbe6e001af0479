package io.jnetkit.elf;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.ProgramType;

import java.util.List;
import java.util.Optional;

/**
 * Program type and expected attach type from an ELF section name, the way libbpf names them
 * (its {@code section_defs}, also followed by cilium/ebpf): every name libbpf knows is parsed, so
 * {@code bpftool prog loadall} and jnetkit agree on what an object holds. A leading {@code ?}
 * ({@code SEC("?tc")}) marks a program that is not loaded unless asked for (libbpf's autoload off).
 *
 * <p>Matching, as libbpf's: a name ending in {@code +} matches itself exactly or followed by
 * {@code /anything} ({@code kprobe/tcp_connect}); one ending in {@code /} matches any name
 * starting with it; others match exactly. The first match in table order wins.
 *
 * @param type       the program type ({@link ProgramType#UNSPEC} for a name libbpf does not know)
 * @param attachType the expected attach type, or null for none
 * @param needs      what loading would need that jnetkit does not do (attach BTF ids, prog
 *                   flags, struct_ops maps), or null when jnetkit loads it
 */
record SectionKind(ProgramType type, AttachType attachType, String needs) {
    static final SectionKind UNKNOWN = new SectionKind(ProgramType.UNSPEC, null, null);

    /** Why jnetkit cannot load some kinds: each maps to a kernel input it does not provide. */
    private static final String SLEEPABLE = "it is sleepable (BPF_F_SLEEPABLE), which jnetkit does not load";
    private static final String ATTACH_BTF =
            "it needs the kernel BTF id of its attach target (attach_btf_id), which jnetkit does not resolve";
    private static final String XDP_FRAGS = "it needs BPF_F_XDP_HAS_FRAGS, which jnetkit does not set";
    private static final String STRUCT_OPS = "struct_ops programs load through a struct_ops map, which jnetkit does not support";

    private record Def(String pattern, ProgramType type, AttachType attach, String needs) {
        boolean matches(String section) {
            int n = pattern.length();
            if (pattern.endsWith("+")) {
                String base = pattern.substring(0, n - 1);
                return section.equals(base) || section.startsWith(base + "/");
            }
            if (pattern.endsWith("/")) return section.startsWith(pattern);
            return section.equals(pattern);
        }
    }

    private static Def def(String pattern, ProgramType type, AttachType attach) {
        return new Def(pattern, type, attach, null);
    }

    private static Def def(String pattern, ProgramType type, AttachType attach, String needs) {
        return new Def(pattern, type, attach, needs);
    }

    // libbpf's section names (learnt from its section_defs; this table is jnetkit's own), in its
    // matching order: more specific names before the names they start with.
    private static final List<Def> DEFS = List.of(
            def("socket", ProgramType.SOCKET_FILTER, null),
            def("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE),
            def("sk_reuseport", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT),
            def("kprobe+", ProgramType.KPROBE, null),
            def("uprobe+", ProgramType.KPROBE, null),
            def("uprobe.s+", ProgramType.KPROBE, null, SLEEPABLE),
            def("kretprobe+", ProgramType.KPROBE, null),
            def("uretprobe+", ProgramType.KPROBE, null),
            def("uretprobe.s+", ProgramType.KPROBE, null, SLEEPABLE),
            def("kprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI),
            def("kretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI),
            def("kprobe.session+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_SESSION),
            def("uprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI),
            def("uretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI),
            def("uprobe.multi.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            def("uretprobe.multi.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            def("uprobe.session+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION),
            def("uprobe.session.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, SLEEPABLE),
            def("ksyscall+", ProgramType.KPROBE, null),
            def("kretsyscall+", ProgramType.KPROBE, null),
            def("usdt+", ProgramType.KPROBE, null),
            def("usdt.s+", ProgramType.KPROBE, null, SLEEPABLE),
            def("tc/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS),
            def("tc/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS),
            def("tcx/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS),
            def("tcx/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS),
            // Legacy (cls_bpf) names: no expected attach type; they attach to tcx and netkit all the same.
            def("tc", ProgramType.SCHED_CLS, null),
            def("classifier", ProgramType.SCHED_CLS, null),
            def("action", ProgramType.SCHED_ACT, null),
            def("netkit/primary", ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY),
            def("netkit/peer", ProgramType.SCHED_CLS, AttachType.NETKIT_PEER),
            def("tracepoint+", ProgramType.TRACEPOINT, null),
            def("tp+", ProgramType.TRACEPOINT, null),
            def("raw_tracepoint+", ProgramType.RAW_TRACEPOINT, null),
            def("raw_tp+", ProgramType.RAW_TRACEPOINT, null),
            def("raw_tracepoint.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, null),
            def("raw_tp.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, null),
            def("tp_btf+", ProgramType.TRACING, AttachType.TRACE_RAW_TP, ATTACH_BTF),
            def("fentry+", ProgramType.TRACING, AttachType.TRACE_FENTRY, ATTACH_BTF),
            def("fmod_ret+", ProgramType.TRACING, AttachType.MODIFY_RETURN, ATTACH_BTF),
            def("fexit+", ProgramType.TRACING, AttachType.TRACE_FEXIT, ATTACH_BTF),
            def("fentry.s+", ProgramType.TRACING, AttachType.TRACE_FENTRY, ATTACH_BTF),
            def("fmod_ret.s+", ProgramType.TRACING, AttachType.MODIFY_RETURN, ATTACH_BTF),
            def("fexit.s+", ProgramType.TRACING, AttachType.TRACE_FEXIT, ATTACH_BTF),
            def("freplace+", ProgramType.EXT, null, ATTACH_BTF),
            def("lsm+", ProgramType.LSM, AttachType.LSM_MAC, ATTACH_BTF),
            def("lsm.s+", ProgramType.LSM, AttachType.LSM_MAC, ATTACH_BTF),
            def("lsm_cgroup+", ProgramType.LSM, AttachType.LSM_CGROUP, ATTACH_BTF),
            def("iter+", ProgramType.TRACING, AttachType.TRACE_ITER, ATTACH_BTF),
            def("iter.s+", ProgramType.TRACING, AttachType.TRACE_ITER, ATTACH_BTF),
            def("syscall", ProgramType.SYSCALL, null, SLEEPABLE),
            def("xdp.frags/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP, XDP_FRAGS),
            def("xdp/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP),
            def("xdp.frags/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP, XDP_FRAGS),
            def("xdp/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP),
            def("xdp.frags", ProgramType.XDP, AttachType.XDP, XDP_FRAGS),
            def("xdp", ProgramType.XDP, AttachType.XDP),
            def("perf_event", ProgramType.PERF_EVENT, null),
            def("lwt_in", ProgramType.LWT_IN, null),
            def("lwt_out", ProgramType.LWT_OUT, null),
            def("lwt_xmit", ProgramType.LWT_XMIT, null),
            def("lwt_seg6local", ProgramType.LWT_SEG6LOCAL, null),
            def("sockops", ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS),
            def("sk_skb/stream_parser", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER),
            def("sk_skb/stream_verdict", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT),
            def("sk_skb/verdict", ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT),
            def("sk_skb", ProgramType.SK_SKB, null),
            def("sk_msg", ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT),
            def("lirc_mode2", ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2),
            def("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR),
            def("cgroup_skb/ingress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS),
            def("cgroup_skb/egress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS),
            def("cgroup/skb", ProgramType.CGROUP_SKB, null),
            def("cgroup/sock_create", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            def("cgroup/sock_release", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE),
            def("cgroup/sock", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            def("cgroup/post_bind4", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND),
            def("cgroup/post_bind6", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND),
            def("cgroup/bind4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND),
            def("cgroup/bind6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND),
            def("cgroup/connect4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT),
            def("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT),
            def("cgroup/connect_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT),
            def("cgroup/sendmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG),
            def("cgroup/sendmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG),
            def("cgroup/sendmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG),
            def("cgroup/recvmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG),
            def("cgroup/recvmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG),
            def("cgroup/recvmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG),
            def("cgroup/getpeername4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME),
            def("cgroup/getpeername6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME),
            def("cgroup/getpeername_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME),
            def("cgroup/getsockname4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME),
            def("cgroup/getsockname6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME),
            def("cgroup/getsockname_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME),
            def("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL),
            def("cgroup/getsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT),
            def("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT),
            def("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE),
            def("struct_ops+", ProgramType.STRUCT_OPS, null, STRUCT_OPS),
            def("struct_ops.s+", ProgramType.STRUCT_OPS, null, STRUCT_OPS),
            def("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP),
            def("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER));

    /** The kind for a section name; a leading '?' (not autoloaded) is ignored here. */
    static SectionKind of(String section) {
        String s = section.startsWith("?") ? section.substring(1) : section;
        for (Def d : DEFS) {
            if (d.matches(s)) return new SectionKind(d.type, d.attach, d.needs);
        }
        return UNKNOWN;
    }

    /** True for {@code SEC("?…")}: libbpf leaves such programs unloaded unless asked for. */
    static boolean autoload(String section) {
        return !section.startsWith("?");
    }

    /** Why a program in {@code section} cannot be loaded by jnetkit, or empty when it can. */
    static Optional<String> loadProblem(String section) {
        SectionKind k = of(section);
        if (k.type == ProgramType.UNSPEC) {
            return Optional.of("section \"" + section + "\" names no program type (libbpf's names: tc, tcx/ingress, "
                    + "netkit/primary, xdp, kprobe/…, tracepoint/…, cgroup_skb/ingress, …)");
        }
        if (k.needs != null) {
            return Optional.of("section \"" + section + "\" makes a " + k.type.word() + " program, but " + k.needs);
        }
        return Optional.empty();
    }

    /** The names that make SCHED_CLS programs, for messages. */
    static final String SCHED_CLS_NAMES = "netkit/primary, netkit/peer, tcx/ingress, tcx/egress, tc/ingress, tc/egress, tc, classifier";
}
