package io.jnetkit.elf;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.ProgramType;

/**
 * Program type and expected attach type from an ELF section name, following libbpf's
 * {@code section_defs} (also used by cilium/ebpf) for the names that make SCHED_CLS programs,
 * plus a few common others. Matching is exact, as libbpf's SEC_NONE entries are.
 */
record SectionKind(ProgramType type, AttachType attachType) {
    static final SectionKind UNKNOWN = new SectionKind(ProgramType.UNSPEC, null);

    static SectionKind of(String section) {
        return switch (section) {
            case "netkit/primary" -> new SectionKind(ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY);
            case "netkit/peer" -> new SectionKind(ProgramType.SCHED_CLS, AttachType.NETKIT_PEER);
            case "tcx/ingress", "tc/ingress" -> new SectionKind(ProgramType.SCHED_CLS, AttachType.TCX_INGRESS);
            case "tcx/egress", "tc/egress" -> new SectionKind(ProgramType.SCHED_CLS, AttachType.TCX_EGRESS);
            // Legacy (cls_bpf) names: no expected attach type; they attach to tcx and netkit all the same.
            case "tc", "classifier" -> new SectionKind(ProgramType.SCHED_CLS, null);
            case "action" -> new SectionKind(ProgramType.SCHED_ACT, null);
            case "xdp" -> new SectionKind(ProgramType.XDP, AttachType.XDP);
            case "socket" -> new SectionKind(ProgramType.SOCKET_FILTER, null);
            default -> UNKNOWN;
        };
    }

    /** The names {@link #of} knows that make SCHED_CLS programs, for error messages. */
    static final String SCHED_CLS_NAMES = "netkit/primary, netkit/peer, tcx/ingress, tcx/egress, tc/ingress, tc/egress, tc, classifier";
}
