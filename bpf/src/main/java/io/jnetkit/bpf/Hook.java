package io.jnetkit.bpf;

/**
 * A multi-program network hook: a kind of attach point on a device.
 *
 * <p><b>netkit:</b> both {@link Point#NETKIT_PRIMARY} and {@link Point#NETKIT_PEER} are addressed
 * with the <em>primary's</em> ifindex, even though the PEER list runs on the peer device (the
 * peer's ifindex gives EACCES). <b>All kinds:</b> the kernel resolves the ifindex in the
 * <em>calling thread's</em> network namespace; call from that namespace (the {@code NetNs}
 * overloads of {@link Attachments} do it for you) or you get ENODEV or, worse, another device.
 *
 * @param point   which list
 * @param ifindex the device (the primary for netkit), in the caller's netns
 */
public record Hook(Point point, int ifindex) {
    /** The four hooks jnetkit attaches to, with their attach types. */
    public enum Point {
        /** Packets the netkit primary transmits (host → pod), Linux 6.7. */
        NETKIT_PRIMARY(AttachType.NETKIT_PRIMARY, "netkit primary"),
        /** Packets the netkit peer transmits (pod egress), managed through the primary, Linux 6.7. */
        NETKIT_PEER(AttachType.NETKIT_PEER, "netkit peer"),
        /** tcx ingress, Linux 6.6. */
        TCX_INGRESS(AttachType.TCX_INGRESS, "tcx ingress"),
        /** tcx egress, Linux 6.6. */
        TCX_EGRESS(AttachType.TCX_EGRESS, "tcx egress");

        private final AttachType attachType;
        private final String words;

        Point(AttachType attachType, String words) {
            this.attachType = attachType;
            this.words = words;
        }

        public AttachType attachType() {
            return attachType;
        }

        public boolean netkit() {
            return this == NETKIT_PRIMARY || this == NETKIT_PEER;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    public Hook {
        if (point == null) throw new IllegalArgumentException("hook point is null");
        if (ifindex <= 0) throw new IllegalArgumentException("ifindex must be positive, got " + ifindex);
    }

    /** The netkit primary's own list; {@code primaryIfindex} is the primary device. */
    public static Hook netkitPrimary(int primaryIfindex) {
        return new Hook(Point.NETKIT_PRIMARY, primaryIfindex);
    }

    /** The netkit peer's list; {@code primaryIfindex} is still the <em>primary</em> device. */
    public static Hook netkitPeer(int primaryIfindex) {
        return new Hook(Point.NETKIT_PEER, primaryIfindex);
    }

    public static Hook tcxIngress(int ifindex) {
        return new Hook(Point.TCX_INGRESS, ifindex);
    }

    public static Hook tcxEgress(int ifindex) {
        return new Hook(Point.TCX_EGRESS, ifindex);
    }

    public AttachType attachType() {
        return point.attachType();
    }

    @Override
    public String toString() {
        return point + " of ifindex " + ifindex;
    }
}
