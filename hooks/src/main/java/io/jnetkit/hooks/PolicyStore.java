package io.jnetkit.hooks;

import io.jnetkit.bpf.Anchor;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.BpfMap;
import io.jnetkit.bpf.BpfLink;
import io.jnetkit.bpf.LinkInfo;
import io.jnetkit.bpf.MapSpec;
import io.jnetkit.bpf.MapType;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramInfo;
import io.jnetkit.policy.CompiledPolicy;
import io.jnetkit.policy.LoadedPolicy;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import io.jnetkit.policy.RuleStats;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.FaultPoints;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One jnetkit policy per hook, applied, replaced, read and removed by any process at any time.
 *
 * <pre>{@code
 * PolicyStore store = PolicyStore.open();
 * try (NetNs host = NetNs.current();
 *      HookTarget t = HookTarget.resolve(host, "nk0", HookName.PEER)) {
 *     store.apply(t, PolicyCompiler.compile(Policy.parse("count deny tcp dport 12345; allow any")));
 *     store.stats(t).rules();               // per-rule packets and bytes, live
 *     store.remove(t.address());
 * }
 * }</pre>
 *
 * <p><b>Why it never lies.</b> The only thing pinned is the BPF link, at
 * {@code <bpffs>/jnetkit/<netns>/<device>/<hook>/policy}. The policy's text lives in a frozen
 * one-entry map ({@code jnk_policy_src}) <em>bound to the program</em> (BPF_PROG_BIND_MAP), and
 * its counters ({@code jnk_counters}) are the program's own map. So {@link #show} and
 * {@link #stats} read the link → the program it runs right now → that program's maps: what they
 * report is by construction what the hook enforces. A replacement is one BPF_LINK_UPDATE (the
 * same link switches programs atomically); a SIGKILL before it leaves the old policy whole, after
 * it the new one, and there are no temporary pins to leak. Writers of one hook are serialised by
 * its {@link HookLock}, so concurrent appliers cannot attach two links.
 */
public final class PolicyStore {
    /** The name of the map that holds a policy's text, bound to its program. */
    public static final String SOURCE_MAP_NAME = "jnk_policy_src";
    /** The policy's pin in a hook's directory. */
    public static final String PIN_NAME = "policy";

    private final PinnedHooks hooks;

    private PolicyStore(PinnedHooks hooks) {
        this.hooks = hooks;
    }

    /** Over the persistent bpffs ({@link Bpffs#locate()}). */
    public static PolicyStore open() {
        return new PolicyStore(PinnedHooks.open());
    }

    public static PolicyStore on(PinnedHooks hooks) {
        return new PolicyStore(hooks);
    }

    /** Where the policy's link is pinned for that hook. */
    public Path pin(HookAddress a) {
        return hooks.hookDir(a).resolve(PIN_NAME);
    }

    /** What {@link #apply} did; {@code previousProgId} is set when a policy was replaced. */
    public record Applied(HookAddress at, String named, int linkId, int progId, Integer previousProgId,
                          int instructions, String pinned, String policy, String note) {
        public boolean replaced() {
            return previousProgId != null;
        }
    }

    /**
     * Loads {@code compiled} and makes it the hook's policy: attached first on the hook as a pinned
     * link, or — when a policy is there — swapped into the same link atomically (counters restart
     * at 0). A pin whose link no longer runs (its device was deleted, or it was detached) is
     * dropped and the policy attached afresh; a pin whose link runs on another device (renamed or
     * moved) is refused. On failure the hook keeps what it had.
     */
    public Applied apply(HookTarget t, CompiledPolicy compiled) {
        Path pin = pin(t.address());
        try (HookLock lock = hooks.lock(t.address());
             LoadedPolicy loaded = compiled.load(t.hookName().point().attachType())) {
            String text = compiled.policy().toString();
            bindSource(loaded, text);
            FaultPoints.reach("policy.loaded");
            String note = null;
            if (Files.exists(pin, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (BpfLink link = openPolicyLink(t.address(), pin)) {
                    LinkInfo before = link.info();
                    switch (where(t, before)) {
                        case HERE -> {
                            try (Program old = Program.fromId(before.programId())) {
                                link.update(loaded.program(), old);
                            }
                            FaultPoints.reach("policy.updated");
                            return new Applied(t.address(), t.named(), link.id(), loaded.program().id(), before.programId(),
                                    compiled.instructionCount(), pin.toString(), text, null);
                        }
                        case ELSEWHERE -> throw elsewhere(t, pin, before);
                        case NOWHERE -> { }
                    }
                }
                Bpffs.unpin(pin);
                note = "dropped a stale policy pin (its link no longer ran: its device was deleted, or it was detached)";
            }
            try (BpfLink link = Attachments.attachLink(t.netns(), loaded.program(), t.hook(), Anchor.head(), 0)) {
                FaultPoints.reach("policy.attached");
                try {
                    PinnedHooks.pinLinkWithDirs(pin, link);
                } catch (RuntimeException e) {
                    try {
                        link.detach();
                    } catch (RuntimeException x) {
                        e.addSuppressed(x);
                    }
                    throw e;
                }
                FaultPoints.reach("policy.pinned");
                return new Applied(t.address(), t.named(), link.id(), loaded.program().id(), null,
                        compiled.instructionCount(), pin.toString(), text, note);
            }
        }
    }

    /** Where a pinned policy link runs relative to the target's hook. */
    private enum Where { HERE, ELSEWHERE, NOWHERE }

    private static Where where(HookTarget t, LinkInfo info) {
        if (t.query().entries().stream().anyMatch(e -> e.linkId() == info.id())) return Where.HERE;
        return info.ifindex() == 0 ? Where.NOWHERE : Where.ELSEWHERE;
    }

    private static HookException elsewhere(HookTarget t, Path pin, LinkInfo info) {
        return new HookException(HookException.Kind.INVALID, "the policy pinned at " + pin + " (link " + info.id()
                + ") runs on ifindex " + info.ifindex() + ", not on " + t.describe()
                + " — was the device renamed or moved? Removing that pin (rm " + pin + ") detaches it there");
    }

    /**
     * The error for a policy asked about on a device (or namespace) that no longer exists,
     * {@code what} naming it: STALE when a policy pin is left for it — whatever the kernel still
     * reports while it tears a namespace down, nothing will enforce it — else NOT_FOUND.
     */
    public HookException goneError(HookAddress gone, String what) {
        if (!Files.exists(pin(gone), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new HookException(HookException.Kind.NOT_FOUND, what + " does not exist");
        }
        return new HookException(HookException.Kind.STALE, "the policy pinned at " + pin(gone) + " is stale: "
                + what + " no longer exists; 'jnetkit policy remove' or 'jnetkit prune' removes it");
    }

    /** The bpffs the store pins in (its {@link Bpffs#note()} says what was unusual about finding it). */
    public Bpffs bpffs() {
        return hooks.bpffs();
    }

    /** Creates the frozen text map and binds it (and the counters) to the program, so they live and die with it. */
    private static void bindSource(LoadedPolicy loaded, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try (BpfMap m = BpfMap.create(MapSpec.of(SOURCE_MAP_NAME, MapType.ARRAY, 4, Math.max(1, b.length), 1))) {
            m.put(new byte[4], b.length == 0 ? new byte[1] : b);
            m.freeze();
            loaded.program().bindMap(m);
        }
        // A policy without 'count' rules does not reference its counters; bind them anyway so
        // stats always finds them through the program.
        loaded.program().bindMap(loaded.counters());
    }

    /** The link pinned at {@code pin}, checked to be a link on the right kind of hook. */
    private static BpfLink openPolicyLink(HookAddress a, Path pin) {
        if (Files.isDirectory(pin)) {
            throw new HookException(HookException.Kind.INVALID, pin + " is a directory: jnetkit 0.1's policy layout "
                    + "(link, counters, source); remove it with rm -r " + pin + " (that detaches its policy) and apply again");
        }
        BpfObjects.Kind kind = BpfObjects.pinnedKind(pin);
        if (kind != BpfObjects.Kind.LINK) {
            throw new HookException(HookException.Kind.INVALID, pin + " holds a pinned " + kind.word()
                    + ", not a policy link; remove it");
        }
        BpfLink l = BpfLink.fromPinned(pin);
        try {
            LinkInfo info = l.info();
            if (info.attachType() != a.hook().point().attachType()) {
                throw new HookException(HookException.Kind.INVALID, pin + " is a " + info.type().word()
                        + " link, not on " + a.hook().section());
            }
            return l;
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /**
     * The policy link of a hook, checked to run there: NOT_FOUND when none is pinned; STALE when
     * it no longer runs anywhere (device deleted, or detached); INVALID when it runs on another
     * device. With no target (the device is gone) only "runs somewhere" can be checked.
     */
    private BpfLink liveLink(HookAddress a, HookTarget t) {
        Path pin = pin(a);
        if (!Files.exists(pin, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new HookException(HookException.Kind.NOT_FOUND, "no jnetkit policy on " + a + " (nothing pinned at " + pin + ")");
        }
        BpfLink l = openPolicyLink(a, pin);
        try {
            LinkInfo info = l.info();
            Where w = t != null ? where(t, info) : info.ifindex() == 0 ? Where.NOWHERE : Where.HERE;
            if (w == Where.ELSEWHERE) throw elsewhere(t, pin, info);
            if (w == Where.NOWHERE) {
                throw new HookException(HookException.Kind.STALE, "the policy pinned at " + pin + " is stale: its link "
                        + info.id() + " no longer runs (" + (t == null ? "its device was deleted"
                        : "it was detached, or the device was deleted and made again") + "); nothing enforces it "
                        + "('jnetkit policy remove' or 'jnetkit prune' removes it, 'policy apply' replaces it)");
            }
            return l;
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /**
     * The policy a hook runs now: text, ids, sizes. {@code instructions} as this jnetkit compiles
     * the text (null if it cannot), {@code xlated} as the kernel reports.
     */
    public record Shown(HookAddress at, int linkId, int progId, String progName, Integer instructions,
                        int xlatedInstructions, Integer countersMapId, Integer sourceMapId, String pinned, String policy) {}

    public Shown show(HookTarget t) {
        return retryingReplaced(() -> readShown(t.address(), t));
    }

    /** {@link #show(HookTarget)} by address; STALE when the device is gone, NOT_FOUND when no policy is pinned. */
    public Shown show(HookAddress a) {
        return retryingReplaced(() -> readShown(a, null));
    }

    /**
     * Runs a read again when the program it found was freed under it: a concurrent replace
     * switched the link and dropped the old program between our two reads.
     */
    private static <T> T retryingReplaced(java.util.function.Supplier<T> read) {
        for (int attempt = 0; ; attempt++) {
            try {
                return read.get();
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT || attempt >= 5) throw e;
            }
        }
    }

    private Shown readShown(HookAddress a, HookTarget t) {
        try (BpfLink link = liveLink(a, t);
             Program p = Program.fromId(link.info().programId())) {
            ProgramInfo pi = p.info();
            PolicyMaps maps = PolicyMaps.of(pi);
            Integer insns = null;
            if (maps.text() != null) {
                try {
                    insns = PolicyCompiler.compile(Policy.parse(maps.text())).instructionCount();
                } catch (RuntimeException e) {
                    // written by another jnetkit version: show the rest
                }
            }
            return new Shown(a, link.id(), pi.id(), pi.name(), insns, pi.xlatedLength() / 8, maps.countersId(),
                    maps.sourceId(), pin(a).toString(), maps.text() == null ? "" : maps.text());
        }
    }

    /** The program's bound text and counters map ids, found by their names among its maps. */
    private record PolicyMaps(String text, Integer sourceId, Integer countersId) {
        static PolicyMaps of(ProgramInfo pi) {
            String text = null;
            Integer src = null;
            Integer counters = null;
            for (int id : pi.mapIds()) {
                try (BpfMap m = BpfMap.fromId(id)) {
                    if (m.name().equals(SOURCE_MAP_NAME) && src == null) {
                        src = id;
                        byte[] v = m.lookup(new byte[4]).orElse(new byte[0]);
                        int n = v.length;
                        while (n > 0 && v[n - 1] == 0) n--;
                        text = new String(v, 0, n, StandardCharsets.UTF_8);
                    } else if (m.name().equals(PolicyCompiler.COUNTERS_MAP) && counters == null) {
                        counters = id;
                    }
                } catch (KernelException e) {
                    // freed meanwhile (the policy was replaced): the caller sees the program's other maps
                }
            }
            return new PolicyMaps(text, src, counters);
        }
    }

    /** A policy's counters as read now, from the program the hook runs now. */
    public record Stats(HookAddress at, int progId, Policy policy, List<RuleStats> rules) {}

    public Stats stats(HookTarget t) {
        return retryingReplaced(() -> readStats(t.address(), t));
    }

    /** {@link #stats(HookTarget)} by address (the device may be gone: then STALE). */
    public Stats stats(HookAddress a) {
        return retryingReplaced(() -> readStats(a, null));
    }

    private Stats readStats(HookAddress a, HookTarget t) {
        try (BpfLink link = liveLink(a, t);
             Program p = Program.fromId(link.info().programId())) {
            ProgramInfo pi = p.info();
            PolicyMaps maps = PolicyMaps.of(pi);
            if (maps.text() == null || maps.countersId() == null) {
                throw new HookException(HookException.Kind.NOT_FOUND, "prog id " + pi.id() + " on " + a
                        + " has no bound policy text or counters (was it applied by this jnetkit?)");
            }
            Policy policy = Policy.parse(maps.text());
            try (BpfMap counters = BpfMap.fromId(maps.countersId())) {
                return new Stats(a, pi.id(), policy, RuleStats.read(policy, counters));
            }
        }
    }

    /** What {@link #remove} did; {@code stale} when the device was already gone. */
    public record Removed(HookAddress at, int linkId, int progId, String unpinned, boolean stale) {}

    /**
     * Detaches the hook's policy and unpins it; its program and maps go with the last reference.
     * Refuses (INVALID) when the pinned link runs on another device (renamed or moved).
     */
    public Removed remove(HookTarget t) {
        return remove(t.address(), t);
    }

    /**
     * {@link #remove(HookTarget)} by address alone, for a device or namespace that is gone: the
     * stale pin is removed, which frees its link, program and maps.
     */
    public Removed remove(HookAddress a) {
        return remove(a, null);
    }

    private Removed remove(HookAddress a, HookTarget t) {
        Path pin = pin(a);
        try (HookLock lock = hooks.lock(a)) {
            if (!Files.exists(pin, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new HookException(HookException.Kind.NOT_FOUND, "no jnetkit policy on " + a + " (nothing pinned at " + pin + ")");
            }
            try (BpfLink link = openPolicyLink(a, pin)) {
                LinkInfo li = link.info();
                Where w = t != null ? where(t, li) : li.ifindex() == 0 ? Where.NOWHERE : Where.HERE;
                if (w == Where.ELSEWHERE) throw elsewhere(t, pin, li);
                // Unpin first: no reader may find the pin of a link that was just detached.
                Bpffs.unpin(pin);
                link.detach();
                Bpffs.removeEmptyDirs(pin.getParent(), hooks.bpffs().jnetkitDir());
                return new Removed(a, li.id(), li.programId(), pin.toString(), w == Where.NOWHERE);
            }
        }
    }
}
