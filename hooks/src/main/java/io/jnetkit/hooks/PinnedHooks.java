package io.jnetkit.hooks;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.PinnedObjects;
import io.jnetkit.bpf.Program;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Every change holds the hook's {@link HookLock}; every change a reader can observe is one
 * atomic kernel operation. Attaching a program whose name is already pinned on the hook
 * <em>replaces</em> it (BPF_LINK_UPDATE: same link, same place, no packet sees an empty hook)
 * unless {@link AttachOptions#add()} asks for another copy. Pins of links whose device was
 * deleted (defunct: the kernel reports ifindex 0) are stale: every operation recognises them,
 * and {@link #prune()} removes them.
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

    /**
     * How to attach.
     *
     * @param anchor           where on the hook (null: last); ignored when an attachment is replaced in place
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
     * any failure nothing new stays attached or pinned.
     */
    public Attached attach(HookTarget t, Program program, AttachOptions opts) {
        Path dir = hookDir(t.address());
        String name = program.name().isEmpty() ? "prog-" + program.id() : program.name();
        if (opts.pin() != null) {
            Bpffs.checkOnBpffs(opts.pin().toAbsolutePath().getParent());
        }
        try (HookLock lock = HookLock.acquire(dir)) {
            if (opts.pin() != null) {
                if (Files.exists(opts.pin())) {
                    throw new KernelException("pin at " + opts.pin(), Errno.EEXIST, "something is already pinned there");
                }
                return attachNew(t, program, opts, opts.pin(), null);
            }
            Path pin = programPin(t.address(), name);
            String note = null;
            if (Files.exists(pin)) {
                Existing old = existing(pin);
                if (old.stale()) {
                    Bpffs.unpin(pin);
                    note = "dropped a stale pin of " + name + " (its device had been deleted)";
                } else if (opts.add()) {
                    pin = pin.resolveSibling(pin.getFileName() + "-" + program.id());
                    note = "added another copy of " + name + " (--add)";
                } else {
                    return replace(t, program, opts, pin, old);
                }
            }
            return attachNew(t, program, opts, pin, note);
        }
    }

    /** What is pinned at a default pin path: a link or a legacy program, its program id, stale or not. */
    private record Existing(PinnedObjects.Kind kind, int progId, Integer linkId, boolean stale) {}

    private Existing existing(Path pin) {
        PinnedObjects.Kind kind = PinnedObjects.kind(pin);
        return switch (kind) {
            case LINK -> {
                try (BpfLink l = BpfLink.fromPinned(pin)) {
                    LinkInfo info = l.info();
                    yield new Existing(kind, info.programId(), info.id(), info.ifindex() == 0);
                }
            }
            case PROGRAM -> {
                try (Program p = Program.fromPinned(pin)) {
                    yield new Existing(kind, p.id(), null, false);
                }
            }
            default -> throw new HookException(HookException.Kind.INVALID, pin + " holds a pinned " + kind.word()
                    + ", not an attachment; remove it");
        };
    }

    private Attached attachNew(HookTarget t, Program program, AttachOptions opts, Path pin, String note) {
        Path dir = pin.toAbsolutePath().getParent();
        boolean ours = pin.startsWith(fs.jnetkitDir());
        try {
            if (opts.legacy()) {
                Attachments.attachProg(t.netns(), program, t.hook(), opts.anchor(), opts.expectedRevision());
                try {
                    FaultPoints.reach("attach.attached");
                    pinWithDirs(pin, p -> program.pin(p));
                    return attached(t, program, null, pin, true, null, note);
                } catch (RuntimeException e) {
                    quietly(() -> Bpffs.unpin(pin), e);
                    quietly(() -> Attachments.detachProg(t.netns(), program, t.hook(), 0), e);
                    throw e;
                }
            }
            // An unpinned link detaches when its last fd closes: a crash before the pin leaves nothing.
            try (BpfLink link = Attachments.attachLink(t.netns(), program, t.hook(), opts.anchor(), opts.expectedRevision())) {
                try {
                    FaultPoints.reach("attach.attached");
                    pinWithDirs(pin, link::pin);
                    return attached(t, program, link.id(), pin, false, null, note);
                } catch (RuntimeException e) {
                    quietly(() -> Bpffs.unpin(pin), e);
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
        if (old.kind() == PinnedObjects.Kind.LINK && !opts.legacy()) {
            try (BpfLink link = BpfLink.fromPinned(pin)) {
                checkOnHook(t, link.info(), pin);
                if (old.progId() == program.id()) {
                    return attached(t, program, link.id(), pin, false, old.progId(), "already attached; nothing changed");
                }
                try (Program before = Program.fromId(old.progId())) {
                    link.update(program, before);
                }
                return attached(t, program, link.id(), pin, false, old.progId(),
                        "replaced prog id " + old.progId() + " in place (same link; use --add for another copy)");
            }
        }
        // A legacy attachment (or a change between link and legacy): attach the new one right
        // after the old one, then take the old one away, so the hook is never without either.
        Anchor after = old.linkId() != null ? Anchor.afterLinkId(old.linkId()) : Anchor.afterId(old.progId());
        Path fresh = pin.resolveSibling(pin.getFileName() + "-" + program.id());
        Attached a = attachNew(t, program, new AttachOptions(after, opts.expectedRevision(), opts.legacy(), null, false), fresh, null);
        detachPinnedLocked(t, pin);
        try {
            Files.move(fresh, pin, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("rename pin " + fresh + " to " + pin + ": " + e.getMessage(), e);
        }
        return new Attached(a.at(), a.ifindex(), a.named(), a.progId(), a.progName(), a.linkId(), pin.toString(),
                a.legacy(), t.query().revision(), old.progId(), "replaced prog id " + old.progId());
    }

    private interface Pinner {
        void pin(Path p);
    }

    /** Pins, creating the directories; retried when a concurrent prune removed an empty parent meanwhile. */
    private static void pinWithDirs(Path pin, Pinner pinner) {
        for (int attempt = 0; ; attempt++) {
            Bpffs.mkdirs(pin.toAbsolutePath().getParent());
            try {
                pinner.pin(pin);
                return;
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT || attempt >= 3) throw e;
            }
        }
    }

    private Attached attached(HookTarget t, Program p, Integer linkId, Path pin, boolean legacy, Integer replaced, String note) {
        long rev = t.query().revision();
        return new Attached(t.address(), t.ifindex(), t.named(), p.id(), p.name(), linkId,
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
        try (HookLock lock = HookLock.acquire(hookDir(t.address()))) {
            return detachPinnedLocked(t, pin);
        }
    }

    private Detached detachPinnedLocked(HookTarget t, Path pin) {
        PinnedObjects.Kind kind = PinnedObjects.kind(pin);
        switch (kind) {
            case LINK -> {
                try (BpfLink link = BpfLink.fromPinned(pin)) {
                    LinkInfo info = link.info();
                    if (info.ifindex() != 0) checkOnHook(t, info, pin);
                    String name = programName(info.programId());
                    detachLink(link);
                    unpin(pin);
                    return new Detached(info.programId(), name, link.id(), pin.toString(),
                            info.ifindex() == 0 ? "it was stale: its device had been deleted" : null);
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

    private static void detachLink(BpfLink link) {
        try {
            link.detach();
        } catch (KernelException e) {
            // Defunct (device gone) or detached by someone else: nothing is attached any more.
            if (e.errno() != Errno.ENOLINK && e.errno() != Errno.ENOENT) throw e;
        }
    }

    private static void checkOnHook(HookTarget t, LinkInfo info, Path pin) {
        HookName h = t.hookName();
        if (info.attachType() == null || info.attachType() != h.point().attachType()) {
            throw new HookException(HookException.Kind.INVALID, pin + " is a " + info.type().word() + " link"
                    + (info.attachType() == null ? "" : " on " + info.attachType().word()) + ", not on " + h.section());
        }
        Integer expected = h == HookName.PEER ? t.peerIfindex() : Integer.valueOf(t.ifindex());
        if (info.ifindex() != 0 && expected != null && info.ifindex() != expected && info.ifindex() != t.ifindex()) {
            throw new HookException(HookException.Kind.INVALID, pin + " is a link on ifindex " + info.ifindex()
                    + ", not on " + t.describe());
        }
    }

    /** Detaches program {@code progId} from this hook: its link if it has one, else BPF_PROG_DETACH; removes jnetkit's pins of it. */
    public Detached detachProgram(HookTarget t, int progId) {
        try (HookLock lock = HookLock.acquire(hookDir(t.address()))) {
            HookQuery.Entry e = t.query().entries().stream().filter(x -> x.programId() == progId).findFirst()
                    .orElseThrow(() -> new HookException(HookException.Kind.NOT_FOUND,
                            "program id " + progId + " is not attached to " + t.describe()));
            return detachEntry(t, e);
        }
    }

    /** Detaches link {@code linkId} (which must be on this hook) and removes jnetkit's pins of it. */
    public Detached detachLink(HookTarget t, int linkId) {
        try (HookLock lock = HookLock.acquire(hookDir(t.address()))) {
            HookQuery.Entry e = t.query().entries().stream().filter(x -> x.linkId() == linkId).findFirst()
                    .orElseThrow(() -> new HookException(HookException.Kind.NOT_FOUND,
                            "link id " + linkId + " is not attached to " + t.describe()));
            return detachEntry(t, e);
        }
    }

    private Detached detachEntry(HookTarget t, HookQuery.Entry e) {
        String name = programName(e.programId());
        if (e.viaLink()) {
            try (BpfLink link = BpfLink.fromId(e.linkId())) {
                detachLink(link);
            }
            String unpinned = unpinMatching(t.address(), PinnedObjects.Kind.LINK, e.linkId());
            return new Detached(e.programId(), name, e.linkId(), unpinned, null);
        }
        try (Program p = Program.fromId(e.programId())) {
            Attachments.detachProg(t.netns(), p, t.hook(), 0);
        }
        String unpinned = unpinMatching(t.address(), PinnedObjects.Kind.PROGRAM, e.programId());
        return new Detached(e.programId(), name, null, unpinned, null);
    }

    /**
     * Detaches every program on the hook — links and legacy attachments, jnetkit's or not — and
     * removes jnetkit's pins there, including stale ones. {@code jnetkit detach DEV HOOK all}.
     */
    public List<Detached> detachAll(HookTarget t) {
        try (HookLock lock = HookLock.acquire(hookDir(t.address()))) {
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
     * or its namespace is gone (its links are defunct, detaching them does nothing; unpinning
     * frees them and their programs). Links still alive are detached first.
     */
    public List<Detached> detachPinnedAt(HookAddress a) {
        try (HookLock lock = HookLock.acquire(hookDir(a))) {
            return unpinAll(a);
        }
    }

    private List<Detached> unpinAll(HookAddress a) {
        List<Detached> out = new ArrayList<>();
        Path programs = hookDir(a).resolve(PROGRAMS_DIR);
        for (Path pin : Bpffs.pinsIn(programs)) {
            out.add(dropPin(pin));
        }
        Bpffs.removeEmptyDirs(programs, fs.jnetkitDir());
        return out;
    }

    /** Detaches (when still attached and a link) and unpins whatever is at {@code pin}. */
    private Detached dropPin(Path pin) {
        try {
            PinnedObjects.Kind kind = PinnedObjects.kind(pin);
            if (kind == PinnedObjects.Kind.LINK) {
                try (BpfLink link = BpfLink.fromPinned(pin)) {
                    LinkInfo info = link.info();
                    String name = programName(info.programId());
                    detachLink(link);
                    Bpffs.unpin(pin);
                    return new Detached(info.programId(), name, info.id(), pin.toString(),
                            info.ifindex() == 0 ? "it was stale: its device had been deleted" : null);
                }
            }
            if (kind == PinnedObjects.Kind.PROGRAM) {
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

    private String unpinMatching(HookAddress a, PinnedObjects.Kind kind, int id) {
        String removed = null;
        Path programs = hookDir(a).resolve(PROGRAMS_DIR);
        for (Path pin : Bpffs.pinsIn(programs)) {
            try {
                if (PinnedObjects.kind(pin) != kind) continue;
                int pinnedId;
                if (kind == PinnedObjects.Kind.LINK) {
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
        Bpffs.removeEmptyDirs(programs, fs.jnetkitDir());
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

    /** One of jnetkit's pins: where, what, and whether its hook is gone. */
    public record Pin(HookAddress at, String path, PinnedObjects.Kind kind, Integer linkId, Integer progId, boolean stale) {}

    /** Every pin jnetkit made (attachments and policies), hook by hook. {@code bpftool link show} for jnetkit's pins. */
    public List<Pin> pins() {
        List<Pin> out = new ArrayList<>();
        for (Path hookDir : hookDirs()) {
            HookAddress a = HookAddress.ofDir(fs.jnetkitDir(), hookDir);
            List<Path> pins = new ArrayList<>(Bpffs.pinsIn(hookDir));
            pins.addAll(Bpffs.pinsIn(hookDir.resolve(PROGRAMS_DIR)));
            for (Path p : pins) {
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
            PinnedObjects.Kind kind = PinnedObjects.kind(p);
            switch (kind) {
                case LINK -> {
                    try (BpfLink l = BpfLink.fromPinned(p)) {
                        LinkInfo info = l.info();
                        return new Pin(a, p.toString(), kind, info.id(), info.programId(), info.ifindex() == 0);
                    }
                }
                case PROGRAM -> {
                    try (Program prog = Program.fromPinned(p)) {
                        return new Pin(a, p.toString(), kind, null, prog.id(), a == null || !legacyStillAttached(a, prog.id()));
                    }
                }
                default -> {
                    return new Pin(a, p.toString(), kind, null, null, a == null);
                }
            }
        } catch (KernelException e) {
            return new Pin(a, p.toString(), PinnedObjects.Kind.OTHER, null, null, true);
        }
    }

    /** A legacy attachment's pin is live while its namespace and device exist and the program is on the hook. */
    private static boolean legacyStillAttached(HookAddress a, int progId) {
        try (io.jnetkit.netns.NetNs ns = openLabel(a.netns());
             HookTarget t = HookTarget.resolve(ns, a.device(), a.hook(), HookTarget.Follow.STRICT)) {
            return t.query().programIds().contains(progId);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static io.jnetkit.netns.NetNs openLabel(String label) {
        if (label.startsWith("net-")) {
            // An unnamed namespace: only the init namespace can be found again by its inode.
            io.jnetkit.netns.NetNs init = io.jnetkit.netns.NetNs.ofPid(1);
            if (("net-" + init.id().replaceAll("[^0-9]", "")).equals(label)) return init;
            init.close();
            throw new HookException(HookException.Kind.NOT_FOUND, "namespace " + label + " is gone");
        }
        return io.jnetkit.netns.NetNs.open(label);
    }

    /** What {@link #prune()} removed: the stale pins, and the pins it left because they are live. */
    public record PruneReport(List<Pin> removed, int kept) {}

    /**
     * Removes every jnetkit pin whose hook is gone — defunct links (device deleted, also when a
     * device of the same name exists again) and legacy program pins whose program is no longer on
     * its hook — freeing their links, programs and maps. {@code jnetkit prune}.
     */
    public PruneReport prune() {
        List<Pin> removed = new ArrayList<>();
        int kept = 0;
        for (Path hookDir : hookDirs()) {
            try (HookLock lock = HookLock.acquire(hookDir)) {
                HookAddress a = HookAddress.ofDir(fs.jnetkitDir(), hookDir);
                List<Path> pins = new ArrayList<>(Bpffs.pinsIn(hookDir));
                pins.addAll(Bpffs.pinsIn(hookDir.resolve(PROGRAMS_DIR)));
                for (Path p : pins) {
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
