package io.jnetkit.hooks;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Program;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.FaultPoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Attachments that outlive the process: programs attached to netkit and tcx hooks as BPF links
 * pinned under {@code <bpffs>/jnetkit/<netns>/<device>/<hook>/programs/<program>} (or, with
 * BPF_PROG_ATTACH, the program pinned there as jnetkit's record of it). What {@code jnetkit
 * attach}/{@code detach}/{@code prune} do, for any front end.
 *
 * <pre>{@code
 * PinnedHooks hooks = PinnedHooks.open();                      // finds the host's bpffs
 * try (NetNs host = NetNs.current();
 *      HookTarget t = HookTarget.resolve(host, "nk0", HookName.PEER);
 *      Program p = ...) {
 *     PinnedHooks.Attached a = hooks.attach(t, p, AttachOptions.DEFAULT);   // pinned link, idempotent
 *     hooks.detachAll(t);                                        // everything on the hook
 * }
 * hooks.prune();                                                 // pins whose device is gone
 * }</pre>
 *
 * <p>Every change holds the hook's {@link HookLock}. Attaching a program whose (kernel) name is
 * already pinned on the hook <em>replaces</em> it (BPF_LINK_UPDATE: same link, same place, no
 * packet sees an empty hook) unless {@link AttachOptions#add()} asks for another copy. A pinned
 * link that no longer runs on its hook — its device was deleted (defunct: the kernel reports
 * ifindex 0), or something detached it — is <em>stale</em>: every operation recognises it, and
 * {@link #prune()} removes it. Removals unpin before they detach, so a reader never finds a pin
 * whose link was just detached.
 */
public final class PinnedHooks {
    /** The sub-directory of a hook's pin directory that holds {@code attach}'s pins. */
    public static final String PROGRAMS_DIR = "programs";

    private final Bpffs fs;

    private PinnedHooks(Bpffs fs) {
        this.fs = fs;
    }

    /** Over the persistent bpffs ({@link Bpffs#locate()}). */
    public static PinnedHooks open() {
        return new PinnedHooks(Bpffs.locate());
    }

    public static PinnedHooks on(Bpffs fs) {
        return new PinnedHooks(fs);
    }

    public Bpffs bpffs() {
        return fs;
    }

    /** The hook's pin directory. */
    public Path hookDir(HookAddress a) {
        return a.dir(fs.jnetkitDir());
    }

    /** Where {@code attach} pins a program named {@code name} on that hook by default. */
    public Path programPin(HookAddress a, String name) {
        return hookDir(a).resolve(PROGRAMS_DIR).resolve(PinNames.encode(name));
    }

    /** The hook's writer lock; mounts the bpffs first when it was missing (writers only). */
    HookLock lock(HookAddress a) {
        fs.ensureMounted();
        return HookLock.acquire(fs, a);
    }

    /**
     * How to attach.
     *
     * @param anchor           where on the hook (null: last); a replacement in place keeps its place
     * @param expectedRevision attach only if the hook is at this revision (0: any)
     * @param legacy           BPF_PROG_ATTACH instead of a link (stays until detached)
     * @param pin              pin here instead of the default path; must not exist (no replacing)
     * @param add              attach another copy even when the program's name is already pinned on the hook
     */
    public record AttachOptions(Anchor anchor, long expectedRevision, boolean legacy, Path pin, boolean add) {
        public static final AttachOptions DEFAULT = new AttachOptions(null, 0, false, null, false);

        public AttachOptions {
            if (expectedRevision < 0) throw new IllegalArgumentException("expected revision must not be negative");
        }
    }

    /**
     * What {@link #attach} did. {@code linkId} is null for a legacy attachment;
     * {@code replacedProgId} is the program that was replaced in place, or null.
     */
    public record Attached(HookAddress at, int ifindex, String named, int progId, String progName, Integer linkId,
                           String pinned, boolean legacy, long revision, Integer replacedProgId, String note) {}

    /**
     * Attaches {@code program} to the hook and pins the attachment. When a program of the same
     * name is already pinned there (and {@code opts.add()} is false) that attachment is replaced:
     * a link is updated in place, a legacy attachment is swapped; a stale pin is dropped first. On
     * any failure nothing new stays attached or pinned, and nothing this call did not pin is unpinned.
     */
    public Attached attach(HookTarget t, Program program, AttachOptions opts) {
        String name = kernelName(program);
        if (opts.pin() != null) {
            Bpffs.checkOnBpffs(opts.pin().toAbsolutePath().getParent());
        }
        try (HookLock lock = lock(t.address())) {
            if (opts.pin() != null) {
                if (Files.exists(opts.pin(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new KernelException("pin at " + opts.pin(), Errno.EEXIST, null, "something is already pinned there");
                }
                return attachNew(t, program, opts, opts.pin(), null);
            }
            Path pin = programPin(t.address(), name);
            String note = null;
            if (Files.exists(pin)) {
                Existing old = existing(t, pin);
                switch (old.state()) {
                    case STALE -> {
                        Bpffs.unpin(pin);
                        note = "dropped a stale pin of " + name + " (" + old.why() + ")";
                    }
                    case ELSEWHERE -> throw new HookException(HookException.Kind.INVALID, pin + " holds " + old.why()
                            + "; remove that pin (jnetkit detach … pinned " + pin + " on that device) or use --add");
                    case LIVE -> {
                        if (opts.add()) {
                            pin = pin.resolveSibling(pin.getFileName() + "-" + program.id());
                            note = "added another copy of " + name + " (--add)";
                        } else {
                            return replace(t, program, opts, pin, old);
                        }
                    }
                }
            }
            return attachNew(t, program, opts, pin, note);
        }
    }

    /** The kernel's name of the program (what every later process sees), or {@code prog-<id>}. */
    private static String kernelName(Program program) {
        String n = program.info().name();
        return n.isEmpty() ? "prog-" + program.id() : n;
    }

    private enum State { LIVE, STALE, ELSEWHERE }

    /** What is pinned at a default pin path: a link or a legacy program, its ids, and whether it still runs on this hook. */
    private record Existing(BpfObjects.Kind kind, int progId, Integer linkId, State state, String why) {}

    private Existing existing(HookTarget t, Path pin) {
        BpfObjects.Kind kind = BpfObjects.pinnedKind(pin);
        HookQuery q = t.query();
        return switch (kind) {
            case LINK -> {
                try (BpfLink l = BpfLink.fromPinned(pin)) {
                    LinkInfo info = l.info();
                    boolean here = q.entries().stream().anyMatch(e -> e.linkId() == info.id());
                    State s = here ? State.LIVE : info.ifindex() == 0 ? State.STALE : State.ELSEWHERE;
                    String why = here ? null : info.ifindex() == 0
                            ? "its link " + info.id() + " no longer runs: its device was deleted, or it was detached"
                            : "link " + info.id() + ", which runs on ifindex " + info.ifindex() + ", not on " + t.describe()
                            + " (was the device renamed or moved?)";
                    yield new Existing(kind, info.programId(), info.id(), s, why);
                }
            }
            case PROGRAM -> {
                try (Program p = Program.fromPinned(pin)) {
                    boolean here = q.entries().stream().anyMatch(e -> !e.viaLink() && e.programId() == p.id());
                    yield new Existing(kind, p.id(), null, here ? State.LIVE : State.STALE,
                            here ? null : "prog id " + p.id() + " is no longer attached to " + t.describe());
                }
            }
            default -> throw new HookException(HookException.Kind.INVALID, pin + " holds a pinned " + kind.word()
                    + ", not an attachment; remove it");
        };
    }

    private Attached attachNew(HookTarget t, Program program, AttachOptions opts, Path pin, String note) {
        Path dir = pin.toAbsolutePath().getParent();
        boolean ours = pin.toAbsolutePath().startsWith(fs.jnetkitDir());
        boolean[] pinned = {false};
        try {
            if (opts.legacy()) {
                Attachments.attachProg(t.netns(), program, t.hook(), opts.anchor(), opts.expectedRevision());
                try {
                    FaultPoints.reach("attach.attached");
                    pinWithDirs(pin, p -> program.pin(p));
                    pinned[0] = true;
                    return attached(t, program, null, pin, true, null, note);
                } catch (RuntimeException e) {
                    if (pinned[0]) quietly(() -> Bpffs.unpin(pin), e);
                    quietly(() -> Attachments.detachProg(t.netns(), program, t.hook(), 0), e);
                    throw e;
                }
            }
            // An unpinned link detaches when its last fd closes: a crash before the pin leaves nothing.
            try (BpfLink link = Attachments.attachLink(t.netns(), program, t.hook(), opts.anchor(), opts.expectedRevision())) {
                try {
                    FaultPoints.reach("attach.attached");
                    pinWithDirs(pin, link::pin);
                    pinned[0] = true;
                    return attached(t, program, link.id(), pin, false, null, note);
                } catch (RuntimeException e) {
                    if (pinned[0]) quietly(() -> Bpffs.unpin(pin), e);
                    quietly(link::detach, e);
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            if (ours) Bpffs.removeEmptyDirs(dir, fs.jnetkitDir());
            throw e;
        }
    }

    /** Replaces what is pinned at {@code pin} by {@code program}, keeping the pin's place on the hook. */
    private Attached replace(HookTarget t, Program program, AttachOptions opts, Path pin, Existing old) {
        if (opts.expectedRevision() != 0) {
            long now = t.query().revision();
            if (now != opts.expectedRevision()) {
                throw new KernelException("replace " + old.kind().word() + " pinned at " + pin, Errno.ESTALE, null,
                        "the hook is at revision " + now + ", not " + opts.expectedRevision());
            }
        }
        String placement = opts.anchor() == null ? null : "its placement words were not used: a replacement keeps its place";
        if (old.progId() == program.id() && (old.kind() == BpfObjects.Kind.LINK) != opts.legacy()) {
            return attached(t, program, old.linkId(), pin, opts.legacy(), null, "already attached; nothing changed");
        }
        if (old.kind() == BpfObjects.Kind.LINK && !opts.legacy()) {
            try (BpfLink link = BpfLink.fromPinned(pin);
                 Program before = Program.fromId(old.progId())) {
                link.update(program, before);
                return attached(t, program, link.id(), pin, false, old.progId(),
                        join("in place: same link, same position; --add attaches another copy instead", placement));
            }
        }
        // A legacy attachment (or a change between link and legacy): attach the new one right
        // after the old one, then take the old one away, so the hook is never without either.
        Anchor after = old.linkId() != null ? Anchor.afterLinkId(old.linkId()) : Anchor.afterId(old.progId());
        Path fresh = pin.resolveSibling(pin.getFileName() + "-" + program.id());
        Attached a = attachNew(t, program, new AttachOptions(after, 0, opts.legacy(), null, false), fresh, null);
        try {
            detachPinnedLocked(t, pin);
            Files.move(fresh, pin, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            RuntimeException r = e instanceof RuntimeException re ? re
                    : new UncheckedIOException("rename pin " + fresh + " to " + pin + ": " + e.getMessage(), (IOException) e);
            // Undo the new attachment; the old one, if it was detached, is gone already (said below).
            quietly(() -> detachPinnedLocked(t, fresh), r);
            throw r;
        }
        return new Attached(a.at(), a.ifindex(), a.named(), a.progId(), a.progName(), a.linkId(), pin.toString(),
                a.legacy(), t.query().revision(), old.progId(),
                join("the new program was attached right after the old one, then the old one detached", placement));
    }

    private static String join(String a, String b) {
        return b == null ? a : a + "; " + b;
    }

    private interface Pinner {
        void pin(Path p);
    }

    /**
     * Pins, creating the directories; retried when a concurrent removal of an emptied parent
     * (another hook of the same device or namespace) took a directory away meanwhile.
     */
    private static void pinWithDirs(Path pin, Pinner pinner) {
        for (int attempt = 0; ; attempt++) {
            try {
                Bpffs.mkdirs(pin.toAbsolutePath().getParent());
                pinner.pin(pin);
                return;
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT || attempt >= 5) throw e;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt >= 5) throw e;
            }
        }
    }

    static void pinLinkWithDirs(Path pin, BpfLink link) {
        pinWithDirs(pin, link::pin);
    }

    private Attached attached(HookTarget t, Program p, Integer linkId, Path pin, boolean legacy, Integer replaced, String note) {
        long rev = t.query().revision();
        return new Attached(t.address(), t.ifindex(), t.named(), p.id(), kernelName(p), linkId,
                pin == null ? null : pin.toString(), legacy, rev, replaced, note);
    }

    private static void quietly(Runnable r, RuntimeException cause) {
        try {
            r.run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------ detach

    /** What one detach removed. {@code linkId} null for a legacy attachment; {@code unpinned} the pin removed, if any. */
    public record Detached(int progId, String progName, Integer linkId, String unpinned, String note) {}

    /** Detaches what is pinned at {@code pin} (a link on this hook, or a program pinned by a legacy attach) and unpins it. */
    public Detached detachPinned(HookTarget t, Path pin) {
        try (HookLock lock = lock(t.address())) {
            return detachPinnedLocked(t, pin);
        }
    }

    private Detached detachPinnedLocked(HookTarget t, Path pin) {
        BpfObjects.Kind kind = BpfObjects.pinnedKind(pin);
        switch (kind) {
            case LINK -> {
                try (BpfLink link = BpfLink.fromPinned(pin)) {
                    LinkInfo info = link.info();
                    boolean here = t.query().entries().stream().anyMatch(e -> e.linkId() == info.id());
                    if (!here && info.ifindex() != 0) checkOnHook(t, info, pin);
                    String name = programName(info.programId());
                    unpin(pin);
                    link.detach();
                    return new Detached(info.programId(), name, link.id(), pin.toString(),
                            here ? null : "it was stale: it no longer ran on the hook");
                }
            }
            case PROGRAM -> {
                try (Program p = Program.fromPinned(pin)) {
                    String note = null;
                    try {
                        Attachments.detachProg(t.netns(), p, t.hook(), 0);
                    } catch (KernelException e) {
                        if (e.errno() != Errno.ENOENT || !pin.toAbsolutePath().startsWith(hookDir(t.address()))) throw e;
                        note = "it was no longer attached";
                    }
                    unpin(pin);
                    return new Detached(p.id(), p.name(), null, pin.toString(), note);
                }
            }
            default -> throw new HookException(HookException.Kind.INVALID, pin + " is a pinned " + kind.word()
                    + ", not a link or program");
        }
    }

    private static void checkOnHook(HookTarget t, LinkInfo info, Path pin) {
        HookName h = t.hookName();
        if (info.attachType() == null || info.attachType() != h.point().attachType()) {
            throw new HookException(HookException.Kind.INVALID, pin + " is a " + info.type().word() + " link"
                    + (info.attachType() == null ? "" : " on " + info.attachType().word()) + ", not on " + h.section());
        }
        throw new HookException(HookException.Kind.INVALID, pin + " is link " + info.id() + " on ifindex " + info.ifindex()
                + ", not on " + t.describe());
    }

    /** Detaches program {@code progId} from this hook: its link if it has one, else BPF_PROG_DETACH; removes jnetkit's pins of it. */
    public Detached detachProgram(HookTarget t, int progId) {
        try (HookLock lock = lock(t.address())) {
            HookQuery.Entry e = t.query().entries().stream().filter(x -> x.programId() == progId).findFirst()
                    .orElseThrow(() -> new HookException(HookException.Kind.NOT_FOUND,
                            "program id " + progId + " is not attached to " + t.describe()));
            return detachEntry(t, e);
        }
    }

    /** Detaches link {@code linkId} (which must be on this hook) and removes jnetkit's pins of it. */
    public Detached detachLink(HookTarget t, int linkId) {
        try (HookLock lock = lock(t.address())) {
            HookQuery.Entry e = t.query().entries().stream().filter(x -> x.linkId() == linkId).findFirst()
                    .orElseThrow(() -> new HookException(HookException.Kind.NOT_FOUND,
                            "link id " + linkId + " is not attached to " + t.describe()));
            return detachEntry(t, e);
        }
    }

    private Detached detachEntry(HookTarget t, HookQuery.Entry e) {
        String name = programName(e.programId());
        if (e.viaLink()) {
            // Hold the link while our pins of it go first (no reader may find a pin whose link was
            // just detached), then detach it explicitly: a link whose last reference is dropped is
            // released by deferred work, a moment later, not at once.
            try (BpfLink link = BpfLink.fromId(e.linkId())) {
                String unpinned = unpinMatching(t.address(), BpfObjects.Kind.LINK, e.linkId());
                link.detach();
                return new Detached(e.programId(), name, e.linkId(), unpinned, null);
            }
        }
        try (Program p = Program.fromId(e.programId())) {
            Attachments.detachProg(t.netns(), p, t.hook(), 0);
        }
        String unpinned = unpinMatching(t.address(), BpfObjects.Kind.PROGRAM, e.programId());
        return new Detached(e.programId(), name, null, unpinned, null);
    }

    /**
     * Detaches every program on the hook — links and legacy attachments, jnetkit's or not (a
     * jnetkit policy too) — and removes jnetkit's pins there, including stale ones.
     * {@code jnetkit detach DEV HOOK all}.
     */
    public List<Detached> detachAll(HookTarget t) {
        try (HookLock lock = lock(t.address())) {
            List<Detached> out = new ArrayList<>();
            for (HookQuery.Entry e : t.query().entries()) {
                out.add(detachEntry(t, e));
            }
            out.addAll(unpinAll(t.address()));
            return out;
        }
    }

    /**
     * Removes jnetkit's attachment pins of a hook by address alone: what is left when the device
     * or its namespace is gone (their links are defunct; unpinning frees them and their programs).
     */
    public List<Detached> detachPinnedAt(HookAddress a) {
        try (HookLock lock = lock(a)) {
            return unpinAll(a);
        }
    }

    /** Every pin of the hook: {@code attach}'s under programs/, and the policy's. */
    private List<Path> pinsOf(HookAddress a) {
        List<Path> pins = new ArrayList<>(Bpffs.pinsIn(hookDir(a).resolve(PROGRAMS_DIR)));
        Path policy = hookDir(a).resolve(PolicyStore.PIN_NAME);
        if (Files.exists(policy) && !Files.isDirectory(policy)) pins.add(policy);
        return pins;
    }

    private List<Detached> unpinAll(HookAddress a) {
        List<Detached> out = new ArrayList<>();
        for (Path pin : pinsOf(a)) {
            out.add(dropPin(pin));
        }
        Bpffs.removeEmptyDirs(hookDir(a).resolve(PROGRAMS_DIR), fs.jnetkitDir());
        Bpffs.removeEmptyDirs(hookDir(a), fs.jnetkitDir());
        return out;
    }

    /** Unpins whatever is at {@code pin}, then detaches it if it is a link still attached somewhere. */
    private Detached dropPin(Path pin) {
        try {
            BpfObjects.Kind kind = BpfObjects.pinnedKind(pin);
            if (kind == BpfObjects.Kind.LINK) {
                try (BpfLink link = BpfLink.fromPinned(pin)) {
                    LinkInfo info = link.info();
                    String name = programName(info.programId());
                    Bpffs.unpin(pin);
                    link.detach();
                    return new Detached(info.programId(), name, info.id(), pin.toString(),
                            info.ifindex() == 0 ? "it was stale: it no longer ran (device deleted, or detached)" : null);
                }
            }
            if (kind == BpfObjects.Kind.PROGRAM) {
                try (Program p = Program.fromPinned(pin)) {
                    Bpffs.unpin(pin);
                    return new Detached(p.id(), p.name(), null, pin.toString(),
                            "legacy attachment: only its pin was removed (its device is gone or it was detached already)");
                }
            }
            Bpffs.unpin(pin);
            return new Detached(0, "", null, pin.toString(), "an unexpected " + kind.word() + " pin was removed");
        } catch (KernelException e) {
            if (e.errno() == Errno.ENOENT) {
                return new Detached(0, "", null, null, pin + " vanished meanwhile");
            }
            throw e;
        }
    }

    private String unpinMatching(HookAddress a, BpfObjects.Kind kind, int id) {
        String removed = null;
        for (Path pin : pinsOf(a)) {
            try {
                if (BpfObjects.pinnedKind(pin) != kind) continue;
                int pinnedId;
                if (kind == BpfObjects.Kind.LINK) {
                    try (BpfLink l = BpfLink.fromPinned(pin)) { pinnedId = l.id(); }
                } else {
                    try (Program p = Program.fromPinned(pin)) { pinnedId = p.id(); }
                }
                if (pinnedId == id) {
                    Bpffs.unpin(pin);
                    removed = pin.toString();
                }
            } catch (KernelException e) {
                // vanished meanwhile
            }
        }
        Bpffs.removeEmptyDirs(hookDir(a).resolve(PROGRAMS_DIR), fs.jnetkitDir());
        return removed;
    }

    private void unpin(Path pin) {
        Bpffs.unpin(pin);
        if (pin.toAbsolutePath().startsWith(fs.jnetkitDir())) {
            Bpffs.removeEmptyDirs(pin.toAbsolutePath().getParent(), fs.jnetkitDir());
        }
    }

    static String programName(int id) {
        try (Program p = Program.fromId(id)) {
            return p.name();
        } catch (KernelException e) {
            return "";
        }
    }

    // ------------------------------------------------------------ listing and pruning

    /**
     * One of jnetkit's pins: where, what, and whether its hook is gone ({@code stale}).
     * {@code note} says why it is stale, or that staleness could not be determined (then it is kept).
     */
    public record Pin(HookAddress at, String path, BpfObjects.Kind kind, Integer linkId, Integer progId, boolean stale,
                      String note) {}

    /** Every pin jnetkit made (attachments and policies), hook by hook. {@code bpftool link show} for jnetkit's pins. */
    public List<Pin> pins() {
        List<Pin> out = new ArrayList<>();
        for (Path hookDir : hookDirs()) {
            HookAddress a = HookAddress.ofDir(fs.jnetkitDir(), hookDir);
            if (a == null) continue;
            for (Path p : pinsOf(a)) {
                out.add(describe(a, p));
            }
        }
        return out;
    }

    private List<Path> hookDirs() {
        List<Path> out = new ArrayList<>();
        for (Path ns : Bpffs.dirsIn(fs.jnetkitDir())) {
            for (Path dev : Bpffs.dirsIn(ns)) {
                out.addAll(Bpffs.dirsIn(dev));
            }
        }
        return out;
    }

    private Pin describe(HookAddress a, Path p) {
        try {
            BpfObjects.Kind kind = BpfObjects.pinnedKind(p);
            switch (kind) {
                case LINK -> {
                    try (BpfLink l = BpfLink.fromPinned(p)) {
                        LinkInfo info = l.info();
                        boolean stale = info.ifindex() == 0;
                        return new Pin(a, p.toString(), kind, info.id(), info.programId(), stale,
                                stale ? "its link no longer runs (device deleted, or detached)" : null);
                    }
                }
                case PROGRAM -> {
                    try (Program prog = Program.fromPinned(p)) {
                        Boolean attached = legacyStillAttached(a, prog.id());
                        return new Pin(a, p.toString(), kind, null, prog.id(), Boolean.FALSE.equals(attached),
                                attached == null ? "kept: cannot tell whether it is still attached (namespace "
                                        + a.netns() + " cannot be opened from here)"
                                        : attached ? null : "its program is no longer on the hook");
                    }
                }
                default -> {
                    return new Pin(a, p.toString(), kind, null, null, false, "kept: not a link or program");
                }
            }
        } catch (KernelException e) {
            return new Pin(a, p.toString(), BpfObjects.Kind.OTHER, null, null, false, "kept: " + e.getMessage());
        }
    }

    /**
     * Whether a legacy attachment's program is still on its hook: false when its namespace (by
     * name) or device is gone or the program left the hook; null when that cannot be told.
     */
    private static Boolean legacyStillAttached(HookAddress a, int progId) {
        NetNs ns;
        try {
            ns = openLabel(a.netns());
        } catch (HookException e) {
            return e.kind() == HookException.Kind.NOT_FOUND ? Boolean.FALSE : null;
        } catch (RuntimeException e) {
            return null;
        }
        try (ns; HookTarget t = HookTarget.resolve(ns, a.device(), a.hook(), HookTarget.Follow.STRICT)) {
            return t.query().programIds().contains(progId);
        } catch (KernelException e) {
            return e.errno() == Errno.ENODEV ? Boolean.FALSE : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Opens the namespace a label names: a name in /run/netns (NOT_FOUND when it is gone), or
     * {@code net-<inode>} when that is this process's namespace or pid 1's (INVALID otherwise:
     * an unnamed namespace cannot be found again).
     */
    static NetNs openLabel(String label) {
        if (label.startsWith("net-")) {
            for (NetNs candidate : new NetNs[] {openQuietly(true), openQuietly(false)}) {
                if (candidate == null) continue;
                boolean match;
                try {
                    match = ("net-" + candidate.id().replaceAll("[^0-9]", "")).equals(label);
                } catch (RuntimeException e) {
                    match = false;
                }
                if (match) return candidate;
                candidate.close();
            }
            throw new HookException(HookException.Kind.INVALID, "namespace " + label + " has no name to find it by");
        }
        if (!io.jnetkit.netns.NetNamespaces.exists(label)) {
            throw new HookException(HookException.Kind.NOT_FOUND, "namespace " + label + " is gone");
        }
        return NetNs.open(label);
    }

    private static NetNs openQuietly(boolean current) {
        try {
            return current ? NetNs.current() : NetNs.ofPid(1);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What {@link #prune()} removed: the stale pins, and how many live (or undeterminable) pins it kept. */
    public record PruneReport(List<Pin> removed, int kept) {}

    /**
     * Removes every jnetkit pin whose hook is gone — links that no longer run (device deleted,
     * also when a device of the same name exists again; or detached) and legacy program pins
     * whose namespace, device or attachment is provably gone — freeing their links, programs and
     * maps. Pins whose state cannot be told are kept. {@code jnetkit prune}.
     */
    public PruneReport prune() {
        List<Pin> removed = new ArrayList<>();
        int kept = 0;
        for (Path hookDir : hookDirs()) {
            HookAddress a = HookAddress.ofDir(fs.jnetkitDir(), hookDir);
            if (a == null) continue; // not a directory jnetkit made
            try (HookLock lock = lock(a)) {
                for (Path p : pinsOf(a)) {
                    Pin pin = describe(a, p);
                    if (pin.stale()) {
                        Bpffs.unpin(p);
                        removed.add(pin);
                    } else {
                        kept++;
                    }
                }
                Bpffs.removeEmptyDirs(hookDir.resolve(PROGRAMS_DIR), fs.jnetkitDir());
                Bpffs.removeEmptyDirs(hookDir, fs.jnetkitDir());
            }
        }
        return new PruneReport(removed, kept);
    }
}
