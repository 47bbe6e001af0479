package io.jnetkit.hooks;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.rtnl.NetnsIds;
import io.jnetkit.rtnl.Rtnl;

/**
 * One hook of one live device, resolved the way the kernel wants it: for the netkit hooks the
 * <em>primary's</em> ifindex in the primary's namespace, whichever end the caller named (a peer's
 * primary is its IFLA_LINK ifindex in the namespace of its IFLA_LINK_NETNSID); for tcx the
 * device itself. Attach, query and detach then run inside that namespace.
 *
 * <pre>{@code
 * try (NetNs host = NetNs.open("host");
 *      HookTarget t = HookTarget.resolve(host, "nk0", HookName.PEER)) {   // nk0 may be the peer
 *     t.query();                                                        // what runs there
 * }
 * }</pre>
 *
 * Naming the peer of a pair whose primary lives in another namespace <em>follows</em> it there
 * ({@link #followed()} says so); {@link Follow#STRICT} refuses instead, for scripts that must not
 * act outside the namespace they name.
 */
public final class HookTarget implements AutoCloseable {
    /** Whether resolving a peer may lead to its primary in another namespace. */
    public enum Follow {
        /** Follow a peer to its primary wherever it lives (iproute2 users name the pod's device). */
        PEER_TO_PRIMARY,
        /** Refuse when the primary is in another namespace ({@link HookException.Kind#OUTSIDE_NAMESPACE}). */
        STRICT
    }

    private final NetNs netns;
    private final boolean ownsNetns;
    private final HookAddress address;
    private final int ifindex;
    private final String named;
    private final String namedNetns;
    private final Integer peerIfindex;
    private final String peerName;

    private HookTarget(NetNs netns, boolean ownsNetns, HookAddress address, int ifindex, String named,
                       String namedNetns, Integer peerIfindex, String peerName) {
        this.netns = netns;
        this.ownsNetns = ownsNetns;
        this.address = address;
        this.ifindex = ifindex;
        this.named = named;
        this.namedNetns = namedNetns;
        this.peerIfindex = peerIfindex;
        this.peerName = peerName;
    }

    /** {@link #resolve(NetNs, String, HookName, Follow)} following a peer to its primary. */
    public static HookTarget resolve(NetNs ns, String dev, HookName hook) {
        return resolve(ns, dev, hook, Follow.PEER_TO_PRIMARY);
    }

    /**
     * Resolves {@code dev} in {@code ns} for {@code hook}. {@code ns} stays owned by the caller
     * and must stay open while this target is used. Errors: no such device (the kernel's ENODEV),
     * a netkit hook on a device that is not netkit (INVALID), a peer whose primary is gone or in an
     * unnamed namespace (NOT_FOUND), a primary elsewhere under {@link Follow#STRICT}.
     */
    public static HookTarget resolve(NetNs ns, String dev, HookName hook, Follow follow) {
        String label = NetnsIds.label(ns);
        try (Rtnl rtnl = Rtnl.open(ns)) {
            Link l = rtnl.links().get(dev);
            if (!hook.netkit()) {
                return new HookTarget(ns, false, new HookAddress(label, l.name(), hook), l.index(), dev, label, null, null);
            }
            NetkitInfo nk = l.netkit();
            if (nk == null) {
                throw new HookException(HookException.Kind.INVALID, dev + " is " + (l.kind() == null
                        ? "not a netkit device" : "a " + l.kind() + " device, not netkit")
                        + "; netkit hooks need a netkit device (tcx-ingress and tcx-egress work on any)");
            }
            Integer other = l.link() == null || l.link() == 0 || l.link() == l.index() ? null : l.link();
            if (!Boolean.FALSE.equals(nk.primary())) {
                String peer = other != null && l.linkNetnsId() == null
                        ? rtnl.links().list().stream().filter(x -> x.index() == other).map(Link::name).findFirst().orElse(null) : null;
                return new HookTarget(ns, false, new HookAddress(label, l.name(), hook), l.index(), dev, label, other, peer);
            }
            // dev is the peer: its programs are managed through the primary.
            if (other == null) {
                throw new HookException(HookException.Kind.NOT_FOUND, "netkit peer " + dev + " has no primary any more");
            }
            if (l.linkNetnsId() == null) {
                Link p = rtnl.links().get(other);
                return new HookTarget(ns, false, new HookAddress(label, p.name(), hook), p.index(), dev, label,
                        l.index(), l.name());
            }
            NetNs primaryNs = NetnsIds.open(ns, l.linkNetnsId());
            try (Rtnl prtnl = Rtnl.open(primaryNs)) {
                Link p = prtnl.links().get(other);
                String primaryLabel = NetnsIds.label(primaryNs);
                if (follow == Follow.STRICT) {
                    throw new HookException(HookException.Kind.OUTSIDE_NAMESPACE, dev + " in netns " + label
                            + " is the netkit peer of " + p.name() + " in netns " + primaryLabel
                            + ": its hooks are managed through the primary there (name " + p.name() + " with -n "
                            + primaryLabel + ", or allow following the peer)");
                }
                return new HookTarget(primaryNs, true, new HookAddress(primaryLabel, p.name(), hook), p.index(), dev,
                        label, l.index(), l.name());
            } catch (RuntimeException e) {
                primaryNs.close();
                throw e;
            }
        }
    }

