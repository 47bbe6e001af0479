package io.jnetkit.elf;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.ProgramType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section names the way libbpf reads them, and what the reader lists for programs it cannot load. */
class SectionKindTest {
    private static void kind(String section, ProgramType type, AttachType attach) {
        SectionKind k = SectionKind.of(section);
        assertEquals(type, k.type(), section);
        assertEquals(attach, k.attachType(), section);
    }

    @Test
    void libbpfNames() {
        kind("netkit/primary", ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY);
        kind("netkit/peer", ProgramType.SCHED_CLS, AttachType.NETKIT_PEER);
        kind("tc/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS);
        kind("tcx/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS);
        kind("tc", ProgramType.SCHED_CLS, null);
        kind("classifier", ProgramType.SCHED_CLS, null);
        kind("action", ProgramType.SCHED_ACT, null);
        kind("xdp", ProgramType.XDP, AttachType.XDP);
        kind("xdp/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP);
        kind("xdp.frags/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP);
        kind("socket", ProgramType.SOCKET_FILTER, null);
        kind("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE);
        kind("sk_reuseport", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT);
        kind("kprobe", ProgramType.KPROBE, null);
        kind("kprobe/tcp_connect", ProgramType.KPROBE, null);
        kind("kretprobe/tcp_connect", ProgramType.KPROBE, null);
        kind("kprobe.multi/tcp_*", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI);
        kind("uprobe.multi.s//bin/true:main", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI);
        kind("usdt/libc:probe", ProgramType.KPROBE, null);
        kind("tracepoint/syscalls/sys_enter_openat", ProgramType.TRACEPOINT, null);
        kind("tp/sched/sched_switch", ProgramType.TRACEPOINT, null);
        kind("raw_tp/sched_switch", ProgramType.RAW_TRACEPOINT, null);
        kind("raw_tp.w/x", ProgramType.RAW_TRACEPOINT_WRITABLE, null);
        kind("tp_btf/sched_switch", ProgramType.TRACING, AttachType.TRACE_RAW_TP);
        kind("fentry/tcp_connect", ProgramType.TRACING, AttachType.TRACE_FENTRY);
        kind("fexit.s/x", ProgramType.TRACING, AttachType.TRACE_FEXIT);
        kind("fmod_ret/x", ProgramType.TRACING, AttachType.MODIFY_RETURN);
        kind("freplace/x", ProgramType.EXT, null);
        kind("lsm/file_open", ProgramType.LSM, AttachType.LSM_MAC);
        kind("lsm_cgroup/x", ProgramType.LSM, AttachType.LSM_CGROUP);
        kind("iter/task", ProgramType.TRACING, AttachType.TRACE_ITER);
        kind("syscall", ProgramType.SYSCALL, null);
        kind("perf_event", ProgramType.PERF_EVENT, null);
        kind("lwt_xmit", ProgramType.LWT_XMIT, null);
        kind("sockops", ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS);
        kind("sk_skb/stream_verdict", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT);
        kind("sk_skb", ProgramType.SK_SKB, null);
        kind("sk_msg", ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT);
        kind("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR);
        kind("cgroup_skb/ingress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS);
        kind("cgroup/skb", ProgramType.CGROUP_SKB, null);
        kind("cgroup/sock", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE);
        kind("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT);
        kind("cgroup/recvmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG);
        kind("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL);
        kind("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT);
        kind("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE);
        kind("struct_ops/x", ProgramType.STRUCT_OPS, null);
        kind("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP);
        kind("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER);
        kind("?tc", ProgramType.SCHED_CLS, null);
        kind("?xdp", ProgramType.XDP, AttachType.XDP);
    }

    /** libbpf's matching: "name+" is the name alone or name/…; a plain name matches only itself. */
    @Test
    void matchingRules() {
        kind("kprobeX", ProgramType.UNSPEC, null);
        kind("tcx", ProgramType.UNSPEC, null);
        kind("tc/other", ProgramType.UNSPEC, null);
        kind("xdp/other", ProgramType.UNSPEC, null);
        kind("socket/x", ProgramType.UNSPEC, null);
        kind("classifier/x", ProgramType.UNSPEC, null);
        assertTrue(SectionKind.autoload("tc"));
        assertFalse(SectionKind.autoload("?tc"));
        assertEquals(Optional.empty(), SectionKind.loadProblem("kprobe/x"));
        assertTrue(SectionKind.loadProblem("fentry/x").orElseThrow().contains("attach_btf_id"));
        assertTrue(SectionKind.loadProblem("lsm.s/x").orElseThrow().contains("attach_btf_id"));
        assertTrue(SectionKind.loadProblem("uprobe.s/x").orElseThrow().contains("BPF_F_SLEEPABLE"));
        assertTrue(SectionKind.loadProblem("xdp.frags").orElseThrow().contains("BPF_F_XDP_HAS_FRAGS"));
        assertTrue(SectionKind.loadProblem("struct_ops/x").orElseThrow().contains("struct_ops map"));
        assertEquals("section \"foo\" names no program type (libbpf's names: tc, tcx/ingress, netkit/primary, xdp, "
                + "kprobe/…, tracepoint/…, cgroup_skb/ingress, …)", SectionKind.loadProblem("foo").orElseThrow());
    }

    @Test
    void readerListsEveryProgramWithItsTypeOrReason() {
        CollectionSpec spec = CollectionSpec.readResource(Fixtures.PARTIAL);
        Map<String, String> problems = spec.programs().stream().collect(Collectors.toMap(ElfProgram::name,
                p -> spec.loadProblem(p.name()).orElse("")));
        assertEquals("", problems.get("counted"));
        assertEquals("", problems.get("on_request"));
        assertEquals("", problems.get("xdp_pass"));
        assertTrue(problems.get("odd_section").startsWith("section \"jnetkit/no_such_type\" names no program type"),
                problems.get("odd_section"));
        assertEquals("section \"fentry/tcp_connect\" makes a tracing program, but it needs the kernel BTF id of its "
                + "attach target (attach_btf_id), which jnetkit does not resolve", problems.get("traced"));
        assertTrue(problems.get("uses_kfunc").contains("calls extern function bpf_jnk_no_such_kfunc"),
                problems.get("uses_kfunc"));
        assertFalse(spec.program("on_request").autoload());
        assertTrue(spec.program("counted").autoload());
        assertEquals(ProgramType.TRACING, spec.program("traced").type());
        assertEquals(AttachType.TRACE_FENTRY, spec.program("traced").attachType());
        assertEquals(6, spec.programs().size());
    }
}
