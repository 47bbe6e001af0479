package io.jnetkit.cli.attach;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Link;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.Exit.NotFoundException;
import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One hook on one device, resolved the way the kernel wants it: for the netkit hooks the
 * <em>primary's</em> ifindex in the primary's namespace, whichever end the user named (a peer's
 * primary is its IFLA_LINK ifindex in the namespace of its IFLA_LINK_NETNSID); for tcx the
 * device itself. Attach, query and detach then run inside that namespace.
 *
 * <pre>{@code
 * try (NetNs host = NetNs.open("host");
 *      HookTarget t = HookTarget.resolve(host, "nk0", HookWord.PEER);   // nk0 is the peer: fine
 *      Program p = ...) {
 *     HookTarget.Attached a = t.attach(p, null, 0, false, t.defaultPinPath(p), err);  // pinned link
 *     ...
 *     t.detachAll();                       // everything jnetkit pinned on that hook
 * }
 * }</pre>
 *
 * Pins jnetkit makes by default live in {@code <bpffs>/jnetkit/<netns>/<device>/<hook>/<program>},
 * where netns and device are the primary's for netkit hooks; {@code detach … all} removes them.
 */
public final class HookTarget implements AutoCloseable {
    private final NetNs netns;
    private final boolean ownsNetns;
    private final String netnsLabel;
    private final HookWord hook;
    private final int ifindex;
    private final String device;
    private final String named;
    private final Integer peerIfindex;
    private final String peerName;

    private HookTarget(NetNs netns, boolean ownsNetns, String netnsLabel, HookWord hook, int ifindex, String device,
                       String named, Integer peerIfindex, String peerName) {
        this.netns = netns;
        this.ownsNetns = ownsNetns;
        this.netnsLabel = netnsLabel;
        this.hook = hook;
        this.ifindex = ifindex;
        this.device = device;
        this.named = named;
        this.peerIfindex = peerIfindex;
        this.peerName = peerName;
    }

    /**
     * Resolves {@code dev} in {@code ns} for {@code hook}. {@code ns} stays owned by the caller
     * and must stay open while this target is used. Errors: no such device (ENODEV), a netkit
     * hook on a non-netkit device (usage), a peer whose primary is in an unnamed namespace
     * (not found).
     */
    public static HookTarget resolve(NetNs ns, String dev, HookWord hook) {
        String label = NsIds.label(ns);
        try (Rtnl rtnl = Rtnl.open(ns)) {
            io.jnetkit.rtnl.Link l = rtnl.links().get(dev);
            if (!hook.netkit()) {
                return new HookTarget(ns, false, label, hook, l.index(), l.name(), dev, null, null);
            }
            NetkitInfo nk = l.netkit();
            if (nk == null) {
                throw new UsageException(dev + " is " + (l.kind() == null ? "not a netkit device" : "a " + l.kind()
                        + " device, not netkit") + "; netkit hooks need a netkit device (tcx-ingress and tcx-egress work on any)");
            }
            Integer other = l.link() == null || l.link() == 0 || l.link() == l.index() ? null : l.link();
            if (!Boolean.FALSE.equals(nk.primary())) {
                String peer = other != null && l.linkNetnsId() == null
                        ? rtnl.links().list().stream().filter(x -> x.index() == other).map(io.jnetkit.rtnl.Link::name)
                        .findFirst().orElse(null) : null;
                return new HookTarget(ns, false, label, hook, l.index(), l.name(), dev, other, peer);
            }
            // dev is the peer: its programs are managed through the primary.
            if (other == null) {
                throw new NotFoundException("netkit peer " + dev + " has no primary any more");
            }
            if (l.linkNetnsId() == null) {
                io.jnetkit.rtnl.Link p = rtnl.links().get(other);
                return new HookTarget(ns, false, label, hook, p.index(), p.name(), dev, l.index(), l.name());
            }
            NetNs primaryNs = NsIds.open(ns, l.linkNetnsId());
            try (Rtnl prtnl = Rtnl.open(primaryNs)) {
                io.jnetkit.rtnl.Link p = prtnl.links().get(other);
                return new HookTarget(primaryNs, true, NsIds.label(primaryNs), hook, p.index(), p.name(), dev,
                        l.index(), l.name());
            } catch (RuntimeException e) {
                primaryNs.close();
                throw e;
            }
        }
    }

    /** The namespace the hook's ifindex lives in (the primary's for netkit). */
    public NetNs netns() { return netns; }

    /** That namespace's name, or {@code net-<inode>}. */
    public String netnsLabel() { return netnsLabel; }

    public HookWord hookWord() { return hook; }

    /** The device whose ifindex addresses the hook: the primary for netkit hooks. */
    public String device() { return device; }

    public int ifindex() { return ifindex; }