    /**
     * Runs {@code live} on the hook of {@code dev} in the namespace named {@code netns} (null: this
     * process's), or {@code gone} on the address its pins would have when the device (ENODEV) or the
     * named namespace no longer exists — the device taken as a primary (or tcx device) there — so
     * stale pins can still be read and removed. What a CLI's {@code detach … all} or a CNI DEL of a
     * vanished pod needs.
     */
    public static <T> T withHook(String netns, String dev, HookName hook, Follow follow,
                                 java.util.function.Function<HookTarget, T> live,
                                 java.util.function.Function<HookAddress, T> gone) {
        NetNs ns;
        try {
            ns = netns == null ? NetNs.current() : NetNs.open(netns);
        } catch (io.jnetkit.netns.NetNsException e) {
            if (e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_FOUND || netns == null || netns.contains("/")) throw e;
            return gone.apply(new HookAddress(netns, dev, hook));
        }
        try (ns) {
            HookTarget t;
            try {
                t = resolve(ns, dev, hook, follow);
            } catch (io.jnetkit.sys.KernelException e) {
                if (e.errno() != io.jnetkit.sys.Errno.ENODEV) throw e;
                return gone.apply(new HookAddress(NetnsIds.label(ns), dev, hook));
            }
            try (t) {
                return live.apply(t);
            }
        }
    }

    /** The namespace the hook's ifindex lives in (the primary's for netkit). */
    public NetNs netns() { return netns; }

    /** Where this hook's pins live; also its namespace label and primary device name. */
    public HookAddress address() { return address; }

    /** That namespace's name, or {@code net-<inode>}. */
    public String netnsLabel() { return address.netns(); }

    public HookName hookName() { return address.hook(); }

    /** The device whose ifindex addresses the hook: the primary for netkit hooks. */
    public String device() { return address.device(); }

    public int ifindex() { return ifindex; }

    /** The device the caller named (the peer, when they named the peer). */
    public String named() { return named; }

    /** The namespace the caller named the device in. */
    public String namedNetns() { return namedNetns; }

    /** True when the caller named a peer and the hook was found through its primary in another namespace. */
    public boolean followed() {
        return !namedNetns.equals(address.netns());
    }

    /** For netkit: the peer's ifindex (in the peer's namespace), or null. */
    public Integer peerIfindex() { return peerIfindex; }

    /** For netkit: the peer's name when known (it lives in this namespace, or the caller named it). */
    public String peerName() { return peerName; }

    /** The bpf hook: point and ifindex. */
    public Hook hook() {
        return new Hook(address.hook().point(), ifindex);
    }

    /** What is attached to this hook, in run order, with its revision. */
    public HookQuery query() {
        return Attachments.query(netns, hook());
    }

    /** "netkit peer of task_nk (ifindex 4, netns task_netns)". */
    public String describe() {
        return address.hook().point() + " of " + address.device() + " (ifindex " + ifindex + ", netns " + address.netns() + ")";
    }

    /** One line saying where the hook was found when that is not where the caller named it, else null. */
    public String followNote() {
        if (named.equals(address.device()) && !followed()) return null;
        return named + (followed() ? " in netns " + namedNetns : "") + " is the netkit peer of " + address.device()
                + (followed() ? " in netns " + address.netns() : "") + "; its hooks are attached through the primary";
    }

    @Override
    public void close() {
        if (ownsNetns) netns.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
