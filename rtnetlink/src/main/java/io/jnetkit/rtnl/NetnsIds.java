package io.jnetkit.rtnl;

import io.jnetkit.abi.NetlinkAbi;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.MessageBuilder;
import io.jnetkit.netlink.NetlinkSocket;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.netns.NetNsException;

import java.util.ArrayList;
import java.util.List;

/**
 * Network namespace ids and labels. An nsid ({@code IFLA_LINK_NETNSID}) is a number that only
 * means something inside the namespace that reported it; to turn it into a namespace we ask
 * that namespace (RTM_GETNSID with NETNSA_FD) for the nsid of each candidate: every name in
 * /run/netns, then the init namespace (pid 1's). {@code ip netns list-id} / {@code ip -n NS link}'s
 * {@code link-netns NAME}.
 */
public final class NetnsIds {
    private NetnsIds() {}

    /** NETNSA_NSID_NOT_ASSIGNED. */
    public static final int NOT_ASSIGNED = -1;

    /** The nsid {@code of} has in {@code in}, or {@link #NOT_ASSIGNED} when none is assigned. */
    public static int nsid(NetNs in, NetNs of) {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, in)) {
            return nsid(s, of);
        }
    }

    /**
     * {@link #nsid(NetNs, NetNs)} through a handle already open on {@code in} (a socket less than
     * opening one there: what a caller checking many pods saves).
     */
    public static int nsid(Rtnl in, NetNs of) {
        return nsid(in.socket(), of);
    }

    private static int nsid(NetlinkSocket s, NetNs of) {
        Message req = new MessageBuilder(RtnlAbi.RTM_GETNSID, NetlinkAbi.NLM_F_REQUEST)
                .raw(new byte[RtnlAbi.RTGENMSG_SIZE])
                .u32(RtnlAbi.NETNSA_FD, of.fd().value())
                .build();
        for (Message m : s.request("get nsid of " + of.label(), req)) {
            if (m.type() == RtnlAbi.RTM_NEWNSID) {
                Integer id = m.attributes(RtnlAbi.RTGENMSG_SIZE).s32(RtnlAbi.NETNSA_NSID);
                return id == null ? NOT_ASSIGNED : id;
            }
        }
        return NOT_ASSIGNED;
    }

    /**
     * Opens the namespace that has nsid {@code nsid} as seen from {@code in}. Throws
     * NetNsException (kind NOT_FOUND) when it is neither named in /run/netns nor the init namespace.
     * The caller closes the result.
     */
    public static NetNs open(NetNs in, int nsid) {
        NetNs found = null;
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, in)) {
            for (NetNs candidate : candidates()) {
                // Every candidate but the one returned is closed, also after the match.
                if (found == null) {
                    try {
                        if (nsid(s, candidate) == nsid) {
                            found = candidate;
                            continue;
                        }
                    } catch (RuntimeException e) {
                        // A namespace deleted meanwhile or not ours to ask about: not the one.
                    }
                }
                candidate.close();
            }
        }
        if (found != null) {
            return found;
        }
        throw new NetNsException(NetNsException.Kind.NOT_FOUND, "the namespace with nsid " + nsid + " (seen from " + in.label()
                + ") has no name in /run/netns and is not the init namespace; name it (ip netns attach) or use -n", null);
    }

    /**
     * The names in /run/netns by the nsid each has in {@code in} (those without one left out; the
     * first name in /run/netns order wins for aliases): what {@code ip link show} uses to print
     * {@code link-netns NAME} instead of {@code link-netnsid N}. Asking does not assign ids.
     */
    public static java.util.Map<Integer, String> names(NetNs in) {
        java.util.Map<Integer, String> out = new java.util.HashMap<>();
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkAbi.NETLINK_ROUTE, in)) {
            for (String name : NetNamespaces.list()) {
                try (NetNs candidate = NetNs.open(name)) {
                    int id = nsid(s, candidate);
                    if (id != NOT_ASSIGNED) out.putIfAbsent(id, name);
                } catch (RuntimeException e) {
                    // not a namespace file, gone meanwhile, or not ours to ask about: no name
                }
            }
        }
        return out;
    }

    private static List<NetNs> candidates() {
        List<NetNs> out = new ArrayList<>();
        for (String name : NetNamespaces.list()) {
            try {
                out.add(NetNs.open(name));
            } catch (RuntimeException e) {
                // not a namespace file (or gone): skip
            }
        }
        try {
            out.add(NetNs.ofPid(1));
        } catch (RuntimeException e) {
            // no /proc/1 in this pid namespace
        }
        return out;
    }

    /**
     * The namespace's canonical label, for pin paths, locks and messages: the
     * alphabetically first name in /run/netns that is this namespace (whatever name or path it
     * was opened by: aliases made with {@code ip netns attach} or bind mounts all give the same
     * label), else {@code net-<inode>}. Compared by the nsfs device and inode, as
     * {@code ip netns identify} does, without opening the candidates.
     */
    public static String label(NetNs ns) {
        Object self;
        try {
            self = identity(java.nio.file.Path.of("/proc/thread-self/fd/" + ns.fd().value()));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new NetNsException("read netns id of " + ns.label() + ": " + e.getMessage(), e);
        }
        String known;
        synchronized (LABELS) {
            known = LABELS.get(ns);
        }
        if (known != null) {
            if (!known.startsWith("net-")) {
                try {
                    if (self.equals(identity(NetNamespaces.pathOf(known)))) return known;
                } catch (java.io.IOException | RuntimeException e) {
                    // the name is gone: look again
                }
            } else if (known.equals("net-" + ((List<?>) self).get(1))) {
                return known;
            }
        }
        String label = scan(self);
        synchronized (LABELS) {
            LABELS.put(ns, label);
        }
        return label;
    }

    /**
     * The label each open handle got, so that many pods of one host namespace do not each read
     * all of /run/netns (O(N) per pod, O(N²) for a topology): a name is confirmed with one stat
     * when asked again, and looked up afresh when it is gone; a namespace without a name keeps
     * {@code net-<inode>} for the life of the handle (a name given to it later, or an alias
     * sorting before its name, is seen through handles opened after that).
     */
    private static final java.util.Map<NetNs, String> LABELS = new java.util.WeakHashMap<>();

    private static String scan(Object self) {
        for (String name : NetNamespaces.list()) {
            try {
                if (self.equals(identity(NetNamespaces.pathOf(name)))) {
                    return name;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // gone meanwhile, or not a name we may use: skip
            }
        }
        return "net-" + ((List<?>) self).get(1);
    }

    /**
     * Device and inode from one stat(2). The directory entries cannot stand in for it: a name
     * removed and made again at once can come back with the same entry inode (tmpfs reuses them).
     */
    private static Object identity(java.nio.file.Path p) throws java.io.IOException {
        java.util.Map<String, Object> a = java.nio.file.Files.readAttributes(p, "unix:dev,ino");
        return List.of(a.get("dev"), a.get("ino"));
    }
}
