package io.jnetkit.bpf;

import io.jnetkit.abi.BpfAbi;

/** An {@link Anchor} as the kernel wants it: flags and the relative fd or id. */
record Placement(int flags, int relative) {
    /** No anchor: flags 0, relative 0 (attach appends; detach targets the given program). */
    static final Placement NONE = new Placement(0, 0);

    static Placement of(Anchor anchor) {
        if (anchor == null) {
            return NONE;
        }
        return switch (anchor) {
            case Anchor.Head h -> new Placement(BpfAbi.BPF_F_BEFORE, 0);
            case Anchor.Tail t -> new Placement(BpfAbi.BPF_F_AFTER, 0);
            case Anchor.BeforeProgram b -> new Placement(BpfAbi.BPF_F_BEFORE, b.program().fd().value());
            case Anchor.AfterProgram a -> new Placement(BpfAbi.BPF_F_AFTER, a.program().fd().value());
            case Anchor.BeforeLink b -> new Placement(BpfAbi.BPF_F_BEFORE | BpfAbi.BPF_F_LINK, b.link().fd().value());
            case Anchor.AfterLink a -> new Placement(BpfAbi.BPF_F_AFTER | BpfAbi.BPF_F_LINK, a.link().fd().value());
            case Anchor.BeforeProgramId b -> new Placement(BpfAbi.BPF_F_BEFORE | BpfAbi.BPF_F_ID, b.programId());
            case Anchor.AfterProgramId a -> new Placement(BpfAbi.BPF_F_AFTER | BpfAbi.BPF_F_ID, a.programId());
            case Anchor.BeforeLinkId b ->
                    new Placement(BpfAbi.BPF_F_BEFORE | BpfAbi.BPF_F_LINK | BpfAbi.BPF_F_ID, b.linkId());
            case Anchor.AfterLinkId a ->
                    new Placement(BpfAbi.BPF_F_AFTER | BpfAbi.BPF_F_LINK | BpfAbi.BPF_F_ID, a.linkId());
        };
    }
}
