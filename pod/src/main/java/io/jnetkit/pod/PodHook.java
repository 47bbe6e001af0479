package io.jnetkit.pod;

import io.jnetkit.hooks.HookName;

/**
 * A pod's two hooks, named from the pod's side so that one policy means the same on both
 * datapaths: {@link #PEER} sees what the pod <em>sends</em>, {@link #PRIMARY} what it
 * <em>receives</em>.
 *
 * <table>
 *   <caption>Where each hook runs</caption>
 *   <tr><th></th><th>netkit</th><th>veth</th></tr>
 *   <tr><td>PEER (pod sends)</td><td>netkit/peer</td><td>tcx/ingress of the host-side device</td></tr>
 *   <tr><td>PRIMARY (pod receives)</td><td>netkit/primary</td><td>tcx/egress of the host-side device</td></tr>
 * </table>
 */
public enum PodHook {
    PEER("peer"), PRIMARY("primary");

    private final String word;

    PodHook(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The kernel hook this pod hook is on the given (resolved, not AUTO) datapath. */
    public HookName on(Datapath datapath) {
        return switch (datapath) {
            case NETKIT -> this == PEER ? HookName.PEER : HookName.PRIMARY;
            case VETH -> this == PEER ? HookName.TCX_INGRESS : HookName.TCX_EGRESS;
            case AUTO -> throw new IllegalArgumentException("the datapath must be resolved (netkit or veth), not auto");
        };
    }

    @Override
    public String toString() {
        return word;
    }
}