    /** The device the user named (the peer, when they named the peer). */
    public String named() { return named; }

    /** For netkit: the peer's ifindex (in the peer's namespace), or null. */
    public Integer peerIfindex() { return peerIfindex; }

    /** For netkit: the peer's name when known (it lives in this namespace, or the user named it). */
    public String peerName() { return peerName; }

    /** The bpf hook: point and ifindex. */
    public Hook hook() {
        return new Hook(hook.point(), ifindex);
    }

    /** "netkit peer of task_nk (ifindex 4, netns task_netns)". */
    public String describe() {
        return hook.point() + " of " + device + " (ifindex " + ifindex + ", netns " + netnsLabel + ")";
    }

    // ------------------------------------------------------------ attach

    /** {@code <bpffs>/jnetkit/<netns>/<device>/<hook>}. */
    public Path pinDir() {
        return BpfFs.jnetkitDir().resolve(netnsLabel).resolve(device).resolve(hook.word());
    }

    /** {@code pinDir()/<program name>}, or {@code <name>-<id>} when that is taken. */
    public Path defaultPinPath(Program p) {
        String name = p.name().isEmpty() ? "prog-" + p.id() : p.name();
        Path path = pinDir().resolve(name);
        return Files.exists(path) ? pinDir().resolve(name + "-" + p.id()) : path;
    }

    /** What {@link #attach} did. {@code linkId} is null for a legacy attachment, {@code pinned} null when not pinned. */
    public record Attached(String netns, String device, int ifindex, HookWord hook, String named, int progId,
                           String progName, Integer linkId, String pinned, boolean legacy, long revision) {}

    /**
     * Attaches {@code program} as a link (or, {@code legacy}, with BPF_PROG_ATTACH) placed by
     * {@code anchor} (null = last) if the hook is at {@code expectedRevision} (0 = any), and pins
     * the link (legacy: the program, as jnetkit's record of it) at {@code pin} unless null. On any
     * failure nothing stays attached or pinned. A link that is not pinned is returned open in
     * {@code linkOut} (the caller closes it, which detaches); pass null to get it closed.
     */
    public Attached attach(Program program, Anchor anchor, long expectedRevision, boolean legacy, Path pin,
                           PrintWriter err, List<Link> linkOut) {
        if (pin != null) {
            BpfFs.checkPinPath(pin.toAbsolutePath().getParent(), err);
            if (Files.exists(pin)) {
                throw new KernelException("pin at " + pin, Errno.EEXIST, "something is already pinned there");
            }
            BpfFs.mkdirs(pin.toAbsolutePath().getParent());
        }
        try {
            if (legacy) {
                Attachments.attachProg(netns, program, hook(), anchor, expectedRevision);
                boolean pinned = false;
                try {
                    if (pin != null) {
                        program.pin(pin);
                        pinned = true;
                    }
                    return attached(program, null, pin, true);
                } catch (RuntimeException e) {
                    if (pinned) unpinQuietly(pin, e);
                    detachQuietly(() -> Attachments.detachProg(netns, program, hook(), 0), e);
                    throw e;
                }
            }
            Link link = Attachments.attachLink(netns, program, hook(), anchor, expectedRevision);
            boolean pinned = false;
            try {
                if (pin != null) {
                    link.pin(pin);
                    pinned = true;
                }
                Attached a = attached(program, link.id(), pin, false);
                if (pin == null && linkOut != null) {
                    linkOut.add(link);
                    link = null;
                }
                return a;
            } catch (RuntimeException e) {
                // Nothing half-made: a pin of a link we are about to detach would keep it alive.
                if (pinned) unpinQuietly(pin, e);
                Link l = link;
                detachQuietly(l::detach, e);
                throw e;
            } finally {
                if (link != null) link.close();
            }
        } catch (RuntimeException e) {
            if (pin != null) BpfFs.removeEmptyDirs(pin.toAbsolutePath().getParent(), BpfFs.jnetkitDir());
            throw e;
        }
    }

    private Attached attached(Program p, Integer linkId, Path pin, boolean legacy) {
        long rev = query().revision();
        return new Attached(netnsLabel, device, ifindex, hook, named, p.id(), p.name(), linkId,
                pin == null ? null : pin.toString(), legacy, rev);
    }

