package io.jnetkit.rtnl;

import io.jnetkit.abi.NetkitAbi;
import io.jnetkit.abi.RtnlAbi;
import io.jnetkit.netlink.Message;
import io.jnetkit.netlink.NetlinkException;
import io.jnetkit.netlink.NetlinkSocket;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.jnetkit.abi.NetlinkAbi.NLM_F_ECHO;
import static io.jnetkit.abi.RtnlAbi.*;

/**
 * Network devices: {@code ip link add|show|set|del}. Get one from {@link Rtnl#links()}.
 *
 * <p>Lookups: {@link #get(String)} throws {@link NetlinkException} with ENODEV and the text
 * "link X does not exist"; {@link #find(String)} returns an empty Optional instead.
 * Names are checked against the kernel's rules before anything is sent
 * ({@link IllegalArgumentException} naming the field).
 */
public final class Links {
    private final Rtnl rtnl;

    Links(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /**
     * Creates a device (a whole pair for netkit/veth) with {@code NLM_F_CREATE|NLM_F_EXCL}, reads it
     * back, and lists requested settings the running kernel ignored. Equivalent to
     * {@code ip link add …}. If a follow-up step fails (reading back, bringing the peer up), what was
     * created is deleted before the exception is thrown.
     */
    public CreateResult create(LinkSpec spec) {
        return create(spec, null);
    }

    /**
     * {@link #create(LinkSpec)}, reading the peer back through {@code peerHandle}, a handle the
     * caller has open on the peer's namespace, instead of a socket opened there for the purpose
     * (a namespace switch and a socket less per pair: what a caller wiring many pods saves).
     * Null: as {@link #create(LinkSpec)}.
     */
    public CreateResult create(LinkSpec spec, Rtnl peerHandle) {
        Objects.requireNonNull(spec, "spec");
        String op = "create link " + (spec.name() != null ? spec.name() : "(" + spec.kind() + ", kernel-named)");
        Message request = LinkCodec.create(spec, LinkCodec.NsFds.REAL);
        boolean echo = spec.name() == null;
        if (echo && spec.netns() != null) {
            // The kernel's echo of a name it chose does not reach a socket in another namespace,
            // so the device could not be read back (or removed on failure): refuse before sending.
            throw new IllegalArgumentException(op + ": a link created in another namespace needs a name");
        }
        if (echo) {
            // Kernel-named device: ask the kernel to echo it back (honoured since Linux 6.2).
            request = new Message(request.type(), request.flags() | NLM_F_ECHO, 0, 0, request.payload());
        }
        List<Message> echoed;
        try {
            echoed = rtnl.socket().ack(op, request);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                throw whichNameIsTaken(spec, e);
            }
            throw e;
        }
        String name = spec.name();
        if (name == null) {
            name = echoed.stream().filter(m -> m.type() == RTM_NEWLINK).map(LinkCodec::decode)
                    .map(Link::name).findFirst().orElse(null);
            if (name == null) {
                throw new IllegalStateException(op + ": the kernel created the link but did not say its name "
                        + "(NLM_F_ECHO needs Linux 6.2+, and the link must stay in this namespace); give the link a name");
            }
        }
        String created = name;
        try {
            Link link = rtnl.in(spec.netns(), s -> fetchByName(s, "read back link " + created, created));
            PeerSpec peerSpec = switch (spec) {
                case NetkitSpec n -> n.peer();
                case VethSpec v -> v.peer();
                case DummySpec d -> null;
            };
            Link peer = null;
            if (peerSpec != null && link.link() != null) {
                NetNs peerNs = link.linkNetnsId() == null ? spec.netns() : peerSpec.netns();
                int peerIndex = link.link();
                boolean up = peerSpec.up();
                java.util.function.Function<NetlinkSocket, Link> readPeer = s -> {
                    if (up) {
                        s.ack("set peer of " + created + " up", LinkCodec.change(peerIndex, IFF_UP, IFF_UP).build());
                    }
                    return fetchByIndex(s, "read back peer of " + created, peerIndex);
                };
                peer = peerHandle != null && peerNs != null && peerHandle.netns() == peerNs
                        ? readPeer.apply(peerHandle.socket()) : rtnl.in(peerNs, readPeer);
            }
            return new CreateResult(link, peer, ignored(spec, link, peer));
        } catch (RuntimeException e) {
            try {
                rtnl.in(spec.netns(), s -> s.ack("delete half-made link " + created, LinkCodec.delete(created)));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * EEXIST from a create names no device: the primary's name, the peer's, or both may be taken.
     * Each is looked up where the kernel would have put it (the primary in its netns, the peer in
     * its own or else the handle's), so the error says which.
     */
    private NetlinkException whichNameIsTaken(LinkSpec spec, NetlinkException e) {
        PeerSpec ps = peerOf(spec);
        String peerName = ps == null ? null : ps.name();
        if (e.hint() != null || (peerName == null && spec.name() == null)) {
            return e;
        }
        boolean primaryTaken;
        boolean peerTaken;
        try {
            primaryTaken = spec.name() != null && existsIn(spec.netns(), spec.name());
            peerTaken = peerName != null && existsIn(ps.netns(), peerName);
        } catch (RuntimeException lookup) {
            e.addSuppressed(lookup);
            return e;
        }
        String peerWhere = ps == null || ps.netns() == null ? "" : " in netns " + ps.netns().label();
        String primaryWhere = spec.netns() == null ? "" : " in netns " + spec.netns().label();
        if (peerTaken && primaryTaken) {
            return e.withHint("link " + spec.name() + primaryWhere + " and the peer name " + peerName + peerWhere
                    + " both exist");
        }
        if (peerTaken) {
            return e.withHint("the peer name " + peerName + " is taken" + peerWhere + " (link " + peerName
                    + " exists)");
        }
        if (primaryTaken) {
            return e.withHint("link " + spec.name() + " exists" + primaryWhere);
        }
        if (peerName != null && peerName.equals(spec.name()) && ps.netns() == spec.netns()) {
            return e.withHint("the primary and the peer cannot both be named " + peerName + " in one namespace");
        }
        return e;
    }

    private boolean existsIn(NetNs ns, String name) {
        return rtnl.in(ns, s -> {
            try {
                fetchByName(s, "look up link " + name, name);
                return true;
            } catch (NetlinkException missing) {
                if (missing.errno() == Errno.ENODEV) return false;
                throw missing;
            }
        });
    }

    private static PeerSpec peerOf(LinkSpec spec) {
        return switch (spec) {
            case NetkitSpec n -> n.peer();
            case VethSpec v -> v.peer();
            case DummySpec d -> null;
        };
    }

    /** Settings requested in {@code spec} that the kernel did not apply, in words. */
    static List<String> ignored(LinkSpec spec, Link link, Link peer) {
        List<String> out = new ArrayList<>();
        if (spec.mtu() != null && !spec.mtu().equals(link.mtu())) {
            out.add("mtu: requested " + spec.mtu() + ", kernel reports " + link.mtu());
        }
        if (spec instanceof NetkitSpec n) {
            NetkitInfo info = link.netkit();
            NetkitInfo.Raw raw = info == null ? new NetkitInfo.Raw(null, null, null, null, null, null) : info.raw();
            compare(out, "mode", n.mode(), raw.mode(), n.mode() == null ? 0 : n.mode().value(), "6.7");
            compare(out, "policy", n.policy(), raw.policy(), n.policy() == null ? 0 : n.policy().value(), "6.7");
            compare(out, "peer policy", n.peerPolicy(), raw.peerPolicy(),
                    n.peerPolicy() == null ? 0 : n.peerPolicy().value(), "6.7");
            compare(out, "scrub", n.scrub(), raw.scrub(), n.scrub() == null ? 0 : n.scrub().value(), "6.13");
            compare(out, "peer scrub", n.peerScrub(), raw.peerScrub(),
                    n.peerScrub() == null ? 0 : n.peerScrub().value(), "6.13");
            compare(out, "headroom", n.headroom(), info == null ? null : info.headroom(),
                    n.headroom() == null ? 0 : n.headroom(), "6.14");
            compare(out, "tailroom", n.tailroom(), info == null ? null : info.tailroom(),
                    n.tailroom() == null ? 0 : n.tailroom(), "6.14");
        }
        PeerSpec ps = switch (spec) {
            case NetkitSpec n -> n.peer();
            case VethSpec v -> v.peer();
            case DummySpec d -> null;
        };
        if (ps != null && peer != null && ps.mtu() != null && !ps.mtu().equals(peer.mtu())) {
            out.add("peer mtu: requested " + ps.mtu() + ", kernel reports " + peer.mtu());
        }
        return out;
    }

    private static void compare(List<String> out, String what, Object requested, Integer reported, int wanted,
                                String since) {
        if (requested == null) {
            return;
        }
        String word = requested instanceof NetkitMode m ? m.word()
                : requested instanceof NetkitPolicy p ? p.word()
                : requested instanceof NetkitScrub s ? s.word() : requested.toString();
        if (reported == null) {
            out.add(what + " (needs Linux " + since + "+)");
        } else if (reported != wanted) {
            out.add(what + ": requested " + word + ", kernel reports " + reported);
        }
    }

    /** {@code ip link show NAME}; throws NetlinkException ENODEV "link NAME does not exist". */
    public Link get(String name) {
        LinkNames.check("link name", name);
        return fetchByName(rtnl.socket(), "get link " + name, name);
    }

    /** By ifindex; throws NetlinkException ENODEV when there is none. */
    public Link get(int index) {
        return fetchByIndex(rtnl.socket(), "get link " + index, index);
    }

    /**
     * The device of ifindex {@code index} in the namespace that has nsid {@code nsid} in this
     * handle's (a pair's {@link Link#linkNetnsId()}), asked through this handle's socket
     * (IFLA_TARGET_NETNSID, Linux 4.20): a pair's other end without a socket in its namespace.
     * ENODEV when there is none; EINVAL when no namespace has that nsid here.
     */
    public Link getInNetnsId(int nsid, int index) {
        return single(rtnl.socket(), "get link " + index + " in netns id " + nsid, LinkCodec.getByIndexIn(nsid, index),
                "link with ifindex " + index + " does not exist in netns id " + nsid);
    }

    /** {@link #get(String)} as an Optional: empty when the kernel says ENODEV. */
    public Optional<Link> find(String name) {
        try {
            return Optional.of(get(name));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every device in the namespace, in ifindex order. Equivalent to {@code ip -d link show}. */
    public List<Link> list() {
        List<Link> out = new ArrayList<>();
        for (Message m : rtnl.socket().dump("list links", LinkCodec.dump())) {
            if (m.type() == RTM_NEWLINK) {
                out.add(LinkCodec.decode(m));
            }
        }
        return out;
    }

    /** {@code ip link del NAME}; for a pair this deletes both ends. */
    public void delete(String name) {
        LinkNames.check("link name", name);
        rtnl.socket().ack("delete link " + name, LinkCodec.delete(name));
    }

    /** {@code ip link set NAME up|down}. */
    public void setUp(String name, boolean up) {
        int index = get(name).index();
        rtnl.socket().ack("set link " + name + (up ? " up" : " down"),
                LinkCodec.change(index, up ? IFF_UP : 0, IFF_UP).build());
    }

    /** {@code ip link set NAME mtu N}. */
    public void setMtu(String name, int mtu) {
        LinkNames.positive("mtu", mtu);
        int index = get(name).index();
        rtnl.socket().ack("set link " + name + " mtu " + mtu, LinkCodec.change(index, 0, 0).u32(IFLA_MTU, mtu).build());
    }

    /** {@code ip link set NAME name NEW}. The device must be down (the kernel says EBUSY otherwise). */
    public void rename(String name, String newName) {
        LinkNames.check("new link name", newName);
        int index = get(name).index();
        rtnl.socket().ack("rename link " + name + " to " + newName,
                LinkCodec.change(index, 0, 0).string(IFLA_IFNAME, newName).build());
    }

    /** {@code ip link set NAME address MAC}; netkit L3 refuses with EOPNOTSUPP. */
    public void setAddress(String name, MacAddress address) {
        Objects.requireNonNull(address, "address");
        int index = get(name).index();
        rtnl.socket().ack("set link " + name + " address " + address,
                LinkCodec.change(index, 0, 0).bytes(IFLA_ADDRESS, address.bytes()).build());
    }

    /** {@code ip link set NAME netns NS}. The device keeps its name there (EEXIST if taken). */
    public void moveTo(String name, NetNs target) {
        Objects.requireNonNull(target, "target");
        int index = get(name).index();
        rtnl.socket().ack("move link " + name + " to netns " + target.label(),
                LinkCodec.change(index, 0, 0).u32(IFLA_NET_NS_FD, target.fd().value()).build());
    }

    /**
     * Changes a netkit pair's default policies; null leaves one as it is. Equivalent to
     * {@code ip link set NAME type netkit [forward|blackhole] peer [forward|blackhole]}. Must name the
     * primary: on the peer the kernel refuses with EACCES ("netkit link settings can be changed only
     * through the primary device"). A device of another kind is refused before sending
     * ({@link IllegalArgumentException}: "… is a veth device, not netkit").
     */
    public void changeNetkit(String name, NetkitPolicy policy, NetkitPolicy peerPolicy) {
        if (policy == null && peerPolicy == null) {
            throw new IllegalArgumentException("change netkit " + name + ": nothing to change (both policies null)");
        }
        Link link = get(name);
        if (!NetkitAbi.KIND.equals(link.kind())) {
            // The kernel's answer would be a bare EOPNOTSUPP, which reads as "this kernel lacks netkit".
            throw new IllegalArgumentException("change netkit " + name + ": " + name + " is "
                    + (link.kind() == null ? "not a netkit device (it has no link kind)" : "a " + link.kind()
                    + " device, not netkit"));
        }
        rtnl.socket().ack("change " + NetkitAbi.KIND + " " + name, LinkCodec.changeNetkit(link.index(), policy, peerPolicy));
    }

    int indexOf(String name) {
        return get(name).index();
    }

    private static Link fetchByName(NetlinkSocket s, String op, String name) {
        return single(s, op, LinkCodec.getByName(name), "link " + name + " does not exist");
    }

    private static Link fetchByIndex(NetlinkSocket s, String op, int index) {
        return single(s, op, LinkCodec.getByIndex(index), "link with ifindex " + index + " does not exist");
    }

    private static Link single(NetlinkSocket s, String op, Message request, String missing) {
        List<Message> replies;
        try {
            replies = s.request(op, request);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV && e.hint() == null) {
                throw e.withHint(missing);
            }
            throw e;
        }
        return replies.stream().filter(m -> m.type() == RtnlAbi.RTM_NEWLINK).findFirst().map(LinkCodec::decode)
                .orElseThrow(() -> new NetlinkException(op, Errno.ENODEV, null, null, missing));
    }
}