    private static void unpinQuietly(Path pin, RuntimeException cause) {
        try {
            Files.deleteIfExists(pin);
        } catch (java.io.IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void detachQuietly(Runnable r, RuntimeException cause) {
        try {
            r.run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** What is attached to this hook, in run order, with its revision. */
    public HookQuery query() {
        return Attachments.query(netns, hook());
    }

    // ------------------------------------------------------------ detach

    /** What one detach removed. {@code linkId} null for a legacy attachment; {@code unpinned} the pin removed, if any. */
    public record Detached(int progId, String progName, Integer linkId, String unpinned, String note) {}

    /** Detaches what is pinned at {@code pin} (a link, or a program jnetkit pinned for a legacy attach) and unpins it. */
    public Detached detachPinned(Path pin) {
        BpfFs.Kind kind = BpfFs.kind(pin);
        switch (kind) {
            case LINK -> {
                try (Link link = Link.fromPinned(pin)) {
                    LinkInfo info = link.info();
                    checkOnThisHook(info, pin);
                    String name = programName(info.programId());
                    link.detach();
                    unpin(pin);
                    return new Detached(info.programId(), name, link.id(), pin.toString(), null);
                }
            }
            case PROGRAM -> {
                try (Program p = Program.fromPinned(pin)) {
                    String note = null;
                    try {
                        Attachments.detachProg(netns, p, hook(), 0);
                    } catch (KernelException e) {
                        if (e.errno() != Errno.ENOENT || !pin.toAbsolutePath().startsWith(pinDir())) throw e;
                        note = "it was no longer attached";
                    }
                    unpin(pin);
                    return new Detached(p.id(), p.name(), null, pin.toString(), note);
                }
            }
            default -> throw new UsageException(pin + " is a pinned " + kind.name().toLowerCase()
                    + ", not a link or program");
        }
    }

    private void checkOnThisHook(LinkInfo info, Path pin) {
        if (info.attachType() == null || info.attachType() != hook.point().attachType()) {
            throw new UsageException(pin + " is a " + info.type().word() + " link"
                    + (info.attachType() == null ? "" : " on " + info.attachType().word()) + ", not on " + hook.section());
        }
        Integer expected = hook == HookWord.PEER ? peerIfindex : Integer.valueOf(ifindex);
        if (info.ifindex() != 0 && expected != null && info.ifindex() != expected) {
            throw new UsageException(pin + " is a link on ifindex " + info.ifindex() + ", not on " + describe());
        }
    }

    /** Detaches program {@code progId} from this hook: its link if it has one, else BPF_PROG_DETACH; removes jnetkit's pins of it. */
    public Detached detachProgram(int progId) {
        HookQuery.Entry e = query().entries().stream().filter(x -> x.programId() == progId).findFirst()
                .orElseThrow(() -> new NotFoundException("program id " + progId + " is not attached to " + describe()));
        if (e.viaLink()) {
            return detachLink(e.linkId());
        }
        try (Program p = Program.fromId(progId)) {
            Attachments.detachProg(netns, p, hook(), 0);
            String unpinned = unpinMatching(BpfFs.Kind.PROGRAM, progId);
            return new Detached(progId, p.name(), null, unpinned, null);
        }
    }

    /** Detaches link {@code linkId} (which must be on this hook) and removes jnetkit's pins of it. */
    public Detached detachLink(int linkId) {
        HookQuery.Entry e = query().entries().stream().filter(x -> x.linkId() == linkId).findFirst()
                .orElseThrow(() -> new NotFoundException("link id " + linkId + " is not attached to " + describe()));
        try (Link link = Link.fromId(linkId)) {
            String name = programName(e.programId());
            link.detach();
            String unpinned = unpinMatching(BpfFs.Kind.LINK, linkId);
            return new Detached(e.programId(), name, linkId, unpinned, null);
        }
    }

    /** Detaches and unpins everything jnetkit pinned under {@link #pinDir()}. */
    public List<Detached> detachAll() {
        List<Detached> out = new ArrayList<>();
        for (Path pin : BpfFs.pinsIn(pinDir())) {
            out.add(detachPinned(pin));
        }
        return out;
    }

    private String unpinMatching(BpfFs.Kind kind, int id) {
        String removed = null;
        for (Path pin : BpfFs.pinsIn(pinDir())) {
            try {
                if (BpfFs.kind(pin) != kind) continue;
                int pinnedId;
                if (kind == BpfFs.Kind.LINK) {
                    try (Link l = Link.fromPinned(pin)) { pinnedId = l.id(); }
                } else {
                    try (Program p = Program.fromPinned(pin)) { pinnedId = p.id(); }
                }
                if (pinnedId == id) {
                    unpin(pin);
                    removed = pin.toString();
                }
            } catch (KernelException e) {
                // vanished meanwhile
            }
        }
        return removed;
    }

    private void unpin(Path pin) {
        BpfFs.unpin(pin);
        BpfFs.removeEmptyDirs(pin.toAbsolutePath().getParent(), BpfFs.jnetkitDir());
    }

    static String programName(int id) {
        try (Program p = Program.fromId(id)) {
            return p.name();
        } catch (KernelException e) {
            return "";
        }
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
