package io.jnetkit.pod;

import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.BpfObjects;
import io.jnetkit.elf.BpfCollection;
import io.jnetkit.elf.CollectionSpec;
import io.jnetkit.elf.ElfProgram;
import io.jnetkit.hooks.HookAddress;
import io.jnetkit.hooks.HookException;
import io.jnetkit.hooks.HookLock;
import io.jnetkit.hooks.HookName;
import io.jnetkit.hooks.HookTarget;
import io.jnetkit.hooks.PinnedHooks;
import io.jnetkit.hooks.PolicyStore;
import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.netns.Sysctl;
import io.jnetkit.netns.Rollback;
import io.jnetkit.policy.Policy;
import io.jnetkit.policy.PolicyCompiler;
import io.jnetkit.rtnl.Address;
import io.jnetkit.net.Cidr;
import io.jnetkit.net.IpFamily;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.OperState;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.CreateResult;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.NetnsIds;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.Route;
import io.jnetkit.rtnl.RouteSpec;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.rtnl.RtnlBatch;
import io.jnetkit.rtnl.VethSpec;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Wires one pod, and is the only code that does: the topology engine and a CNI plugin both call
 * it. {@link #up} converges a {@link PodSpec} (creates what is missing, fixes what differs; a
 * re-run after a crash converges), {@link #check} reports drift as {@link Drift} records,
 * {@link #down} removes exactly what the pod owns: its namespace, its device pair (with the host
 * routes and gateway addresses on it) and the pins of its hooks.
 *
 * <pre>{@code
 * Pods pods = Pods.open();                                  // the host's bpffs for pins
 * Pods.enableForwarding(node);                              // once per node: pod <-> pod through it
 * PodSpec a = PodSpec.builder("a").address("10.0.0.2").address("fd00::2")
 *         .peerPolicy("deny tcp dport 22; allow any").build();
 * Pods.Up up = pods.up(node, a);      // up.datapathNote(): "datapath veth: this kernel has no netkit (…)"
 * List<Drift> drift = pods.check(node, a);                  // empty when the pod is as specified
 * pods.down(node, a);                                       // also fine when it is already gone
 * }</pre>
 *
 * <p><b>Never an unfiltered pod.</b> A hook with a program in the spec is closed until the program is
 * attached and pinned: on netkit the pair is created with that side's default policy
 * {@code blackhole}; on veth the host-side device stays down (the pod has no carrier). If attaching
 * fails the hook stays closed. The netkit default policy is used by the kernel only while no
 * program is attached (with one attached the program's verdict decides; all-NEXT passes), so a
 * filtered side <em>keeps</em> blackhole after its program is attached: if the program is ever
 * detached by hand the pod is cut off, not opened (Cilium does the same). Sides without a program
 * are {@code forward}.
 *
 * <p><b>Addressing.</b> Pod addresses are single hosts ({@code /32}, {@code /128}). The host
 * namespace gets one device route per pod address via the host-side device ({@code ip route add
 * 10.0.0.2/32 dev HOSTDEV}). In netkit L3 mode the devices are NOARP: the pod's default route is
 * a device route ({@code default dev eth0}), no neighbour is resolved (the kernel's
 * {@code tc_netkit.c} {@code neigh_links} selftest: in L3 the primary's program sees the IPv4
 * packet, no ARP). veth (and netkit L2) pods resolve their gateway: the host-side device holds
 * {@link PodSpec#GATEWAY4} 169.254.1.1/32 and {@link PodSpec#GATEWAY6} fe80::1/64 (DAD off), and the pod
 * routes {@code 169.254.1.1 dev eth0 scope link}, {@code default via 169.254.1.1 dev eth0},
 * {@code default via fe80::1 dev eth0} — Calico's routes, but with the gateway address really on the
 * host side instead of proxy ARP: proxy ARP answers only when the host has a route to
 * 169.254.1.1 out of another device (Calico relies on the node's default route), which a bare
 * node namespace lacks; a real address is answered by every kernel, needs no per-device sysctl
 * beyond DAD, and the same /32 on many devices is allowed.
 *
 * <p><b>The host namespace</b> is the {@link NetNs} the caller passes (the node; tests pass a fresh
 * namespace). Routing between pods through it needs forwarding there ({@code
 * net.ipv4.ip_forward}, {@code net.ipv6.conf.all.forwarding}): a node-wide decision that
 * {@link #enableForwarding} makes and {@link #check} reports ({@link Drift.ForwardingOff}), but
 * {@link #up} does not take.
 *
 * <p>Pins go through {@link PinnedHooks} and {@link PolicyStore}, at the host-side device's hook
 * addresses ({@code <bpffs>/jnetkit/<host netns>/<host device>/<hook>}).
 */
public final class Pods {
    private final PinnedHooks hooks;
    private final PolicyStore policies;
    /** Compiled policies by text: many pods share one policy, which is compiled once (compiling is pure). */
    private final java.util.concurrent.ConcurrentHashMap<String, io.jnetkit.policy.CompiledPolicy> compiledPolicies =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int COMPILED_POLICIES_KEPT = 256;

    private Pods(PinnedHooks hooks) {
        this.hooks = hooks;
        this.policies = PolicyStore.on(hooks);
    }

    /** Pins on the host's persistent bpffs ({@link io.jnetkit.hooks.Bpffs#locate()}). */
    public static Pods open() {
        return new Pods(PinnedHooks.open());
    }

    public static Pods on(PinnedHooks hooks) {
        return new Pods(hooks);
    }

    // ------------------------------------------------------------ datapath choice

    /** The datapath a pod gets and, in one line, why. */
    public record Choice(Datapath datapath, String reason) {
        @Override
        public String toString() {
            return reason;
        }
    }

    private static final AtomicReference<String> NETKIT_PROBE = new AtomicReference<>();

    /**
     * Resolves {@code wanted}: NETKIT and VETH are taken as asked (NETKIT fails with UNSUPPORTED
     * when the kernel has none); AUTO is netkit when the kernel can create a netkit pair (probed
     * once per process, in a throw-away namespace), else veth.
     */
    public static Choice choose(Datapath wanted) {
        String missing = netkitMissing();
        return switch (wanted) {
            case NETKIT -> {
                if (missing != null) {
                    throw new PodException(PodException.Kind.UNSUPPORTED, "datapath netkit: " + missing);
                }
                yield new Choice(Datapath.NETKIT, "datapath netkit: asked for");
            }
            case VETH -> new Choice(Datapath.VETH, "datapath veth: asked for");
            case AUTO -> missing == null
                    ? new Choice(Datapath.NETKIT, "datapath netkit (auto): the kernel has netkit")
                    : new Choice(Datapath.VETH, "datapath veth (auto): " + missing
                            + "; the pod's programs run on tcx of the host-side veth");
        };
    }

    /** Null when this kernel can create netkit pairs, else why not (the kernel's words). */
    static String netkitMissing() {
        String v = NETKIT_PROBE.get();
        if (v == null) {
            v = probeNetkit();
            NETKIT_PROBE.set(v);
        }
        return v.isEmpty() ? null : v;
    }

    private static String probeNetkit() {
        // The library's one netkit probe (the same answer as jnetkit doctor, the test kit and the lab).
        return switch (io.jnetkit.bpf.Features.netkit()) {
            case io.jnetkit.bpf.FeatureStatus.Supported ok -> "";
            case io.jnetkit.bpf.FeatureStatus.Unsupported u -> "this kernel has no netkit (" + u.message() + ")";
            case io.jnetkit.bpf.FeatureStatus.Unavailable u -> "could not probe for netkit: " + u.message();
        };
    }

    // ------------------------------------------------------------ node

    /**
     * Turns on IPv4 and IPv6 forwarding in {@code host} ({@code sysctl -w net.ipv4.ip_forward=1
     * net.ipv6.conf.all.forwarding=1} in that namespace), which pods need to reach each other
     * through it. Node-wide: call it once for the node, never for the machine's own namespace
     * without meaning to make it a router.
     */
    public static void enableForwarding(NetNs host) {
        Sysctl.write(host, "net/ipv4/ip_forward", "1");
        Sysctl.write(host, "net/ipv6/conf/all/forwarding", "1");
    }

    // ------------------------------------------------------------ up

    /**
     * What {@link #up} did.
     *
     * @param datapath     the datapath the pod has
     * @param datapathNote one line: which datapath and why
     * @param created      true when the pod did not exist before
     * @param changes      what was changed, in words (empty when the pod was already as specified)
     */
    public record Up(PodSpec spec, Datapath datapath, String datapathNote, boolean created, List<String> changes) {
        public Up {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Converges the pod in {@code host} to {@code spec}, idempotently. For a pod that did not exist,
     * a failure undoes everything (nothing is left); for an existing one, what was fixed stays and
     * a hook whose program failed to attach stays closed. Refuses (CONFLICT, IMMUTABLE) to touch a
     * device of the pod's name that is not the pod's, or to change the datapath or netkit mode of a
     * live pod.
     */
    public Up up(NetNs host, PodSpec spec) {
        return up(host, spec, change -> {});
    }

    /**
     * {@link #up(NetNs, PodSpec)}, telling {@code onChange} of each change the moment the kernel
     * has made it (a progress display; a test that stops the process between two changes).
     */
    public Up up(NetNs host, PodSpec spec, Consumer<String> onChange) {
        try (HookLock lock = lock(spec)) {
            return upLocked(host, null, spec, onChange);
        }
    }

    /** How many pods {@link #up(NetNs, List)} wires at once. */
    public static final int PARALLEL_PODS = 4;

    /**
     * Converges many pods of one host namespace: {@link #up(NetNs, PodSpec)} for each, several
     * at a time ({@link #PARALLEL_PODS} platform threads; the pods' namespaces are independent).
     * Why several: making a namespace, the largest part of a pod, runs on every core at once
     * (measured here, 2 cores: 1.16 ms each one at a time, 0.6 ms with 2-4 threads), and a
     * pod's wait for the link-watch worker to make its devices operational overlaps the next
     * pod's work. What the kernel does under its one rtnetlink lock does not overlap: creating a
     * pair (about 0.5 ms, one thread or four), and attaching a program to a tcx or netkit hook,
     * which waits for an RCU grace period under that lock (7-15 ms here; the attaches of
     * concurrent pods queue one after the other).
     * Each pod is its own unit as with one: locked, rolled back on failure when it was new. A
     * failure does not stop the other pods; once all are done, the first failure (in the order
     * of {@code specs}) is thrown with the others suppressed, and the pods that were wired stay.
     * The results are in the order of {@code specs}.
     */
    public List<Up> up(NetNs host, List<PodSpec> specs) {
        return up(host, specs, PARALLEL_PODS);
    }

    /** {@link #up(NetNs, List)} with {@code parallel} pods at a time (1: one after the other, on the calling thread). */
    public List<Up> up(NetNs host, List<PodSpec> specs, int parallel) {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
        int n = specs.size();
        Up[] out = new Up[n];
        RuntimeException[] failed = new RuntimeException[n];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            // One host socket per thread for all its pods.
            try (Rtnl hr = Rtnl.open(host)) {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    PodSpec spec = specs.get(i);
                    try (HookLock lock = lock(spec)) {
                        out[i] = upLocked(host, hr, spec, change -> {});
                    } catch (RuntimeException e) {
                        failed[i] = e;
                    }
                }
            } catch (RuntimeException e) {
                // The host socket could not be opened: every pod this thread would have wired fails with it.
                for (int i; (i = next.getAndIncrement()) < n; ) failed[i] = e;
            }
        };
        int threads = Math.min(parallel, n);
        List<Thread> started = new ArrayList<>();
        // Platform threads: a pod's wiring enters namespaces on its thread (NetNs.callInPlace).
        for (int t = 1; t < threads; t++) started.add(Thread.ofPlatform().name("pods-up-" + t).start(worker));
        worker.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the pods in progress finish (or roll back) either way
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        RuntimeException first = null;
        for (RuntimeException e : failed) {
            if (e == null) continue;
            if (first == null) first = e;
            else first.addSuppressed(e);
        }
        if (first != null) throw first;
        return List.of(out);
    }

    /**
     * One writer per pod across threads and processes (two {@code up}s of a new pod would race
     * to create its namespace). Keyed by the pod's namespace name, which no hook's key (bpffs
     * identity, namespace, device, hook) can equal.
     */
    private HookLock lock(PodSpec spec) {
        return HookLock.acquire("pod\n" + spec.netns());
    }

    /** {@code hostRtnl}: a handle on {@code host} the caller keeps open for many pods, or null. */
    private Up upLocked(NetNs host, Rtnl hostRtnl, PodSpec spec, Consumer<String> onChange) {
        List<String> changes = new LiveChanges(onChange);
        Rollback undo = new Rollback();
        if (spec.ownsNetns() && NetNamespaces.unbound(spec.netns())) {
            // A name a killed up left before it could bind the namespace to it: nothing is in it.
            NetNamespaces.delete(spec.netns());
            changes.add("removed netns name " + spec.netns() + ", which was bound to no namespace (an interrupted netns add)");
        }
        boolean netnsExisted = netnsExists(spec);
        if (hostRtnl != null) return upLocked(host, hostRtnl, spec, changes, undo, netnsExisted);
        // One socket in the host namespace for the whole wiring (each open is a namespace switch there and back).
        try (Rtnl hr = Rtnl.open(host)) {
            return upLocked(host, hr, spec, changes, undo, netnsExisted);
        }
    }

    private Up upLocked(NetNs host, Rtnl hr, PodSpec spec, List<String> changes, Rollback undo, boolean netnsExisted) {
        Optional<Link> existing = hr.links().find(spec.hostDevice());
        // Only a pair whose other end is in another namespace can be one whose namespace is dying.
        if (!netnsExisted && existing.isPresent() && kindOf(existing.get()) != null
                && existing.get().linkNetnsId() != null) {
            existing = awaitDying(hr, existing.get());
        }
        Choice choice = existing.isPresent() ? existingChoice(spec, existing.get()) : choose(spec.datapath());
        // New: nothing of the pod was there. A runtime's namespace exists before the pod does, so
        // there the pair alone says whether the pod is new (a failed ADD must leave no device).
        boolean fresh = (spec.ownsNetns() ? !netnsExisted : netnsExisted) && existing.isEmpty();
        try {
            if (!netnsExisted && !spec.ownsNetns()) {
                throw new PodException(PodException.Kind.NETNS_MISSING, "pod " + spec.name() + ": netns "
                        + spec.netns() + " does not exist (it is the runtime's to make)");
            }
            if (!netnsExisted && existing.isPresent()) {
                // A pair's other end cannot live in a namespace that does not exist yet.
                throw new PodException(PodException.Kind.CONFLICT, "pod " + spec.name() + ": host device "
                        + spec.hostDevice() + " exists but netns " + spec.netns() + " does not, so it is not the pod's;"
                        + " remove it or name another host device");
            }
            // An object file that cannot be used is bad input: found before anything is changed
            // (the pod's lo brought up, its devices made and rolled back).
            for (PodProgram p : new PodProgram[] {spec.primary(), spec.peer()}) {
                if (p instanceof PodProgram.BpfObject o) pick(readObject(o), o);
            }
            NetNs pod;
            if (netnsExisted) {
                pod = NetNs.open(spec.netns());
            } else {
                pod = NetNamespaces.add(spec.netns());
                undo.undo("delete netns " + spec.netns(), () -> NetNamespaces.delete(spec.netns()));
                changes.add("created netns " + spec.netns());
            }
            // A namespace made just now holds only a loopback that is down, and a pair made just
            // now has no addresses, routes or programs and is down: there is nothing to compare,
            // only to add. Go's netlink users wire a pod in ~13 requests; comparing first took ~40.
            boolean blank = !netnsExisted;
            boolean newPair = existing.isEmpty();
            try (pod; Rtnl pr = Rtnl.open(pod)) {
                // A blank namespace's loopback is brought up in the pod side's batch below.
                preparePodNetns(pod, pr, spec, blank, newPair);
                Datapath dp = choice.datapath();
                CreateResult made = null;
                if (existing.isEmpty()) {
                    made = createPair(hr, pr, pod, spec, dp, changes, blank);
                    undo.undo("delete " + spec.hostDevice(), () -> deleteQuietly(host, spec.hostDevice()));
                } else {
                    verifyPair(host, hr, pod, pr, spec, dp, existing.get());
                }
                if (made != null && made.peer() != null) {
                    // A pair made just now: every change is an addition to devices whose ifindexes the
                    // kernel has just told, so each side's changes go in one batch (one round trip).
                    int hostIndex = made.link().index();
                    int podIndex = made.peer().index();
                    wirePodSide(pr, spec, dp, podIndex, blank, changes);
                    convergePrograms(host, hr, spec, dp, changes, true);
                    wireHostSide(host, hr, spec, dp, hostIndex, changes);
                    awaitOperational(hr, pr, hostIndex, podIndex);
                } else {
                    // A new pair was made closed where the spec filters (createPair) and open elsewhere.
                    if (!newPair) closeFilteredSides(hr, spec, dp, changes);
                    if (newPair && blank) pr.links().setUp("lo", true);
                    convergePodSide(pr, spec, dp, changes, newPair);
                    convergePrograms(host, hr, spec, dp, changes, newPair);
                    // Every filtered side now has its program: open what the spec leaves unfiltered, then the host side.
                    if (!newPair) openUnfilteredSides(hr, spec, dp, changes);
                    setUp(hr, spec.hostDevice(), Drift.Side.HOST, changes, newPair);
                    convergeHostSide(host, hr, spec, dp, changes, newPair);
                    Link h = hr.links().get(spec.hostDevice());
                    awaitOperational(hr, pr, h.index(), pr.links().get(spec.podDevice()).index());
                }
            }
            undo.keep();
            return new Up(spec, choice.datapath(), choice.reason(), fresh, changes);
        } catch (RuntimeException e) {
            if (fresh) {
                for (Rollback.Failure f : undo.rollback()) e.addSuppressed(f.cause());
                // The pins a failed attach may have left for the deleted device.
                removePins(host, spec, e);
            }
            throw e;
        }
    }

    /** The change list every step of {@link #up} appends to, passing each change on as it is added. */
    private static final class LiveChanges extends ArrayList<String> {
        private final transient Consumer<String> onChange;

        LiveChanges(Consumer<String> onChange) {
            this.onChange = onChange;
        }

        @Override
        public boolean add(String change) {
            super.add(change);
            onChange.accept(change);
            return true;
        }
    }

    /** Whether the pod's namespace exists: its name in /run/netns, or the runtime's path. */
    private static boolean netnsExists(PodSpec spec) {
        return spec.ownsNetns() ? NetNamespaces.bound(spec.netns()) : Files.exists(java.nio.file.Path.of(spec.netns()));
    }

    /** How long {@code up} waits for the pair of a pod namespace deleted a moment ago to go with it. */
    private static final long DYING_NANOS = 3_000_000_000L;

    /**
     * The host end of a pair whose pod namespace was just deleted ({@code ip netns del}, a batch
     * {@link #down(NetNs, List)} of another run): the kernel destroys the namespace, and the pair
     * with it, a moment later (longer when it has many to destroy). Waits a few seconds for the
     * device to go; empty when it went, else the device as it still is (not the pod's, then).
     */
    private static Optional<Link> awaitDying(Rtnl hr, Link l) {
        long deadline = System.nanoTime() + DYING_NANOS;
        Optional<Link> now = Optional.of(l);
        while (now.isPresent() && now.get().index() == l.index() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = hr.links().find(l.name());
        }
        return now;
    }

    /** The bpffs the pods' pins live on (to tell a reader it is not mounted: then every pin is gone). */
    public io.jnetkit.hooks.Bpffs bpffs() {
        return hooks.bpffs();
    }

    /**
     * Refuses, before anything is changed, a pod whose host device name is taken in {@code host}
     * by a device that is no pod's pair, as {@link #up} would ({@link PodException.Kind#CONFLICT}).
     * A front end that changes more than one pod (a topology's forwarding, its other pods) asks
     * this first, so that a conflict leaves everything as it was.
     */
    public static void checkHostDevice(NetNs host, PodSpec spec) {
        try (Rtnl hr = Rtnl.open(host)) {
            hr.links().find(spec.hostDevice()).filter(l -> kindOf(l) == null).ifPresent(l -> existingChoice(spec, l));
        }
    }

    private static Choice existingChoice(PodSpec spec, Link l) {
        Datapath has = kindOf(l);
        if (has == null) {
            throw new PodException(PodException.Kind.CONFLICT, "pod " + spec.name() + ": host device "
                    + spec.hostDevice() + " exists and is " + (l.kind() == null ? "not a pair" : "a " + l.kind() + " device")
                    + ", not the pod's netkit or veth");
        }
        if (spec.datapath() != Datapath.AUTO && spec.datapath() != has) {
            throw new PodException(PodException.Kind.IMMUTABLE, "pod " + spec.name() + ": host device "
                    + spec.hostDevice() + " is " + has + " but the spec asks for " + spec.datapath()
                    + "; take the pod down first to change its datapath");
        }
        return new Choice(has, "datapath " + has + ": the pod's host device " + spec.hostDevice() + " already is " + has);
    }

    private static Datapath kindOf(Link l) {
        if (l.netkit() != null && !Boolean.FALSE.equals(l.netkit().primary())) return Datapath.NETKIT;
        if ("veth".equals(l.kind())) return Datapath.VETH;
        return null;
    }

    /**
     * Loopback up (in a {@code blank} namespace it is down: no need to ask); for an IPv6 pod DAD
     * off, so that its addresses are usable at once (the namespace is the pod's).
     */
    private static void preparePodNetns(NetNs pod, Rtnl pr, PodSpec spec, boolean blank, boolean newPair) {
        if (spec.hasFamily(IpFamily.V6)) {
            Sysctl.write(pod, "net/ipv6/conf/all/accept_dad", "0");
            Sysctl.write(pod, "net/ipv6/conf/default/accept_dad", "0");
        }
        // blank && newPair: the caller brings lo up (in the pod side's batch when it can).
        if (!blank && !pr.links().get("lo").up()) pr.links().setUp("lo", true);
        if (blank && !newPair) pr.links().setUp("lo", true);
    }

    /** The loopback's ifindex in every network namespace: the kernel registers it first, with this fixed index. */
    private static final int LOOPBACK_IFINDEX = 1;

    /**
     * The pod side of a pair made just now, in one batch: lo up when the namespace is {@code blank},
     * the addresses, eth0 up (before the routes: the kernel refuses a route through a device that is
     * down, "Nexthop device is not up"), the routes. What {@link #convergePodSide} does for a fresh device.
     */
    private static void wirePodSide(Rtnl pr, PodSpec spec, Datapath dp, int podIndex, boolean blank, List<String> changes) {
        String dev = spec.podDevice();
        RtnlBatch b = pr.batch();
        if (blank) b.setUp(LOOPBACK_IFINDEX, "lo");
        for (Cidr c : spec.addresses()) b.addAddress(podIndex, dev, c);
        b.setUp(podIndex, dev);
        List<RouteSpec> routes = podRoutes(spec, dp);
        for (RouteSpec r : routes) b.addRoute(r, podIndex);
        b.run();
        for (Cidr c : spec.addresses()) changes.add("added address " + c + " to pod device " + dev);
        changes.add("set " + Drift.Side.POD + " device " + dev + " up");
        for (RouteSpec r : routes) changes.add("added " + Drift.Side.POD + " route " + describe(r));
    }

    /**
     * The host side of a pair made just now, after its programs are attached, in one batch: up,
     * the gateway addresses, the routes. What {@link #setUp} and {@link #convergeHostSide} do for a
     * fresh device.
     */
    private static void wireHostSide(NetNs host, Rtnl hr, PodSpec spec, Datapath dp, int hostIndex, List<String> changes) {
        String dev = spec.hostDevice();
        List<Cidr> addresses = hostAddresses(spec, dp);
        for (Cidr c : addresses) {
            if (c.family() == IpFamily.V6) {
                // The pod asks for fe80::1 at once; a tentative address would not answer for a second or two.
                Sysctl.write(host, "net/ipv6/conf/" + dev + "/accept_dad", "0");
                break;
            }
        }
        RtnlBatch b = hr.batch().setUp(hostIndex, dev);
        for (Cidr c : addresses) b.addAddress(hostIndex, dev, c);
        List<RouteSpec> routes = hostRoutes(spec);
        for (RouteSpec r : routes) b.addRoute(r, hostIndex);
        b.run();
        changes.add("set " + Drift.Side.HOST + " device " + dev + " up");
        for (Cidr c : addresses) changes.add("added gateway address " + c + " to host device " + dev);
        for (RouteSpec r : routes) changes.add("added " + Drift.Side.HOST + " route " + describe(r));
    }

    private static CreateResult createPair(Rtnl hr, Rtnl pr, NetNs pod, PodSpec spec, Datapath dp, List<String> changes, boolean blank) {
        if (!blank && pr.links().find(spec.podDevice()).isPresent()) {
            throw new PodException(PodException.Kind.CONFLICT, "pod " + spec.name() + ": netns " + spec.netns()
                    + " already has a device " + spec.podDevice() + " that is not the other end of " + spec.hostDevice());
        }
        // The peer is created directly in the pod's namespace (IFLA_NETKIT_PEER_INFO / VETH_INFO_PEER
        // with IFLA_NET_NS_FD): it never exists in the host namespace, not even for a moment.
        PeerSpec peer = PeerSpec.builder().name(spec.podDevice()).netns(pod).build();
        if (dp == Datapath.NETKIT) {
            NetkitPolicy policy = defaultPolicy(spec, PodHook.PRIMARY);
            NetkitPolicy peerPolicy = defaultPolicy(spec, PodHook.PEER);
            NetkitTuning tune = spec.netkit();
            CreateResult made = hr.links().create(NetkitSpec.builder().name(spec.hostDevice()).mode(spec.netkitMode())
                    .policy(policy).peerPolicy(peerPolicy).scrub(tune.scrub()).peerScrub(tune.peerScrub())
                    .headroom(tune.headroom()).tailroom(tune.tailroom()).peer(peer).build(), pr);
            changes.add("created netkit pair " + spec.hostDevice() + " / " + spec.podDevice() + " in netns " + spec.netns()
                    + " (mode " + spec.netkitMode().word() + ", policy " + policy.word() + ", peer policy " + peerPolicy.word() + ")"
                    + (made.ignored().isEmpty() ? "" : "; this kernel ignored " + String.join(", ", made.ignored())));
            return made;
        } else {
            CreateResult made = hr.links().create(VethSpec.builder().name(spec.hostDevice()).peer(peer).build(), pr);
            changes.add("created veth pair " + spec.hostDevice() + " / " + spec.podDevice() + " in netns " + spec.netns()
                    + " (host side down until the pod's programs are attached)"
                    + (spec.netkit().isEmpty() ? "" : "; its netkit settings (scrub, headroom, tailroom) do not apply to veth"));
            return made;
        }
    }

    /** The default verdict a netkit side keeps: blackhole when the spec filters it, else forward. */
    static NetkitPolicy defaultPolicy(PodSpec spec, PodHook hook) {
        return spec.program(hook) != null ? NetkitPolicy.BLACKHOLE : NetkitPolicy.FORWARD;
    }

    private static void verifyPair(NetNs host, Rtnl hr, NetNs pod, Rtnl pr, PodSpec spec, Datapath dp, Link l) {
        String problem = pairProblem(hr, pod, pr, spec, l);
        if (problem != null) {
            throw new PodException(PodException.Kind.CONFLICT, "pod " + spec.name() + ": host device " + spec.hostDevice()
                    + " is not the pod's: " + problem + "; remove it or name another host device");
        }
        if (dp == Datapath.NETKIT && l.netkit().mode() != spec.netkitMode()) {
            throw new PodException(PodException.Kind.IMMUTABLE, "pod " + spec.name() + ": netkit " + spec.hostDevice()
                    + " is mode " + (l.netkit().mode() == null ? "unknown" : l.netkit().mode().word()) + ", the spec says "
                    + spec.netkitMode().word() + "; take the pod down first to change the mode");
        }
        if (dp == Datapath.NETKIT) {
            List<String[]> differ = tuningMismatches(spec.netkit(), l.netkit());
            if (!differ.isEmpty()) {
                throw new PodException(PodException.Kind.IMMUTABLE, "pod " + spec.name() + ": netkit " + spec.hostDevice()
                        + " has " + String.join(", ", differ.stream().map(m -> m[1]).toList()) + ", the spec says "
                        + String.join(", ", differ.stream().map(m -> m[0]).toList()) + "; the kernel sets these only"
                        + " when the pair is created: take the pod down first to change them");
            }
        }
    }

    /**
     * Settings of a live netkit pair that differ from the spec's, each {want, have} in words. A
     * setting the spec leaves to the kernel, or one the kernel does not report (headroom and
     * tailroom before Linux 6.14), is not compared.
     */
    static List<String[]> tuningMismatches(NetkitTuning want, NetkitInfo have) {
        List<String[]> out = new ArrayList<>();
        if (want.scrub() != null && have.scrub() != null && want.scrub() != have.scrub()) {
            out.add(new String[] {"scrub " + want.scrub().word(), "scrub " + have.scrub().word()});
        }
        if (want.peerScrub() != null && have.peerScrub() != null && want.peerScrub() != have.peerScrub()) {
            out.add(new String[] {"peer scrub " + want.peerScrub().word(), "peer scrub " + have.peerScrub().word()});
        }
        if (want.headroom() != null && have.headroom() != null && !want.headroom().equals(have.headroom())) {
            out.add(new String[] {"headroom " + want.headroom(), "headroom " + have.headroom()});
        }
        if (want.tailroom() != null && have.tailroom() != null && !want.tailroom().equals(have.tailroom())) {
            out.add(new String[] {"tailroom " + want.tailroom(), "tailroom " + have.tailroom()});
        }
        return out;
    }

    /**
     * {@link #pairProblem} {@code == null} without a socket in the pod's namespace: the other end
     * is read through the host namespace's nsid of it (what a batch down of many pods saves).
     */
    private static boolean isPodsPair(Rtnl hr, NetNs pod, PodSpec spec, Link l) {
        if (l.link() == null || l.linkNetnsId() == null) return false;
        int nsid = NetnsIds.nsid(hr, pod);
        if (nsid != l.linkNetnsId()) return false;
        try {
            return hr.links().getInNetnsId(nsid, l.link()).name().equals(spec.podDevice());
        } catch (KernelException e) {
            if (e.errno() == Errno.ENODEV) return false;
            throw e;
        }
    }

    /** Why {@code l} is not the host end of the pod's pair, or null when it is. */
    private static String pairProblem(Rtnl hr, NetNs pod, Rtnl pr, PodSpec spec, Link l) {
        if (l.link() == null || l.linkNetnsId() == null) {
            return "its other end is not in another namespace";
        }
        int podNsid = NetnsIds.nsid(hr, pod);
        if (podNsid != l.linkNetnsId()) {
            return "its other end is in another namespace than " + spec.netns();
        }
        Optional<Link> peer = pr.links().find(spec.podDevice());
        if (peer.isEmpty() || peer.get().index() != l.link()) {
            return "its other end in netns " + spec.netns() + " is not named " + spec.podDevice();
        }
        return null;
    }

    /** Before a missing program is attached: netkit sides to blackhole; a veth's host side down. */
    private void closeFilteredSides(Rtnl hr, PodSpec spec, Datapath dp, List<String> changes) {
        Link l = hr.links().get(spec.hostDevice());
        if (dp == Datapath.NETKIT) {
            NetkitInfo nk = l.netkit();
            NetkitPolicy p = spec.primary() != null && nk.policy() != NetkitPolicy.BLACKHOLE ? NetkitPolicy.BLACKHOLE : null;
            NetkitPolicy pp = spec.peer() != null && nk.peerPolicy() != NetkitPolicy.BLACKHOLE ? NetkitPolicy.BLACKHOLE : null;
            if (p != null || pp != null) {
                hr.links().changeNetkit(spec.hostDevice(), p, pp);
                changes.add("set netkit " + spec.hostDevice() + (p != null ? " policy blackhole" : "")
                        + (pp != null ? " peer policy blackhole" : ""));
            }
        } else if (l.up() && !programsInPlace(hr.netns(), spec, dp)) {
            hr.links().setUp(spec.hostDevice(), false);
            changes.add("set " + spec.hostDevice() + " down until the pod's programs are attached");
        }
    }

    private void openUnfilteredSides(Rtnl hr, PodSpec spec, Datapath dp, List<String> changes) {
        if (dp != Datapath.NETKIT) return;
        NetkitInfo nk = hr.links().get(spec.hostDevice()).netkit();
        NetkitPolicy p = spec.primary() == null && nk.policy() != NetkitPolicy.FORWARD ? NetkitPolicy.FORWARD : null;
        NetkitPolicy pp = spec.peer() == null && nk.peerPolicy() != NetkitPolicy.FORWARD ? NetkitPolicy.FORWARD : null;
        if (p != null || pp != null) {
            hr.links().changeNetkit(spec.hostDevice(), p, pp);
            changes.add("set netkit " + spec.hostDevice() + (p != null ? " policy forward" : "")
                    + (pp != null ? " peer policy forward" : "") + " (no program for that side in the spec)");
        }
    }

    /** True when every hook with a program in the spec runs it (nothing to attach). */
    private boolean programsInPlace(NetNs host, PodSpec spec, Datapath dp) {
        for (PodHook h : PodHook.values()) {
            if (spec.program(h) == null) continue;
            try (HookTarget t = HookTarget.resolve(host, spec.hostDevice(), h.on(dp), HookTarget.Follow.STRICT)) {
                if (hookProblem(t, h, spec.program(h)) != null) return false;
            }
        }
        return true;
    }

    /** How long {@code up} waits for a pair it has just set up to carry traffic. */
    private static final long OPERATIONAL_NANOS = 3_000_000_000L;

    /**
     * Waits until both ends report operstate UP. A device set up is not yet carrying packets: the
     * kernel turns carrier changes into operstate and attaches the device's queueing discipline
     * (until then: one that drops everything) in its link-watch work, which it defers — up to a
     * second when many devices change at once (a runtime's parallel ADDs, a topology's pods).
     * A pod is up when it can talk, so up returns after that; past the wait (3 s) it returns anyway
     * (check reports a device that stays down). Public for front ends that wire a pair by hand
     * (the CLI's demo): {@code hr}/{@code pr} are sockets in the host's and the pod's namespace.
     */
    public static void awaitOperational(Rtnl hr, Rtnl pr, int hostIndex, int podIndex) {
        long deadline = System.nanoTime() + OPERATIONAL_NANOS;
        // The link-watch work usually runs within a millisecond (a pair's carrier change is urgent
        // for it): look again soon, then less often. A fixed 10 ms pause cost a pod 5 ms on average.
        long pauseMicros = 200;
        while (true) {
            Link h = hr.links().get(hostIndex);
            // A host side kept down (a filtered veth pod whose program is missing) holds the pod side down too.
            boolean ready = !h.up() || h.operState() == OperState.UP && podReady(pr.links().get(podIndex));
            if (ready || System.nanoTime() > deadline) return;
            try {
                Thread.sleep(java.time.Duration.ofNanos(pauseMicros * 1000));
                pauseMicros = Math.min(10_000, pauseMicros * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean podReady(Link p) {
        return !p.up() || p.operState() == OperState.UP;
    }

    /** Sets {@code dev} up; {@code knownDown}: made down a moment ago, no need to ask. */
    private static void setUp(Rtnl r, String dev, Drift.Side side, List<String> changes, boolean knownDown) {
        if (knownDown || !r.links().get(dev).up()) {
            r.links().setUp(dev, true);
            changes.add("set " + side + " device " + dev + " up");
        }
    }

    /** {@code fresh}: the pod device was made just now (no addresses, no routes through it, down). */
    private static void convergePodSide(Rtnl pr, PodSpec spec, Datapath dp, List<String> changes, boolean fresh) {
        String dev = spec.podDevice();
        List<Cidr> have = fresh ? List.of() : pr.addresses().list(dev).stream().map(Address::cidr).toList();
        for (Cidr c : spec.addresses()) {
            if (!have.contains(c)) {
                pr.addresses().add(dev, c);
                changes.add("added address " + c + " to pod device " + dev);
            }
        }
        for (Cidr c : have) {
            if (!spec.addresses().contains(c) && !c.address().isLinkLocalAddress()) {
                pr.addresses().delete(dev, c);
                changes.add("removed address " + c + " from pod device " + dev);
            }
        }
        // Up before the routes: the kernel refuses routes through a device that is down ("Nexthop device is not up").
        setUp(pr, dev, Drift.Side.POD, changes, fresh);
        addMissingRoutes(pr, Drift.Side.POD, podRoutes(spec, dp), changes, fresh);
    }

    /** {@code fresh}: the host device was made just now (no addresses, no routes). */
    private static void convergeHostSide(NetNs host, Rtnl hr, PodSpec spec, Datapath dp, List<String> changes, boolean fresh) {
        String dev = spec.hostDevice();
        List<Cidr> want = hostAddresses(spec, dp);
        if (!want.isEmpty()) {
            List<Cidr> have = fresh ? List.of() : hr.addresses().list(dev).stream().map(Address::cidr).toList();
            for (Cidr c : want) {
                if (have.contains(c)) continue;
                if (c.family() == IpFamily.V6) {
                    // The pod asks for fe80::1 at once; a tentative address would not answer for a second or two.
                    Sysctl.write(host, "net/ipv6/conf/" + dev + "/accept_dad", "0");
                }
                hr.addresses().add(dev, c);
                changes.add("added gateway address " + c + " to host device " + dev);
            }
        }
        addMissingRoutes(hr, Drift.Side.HOST, hostRoutes(spec), changes, fresh);
    }

    /** Adds the routes of {@code want} that are missing; {@code fresh}: the device has none yet. */
    private static void addMissingRoutes(Rtnl r, Drift.Side side, List<RouteSpec> want, List<String> changes, boolean fresh) {
        for (RouteSpec rs : want) {
            if (fresh || !hasRoute(r, rs)) {
                r.routes().add(rs);
                changes.add("added " + side + " route " + describe(rs));
            }
        }
    }

    /** The routes inside the pod, in the order they must be added. */
    static List<RouteSpec> podRoutes(PodSpec spec, Datapath dp) {
        List<RouteSpec> out = new ArrayList<>();
        String dev = spec.podDevice();
        boolean linkLayer = linkLayer(spec, dp);
        if (spec.hasFamily(IpFamily.V4)) {
            if (linkLayer) {
                out.add(RouteSpec.viaDevice(new Cidr(PodSpec.GATEWAY4, 32), dev));
                out.add(new RouteSpec(Cidr.parse("0.0.0.0/0"), PodSpec.GATEWAY4, dev, null, null));
            } else {
                out.add(RouteSpec.viaDevice(Cidr.parse("0.0.0.0/0"), dev));
            }
        }
        if (spec.hasFamily(IpFamily.V6)) {
            out.add(linkLayer ? new RouteSpec(Cidr.parse("::/0"), PodSpec.GATEWAY6, dev, null, null)
                    : RouteSpec.viaDevice(Cidr.parse("::/0"), dev));
        }
        return out;
    }

    /** One device route per pod address, through the host-side device. */
    static List<RouteSpec> hostRoutes(PodSpec spec) {
        return spec.addresses().stream().map(c -> RouteSpec.viaDevice(c, spec.hostDevice())).toList();
    }

    /** The gateway addresses the host-side device holds for a link-layer pod; none for netkit L3. */
    static List<Cidr> hostAddresses(PodSpec spec, Datapath dp) {
        if (!linkLayer(spec, dp)) return List.of();
        List<Cidr> out = new ArrayList<>();
        if (spec.hasFamily(IpFamily.V4)) out.add(new Cidr(PodSpec.GATEWAY4, 32));
        if (spec.hasFamily(IpFamily.V6)) out.add(new Cidr(PodSpec.GATEWAY6, 64));
        return out;
    }

    /** veth, and netkit in L2 mode, resolve neighbours (ARP/ND); netkit L3 is NOARP. */
    static boolean linkLayer(PodSpec spec, Datapath dp) {
        return dp == Datapath.VETH || spec.netkitMode() == NetkitMode.L2;
    }

    private static boolean hasRoute(Rtnl r, RouteSpec want) {
        // Only the device's routes of the main table: a full dump per pod made up/status O(N²).
        for (Route route : r.routes().list(want.family(), 254, want.device())) {
            if (route.dst().equals(want.dst()) && java.util.Objects.equals(route.gateway(), want.gateway())) {
                return true;
            }
        }
        return false;
    }

    /** {@code 10.0.0.2/32 dev p-a}, {@code default via 169.254.1.1 dev eth0}. */
    static String describe(RouteSpec r) {
        return (r.dst() == null || r.dst().prefixLength() == 0 ? "default" : r.dst().toString())
                + (r.gateway() != null ? " via " + Cidr.format(r.gateway()) : "")
                + (r.device() != null ? " dev " + r.device() : "");
    }

    // ------------------------------------------------------------ programs

    /**
     * Attaches what the spec asks at each hook and removes the rest. On a {@code newPair} a hook
     * the spec leaves empty has nothing attached (the device was made a moment ago); only pins a
     * deleted device of the same name left could be there, and only then is the hook resolved.
     */
    private void convergePrograms(NetNs host, Rtnl hr, PodSpec spec, Datapath dp, List<String> changes, boolean newPair) {
        String label = null;
        for (PodHook h : PodHook.values()) {
            if (newPair && spec.program(h) == null) {
                if (label == null) label = NetnsIds.label(host);
                HookAddress a = new HookAddress(label, spec.hostDevice(), h.on(dp));
                if (!Files.exists(policies.pin(a)) && !Files.isDirectory(hooks.hookDir(a))) continue;
            }
            try (HookTarget t = HookTarget.resolve(host, spec.hostDevice(), h.on(dp), HookTarget.Follow.STRICT)) {
                convergeHook(t, h, spec.program(h), changes);
            }
        }
    }

    private void convergeHook(HookTarget t, PodHook h, PodProgram want, List<String> changes) {
        String where = h + " hook (" + t.hookName() + " of " + t.device() + ")";
        Integer keep = null;
        switch (want) {
            case null -> {
                if (Files.exists(policies.pin(t.address()))) {
                    policies.remove(t.address());
                    changes.add(where + ": removed the policy (none in the spec)");
                }
            }
            case PodProgram.Policy p -> {
                Drift problem = hookProblem(t, h, want);
                if (problem == null) {
                    keep = policies.show(t.address()).progId();
                } else {
                    keep = policies.apply(t, compiled(p.text())).progId();
                    changes.add(where + ": applied " + want);
                }
                dropObjectPins(t, changes, where);
            }
            case PodProgram.BpfObject o -> {
                if (Files.exists(policies.pin(t.address()))) {
                    policies.remove(t.address());
                    changes.add(where + ": removed the policy (the spec names an object)");
                }
                Integer live = objectProgram(t, o);
                if (live != null) {
                    keep = live;
                } else {
                    dropObjectPins(t, changes, where);
                    keep = attachObject(t, o);
                    changes.add(where + ": attached " + want);
                }
            }
        }
        for (HookQuery.Entry e : t.query().entries()) {
            if (keep == null || e.programId() != keep) {
                hooks.detachProgram(t, e.programId());
                changes.add(where + ": detached extra program " + e.programId());
            }
        }
    }

    /** Removes the pins {@code attach} made on this hook (object programs), detaching their links. */
    private void dropObjectPins(HookTarget t, List<String> changes, String where) {
        if (!Files.isDirectory(hooks.hookDir(t.address()).resolve(PinnedHooks.PROGRAMS_DIR))) return;
        for (PinnedHooks.Detached d : hooks.detachPinnedAt(t.address())) {
            changes.add(where + ": detached program " + d.progId() + " " + d.progName());
        }
    }

    private int attachObject(HookTarget t, PodProgram.BpfObject o) {
        CollectionSpec spec = readObject(o);
        ElfProgram chosen = pick(spec, o);
        BpfCollection c;
        try {
            c = BpfCollection.load(spec, java.util.Set.of(chosen.name()));
        } catch (IllegalStateException e) {
            throw new PodException(PodException.Kind.BAD_OBJECT, "load " + o.object() + ": " + e.getMessage(), e);
        }
        try (c) {
            Program p = c.program(chosen.name());
            return hooks.attach(t, p, PinnedHooks.AttachOptions.DEFAULT).progId();
        }
    }

    private static CollectionSpec readObject(PodProgram.BpfObject o) {
        if (!Files.isRegularFile(o.object())) {
            throw new PodException(PodException.Kind.BAD_OBJECT, "read " + o.object() + ": no such file");
        }
        try {
            return CollectionSpec.read(o.object());
        } catch (RuntimeException e) {
            // The reader's messages already start with "read FILE: ".
            String m = String.valueOf(e.getMessage());
            throw new PodException(PodException.Kind.BAD_OBJECT, m.startsWith("read " + o.object() + ": ") ? m
                    : "read " + o.object() + ": " + m, e);
        }
    }

    private static ElfProgram pick(CollectionSpec spec, PodProgram.BpfObject o) {
        List<ElfProgram> all = spec.programs();
        if (o.program() == null) {
            if (all.size() != 1) {
                throw new PodException(PodException.Kind.BAD_OBJECT, o.object() + " has " + all.size()
                        + " programs; name one (" + String.join(", ", all.stream().map(ElfProgram::name).toList()) + ")");
            }
            return all.getFirst();
        }
        try {
            return spec.program(o.program());
        } catch (NoSuchElementException e) {
            throw new PodException(PodException.Kind.BAD_OBJECT, o.object() + ": " + e.getMessage(), e);
        }
    }

    /** The id of the object program pinned (alive, attached) on this hook, or null. */
    private Integer objectProgram(HookTarget t, PodProgram.BpfObject o) {
        Set<Integer> attached = Set.copyOf(t.query().programIds());
        for (PinnedHooks.Pin pin : hooks.pins()) {
            if (!t.address().equals(pin.at()) || pin.stale() || pin.kind() != BpfObjects.Kind.LINK) continue;
            if (!pin.path().contains("/" + PinnedHooks.PROGRAMS_DIR + "/")) continue;
            if (pin.progId() != null && attached.contains(pin.progId()) && sameProgramName(pin.progId(), o)) {
                return pin.progId();
            }
        }
        return null;
    }

    /**
     * Whether program {@code progId} is the object's program, by the name the kernel keeps (15
     * bytes). A rebuilt object whose program has the same name counts as the same: {@code up} does
     * not reload it (down and up the pod, or name the program differently, to replace it).
     */
    private static boolean sameProgramName(int progId, PodProgram.BpfObject o) {
        String want;
        try {
            want = pick(readObject(o), o).kernelName();
        } catch (PodException e) {
            return false;
        }
        try (Program p = Program.fromId(progId)) {
            return p.name().equals(want);
        } catch (KernelException e) {
            return false;
        }
    }

    /** Null when the hook runs what the spec wants (and nothing else is needed), else the problem as drift. */
    private Drift hookProblem(HookTarget t, PodHook h, PodProgram want) {
        Set<Integer> attached = Set.copyOf(t.query().programIds());
        switch (want) {
            case null -> {
                return null;
            }
            case PodProgram.Policy p -> {
                PolicyStore.Shown shown;
                try {
                    shown = policies.show(t.address());
                } catch (HookException | KernelException e) {
                    return new Drift.ProgramMissing(h, t.hookName(), want);
                }
                if (!attached.contains(shown.progId())) return new Drift.ProgramMissing(h, t.hookName(), want);
                String expected = Policy.parse(p.text()).toString();
                String actual;
                try {
                    actual = Policy.parse(shown.policy()).toString();
                } catch (RuntimeException e) {
                    actual = shown.policy();
                }
                return expected.equals(actual) ? null : new Drift.PolicyDiffers(h, t.hookName(), expected, actual);
            }
            case PodProgram.BpfObject o -> {
                return objectProgram(t, o) == null ? new Drift.ProgramMissing(h, t.hookName(), want) : null;
            }
        }
    }

    // ------------------------------------------------------------ check

    /**
     * How the live pod differs from {@code spec}; empty when it is as specified. Reads only.
     * Also reports {@link Drift.ForwardingOff} for the host namespace (node-wide, see
     * {@link #enableForwarding}).
     */
    public List<Drift> check(NetNs host, PodSpec spec) {
        List<Drift> out = new ArrayList<>();
        if (spec.hasFamily(IpFamily.V4) && !"1".equals(Sysctl.read(host, "net/ipv4/ip_forward"))) {
            out.add(new Drift.ForwardingOff(IpFamily.V4));
        }
        if (spec.hasFamily(IpFamily.V6) && !"1".equals(Sysctl.read(host, "net/ipv6/conf/all/forwarding"))) {
            out.add(new Drift.ForwardingOff(IpFamily.V6));
        }
        try (Rtnl hr = Rtnl.open(host)) {
            Optional<Link> hostLink = hr.links().find(spec.hostDevice());
            if (!netnsExists(spec)) {
                out.add(new Drift.NetnsMissing(spec.netns()));
                if (hostLink.isEmpty()) out.add(new Drift.DeviceMissing(Drift.Side.HOST, spec.hostDevice()));
                else out.add(new Drift.DeviceMismatch(Drift.Side.HOST, spec.hostDevice(), "the pod's pair", "a device whose pod is gone"));
                return out;
            }
            try (NetNs pod = NetNs.open(spec.netns()); Rtnl pr = Rtnl.open(pod)) {
                if (hostLink.isEmpty()) {
                    out.add(new Drift.DeviceMissing(Drift.Side.HOST, spec.hostDevice()));
                    if (pr.links().find(spec.podDevice()).isEmpty()) {
                        out.add(new Drift.DeviceMissing(Drift.Side.POD, spec.podDevice()));
                    }
                    return out;
                }
                Link l = hostLink.get();
                Datapath dp = kindOf(l);
                if (dp == null || (spec.datapath() != Datapath.AUTO && spec.datapath() != dp)) {
                    out.add(new Drift.DeviceMismatch(Drift.Side.HOST, spec.hostDevice(),
                            spec.datapath() == Datapath.AUTO ? "netkit or veth" : spec.datapath().word(),
                            dp == null ? (l.kind() == null ? "a device without kind" : l.kind()) : dp.word()));
                    return out;
                }
                String problem = pairProblem(hr, pod, pr, spec, l);
                if (problem != null) {
                    out.add(new Drift.DeviceMismatch(Drift.Side.HOST, spec.hostDevice(), "the pod's pair", problem));
                    return out;
                }
                if (dp == Datapath.NETKIT) {
                    NetkitInfo nk = l.netkit();
                    if (nk.mode() != spec.netkitMode()) {
                        out.add(new Drift.DeviceMismatch(Drift.Side.HOST, spec.hostDevice(), "mode " + spec.netkitMode().word(),
                                "mode " + (nk.mode() == null ? "unknown" : nk.mode().word())));
                    }
                    for (String[] m : tuningMismatches(spec.netkit(), nk)) {
                        out.add(new Drift.DeviceMismatch(Drift.Side.HOST, spec.hostDevice(), m[0], m[1]));
                    }
                    policyDrift(out, PodHook.PRIMARY, defaultPolicy(spec, PodHook.PRIMARY), nk.policy());
                    policyDrift(out, PodHook.PEER, defaultPolicy(spec, PodHook.PEER), nk.peerPolicy());
                }
                if (!l.up()) out.add(new Drift.DeviceDown(Drift.Side.HOST, spec.hostDevice()));
                if (!pr.links().get(spec.podDevice()).up()) out.add(new Drift.DeviceDown(Drift.Side.POD, spec.podDevice()));
                List<Cidr> podHave = pr.addresses().list(spec.podDevice()).stream().map(Address::cidr).toList();
                for (Cidr c : spec.addresses()) {
                    if (!podHave.contains(c)) out.add(new Drift.AddressMissing(Drift.Side.POD, spec.podDevice(), c));
                }
                for (Cidr c : podHave) {
                    if (!spec.addresses().contains(c) && !c.address().isLinkLocalAddress()) {
                        out.add(new Drift.AddressExtra(Drift.Side.POD, spec.podDevice(), c));
                    }
                }
                List<Cidr> hostHave = hr.addresses().list(spec.hostDevice()).stream().map(Address::cidr).toList();
                for (Cidr c : hostAddresses(spec, dp)) {
                    if (!hostHave.contains(c)) out.add(new Drift.AddressMissing(Drift.Side.HOST, spec.hostDevice(), c));
                }
                for (RouteSpec r : podRoutes(spec, dp)) {
                    if (!hasRoute(pr, r)) out.add(new Drift.RouteMissing(Drift.Side.POD, r));
                }
                for (RouteSpec r : hostRoutes(spec)) {
                    if (!hasRoute(hr, r)) out.add(new Drift.RouteMissing(Drift.Side.HOST, r));
                }
                for (PodHook h : PodHook.values()) {
                    try (HookTarget t = HookTarget.resolve(host, spec.hostDevice(), h.on(dp), HookTarget.Follow.STRICT)) {
                        hookDrift(out, t, h, spec.program(h));
                    }
                }
            }
        }
        return out;
    }

    private static void policyDrift(List<Drift> out, PodHook h, NetkitPolicy want, NetkitPolicy have) {
        if (have != want) out.add(new Drift.NetkitPolicyMismatch(h, want.word(), have == null ? "unknown" : have.word()));
    }

    private void hookDrift(List<Drift> out, HookTarget t, PodHook h, PodProgram want) {
        Drift d = hookProblem(t, h, want);
        if (d != null) out.add(d);
        Integer ours = null;
        if (d == null && want instanceof PodProgram.Policy) ours = policies.show(t.address()).progId();
        if (d instanceof Drift.PolicyDiffers) ours = policies.show(t.address()).progId();
        if (d == null && want instanceof PodProgram.BpfObject o) ours = objectProgram(t, o);
        List<Integer> extra = new ArrayList<>();
        for (int id : t.query().programIds()) {
            if (ours == null || id != ours) extra.add(id);
        }
        if (!extra.isEmpty()) out.add(new Drift.ExtraPrograms(h, t.hookName(), extra));
    }

    // ------------------------------------------------------------ down

    /** What {@link #down} removed, in words; empty when the pod was already gone. */
    public record Down(PodSpec spec, List<String> removed) {
        public Down {
            removed = List.copyOf(removed);
        }
    }

    /**
     * Removes what the pod owns: its pair (deleting the host-side device deletes both ends, and the
     * kernel drops the host routes and gateway addresses on it), the pins of its hooks (policy and
     * programs, freeing their links, programs and maps), and its namespace. The device goes first,
     * so no moment exists in which the pod is up without its programs. Succeeds when the pod is
     * already (partly) gone. A host device of the pod's name that is not the pod's pair is left
     * alone (and so are pins under its name).
     */
    public Down down(NetNs host, PodSpec spec) {
        try (HookLock lock = lock(spec)) {
            return downLocked(host, spec);
        }
    }

    private Down downLocked(NetNs host, PodSpec spec) {
        List<String> removed = new ArrayList<>();
        boolean netnsExists = netnsExists(spec);
        boolean devicePresentNotOurs = false;
        try (Rtnl hr = Rtnl.open(host)) {
            Optional<Link> l = hr.links().find(spec.hostDevice());
            if (l.isPresent()) {
                boolean ours = false;
                if (netnsExists && kindOf(l.get()) != null) {
                    try (NetNs pod = NetNs.open(spec.netns()); Rtnl pr = Rtnl.open(pod)) {
                        ours = pairProblem(hr, pod, pr, spec, l.get()) == null;
                    }
                }
                if (ours) {
                    deleteLink(hr, spec.hostDevice());
                    removed.add("deleted " + kindOf(l.get()) + " pair " + spec.hostDevice() + " / " + spec.podDevice()
                            + " (with its host routes)");
                } else {
                    devicePresentNotOurs = true;
                }
            }
        }
        if (!devicePresentNotOurs) {
            removed.addAll(removePins(host, spec, null));
        }
        if (spec.ownsNetns() && NetNamespaces.exists(spec.netns())) {
            try {
                NetNamespaces.delete(spec.netns());
                removed.add(netnsExists ? "deleted netns " + spec.netns()
                        : "deleted netns name " + spec.netns() + " (bound to no namespace: an interrupted netns add)");
            } catch (io.jnetkit.netns.NetNsException e) {
                if (e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_FOUND) throw e;
            }
        }
        return new Down(spec, removed);
    }

    /** How long {@link #down(NetNs, List)} waits for the kernel to make progress destroying namespaces. */
    private static final long BATCH_STALL_NANOS = 5_000_000_000L;

    /**
     * Takes many pods of one host namespace down: what {@link #down(NetNs, PodSpec)} does for each,
     * in the order of {@code specs}, but an order of magnitude faster for many pods. Deleting a
     * pair ({@code ip link del}) makes the kernel wait for RCU grace periods before it returns,
     * some 20-30 ms per pair whatever the machine; deleting a namespace ({@code ip netns del})
     * returns at once, and the kernel destroys the dead namespaces in batches, with their devices
     * (the pod's end of each pair, and with it the host end) under one set of grace periods. So
     * this deletes every pod's namespace, waits until the host ends of the pods' pairs are gone,
     * and only then removes the pods' pins: as with one pod, no moment exists in which a pod's
     * device is there without its programs. A pair whose namespace something else keeps alive (a
     * process inside it, a bind mount elsewhere) is deleted by hand once the kernel has made no
     * progress for a few seconds.
     */
    public List<Down> down(NetNs host, List<PodSpec> specs) {
        if (specs.stream().anyMatch(s -> !s.ownsNetns())) {
            // The batch deletes the pods' namespaces; a runtime's is not ours to delete: one at a time.
            List<Down> out = new ArrayList<>();
            for (PodSpec s : specs) out.add(down(host, s));
            return out;
        }
        // One lock per pod (an open lock file each: 500 pods, 500 descriptors), each once (the JVM
        // refuses a second lock of one file) and in one order (namespace names), so two batches
        // never wait on each other.
        java.util.TreeMap<String, PodSpec> lockOrder = new java.util.TreeMap<>();
        for (PodSpec s : specs) lockOrder.putIfAbsent(s.netns(), s);
        List<HookLock> locks = new ArrayList<>();
        try {
            for (PodSpec s : lockOrder.values()) locks.add(lock(s));
            return downLocked(host, specs);
        } finally {
            for (HookLock l : locks.reversed()) l.close();
        }
    }

    private List<Down> downLocked(NetNs host, List<PodSpec> specs) {
        int n = specs.size();
        List<List<String>> removed = new ArrayList<>();
        boolean[] netnsExists = new boolean[n];
        boolean[] notOurs = new boolean[n];
        // The host ends that are the pods' (by ifindex: the name alone could be reused), to wait for.
        java.util.Map<Integer, Integer> owned = new java.util.LinkedHashMap<>();
        try (Rtnl hr = Rtnl.open(host)) {
            java.util.Map<String, Link> hostLinks = new java.util.HashMap<>();
            for (Link l : hr.links().list()) hostLinks.put(l.name(), l);
            for (int i = 0; i < n; i++) {
                PodSpec spec = specs.get(i);
                removed.add(new ArrayList<>());
                netnsExists[i] = NetNamespaces.exists(spec.netns());
                Link l = hostLinks.get(spec.hostDevice());
                if (l == null) continue;
                boolean ours = false;
                if (netnsExists[i] && kindOf(l) != null) {
                    try (NetNs pod = NetNs.open(spec.netns())) {
                        ours = isPodsPair(hr, pod, spec, l);
                    } catch (io.jnetkit.netns.NetNsException e) {
                        // A name bound to no namespace: the pair cannot be the pod's.
                        if (e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_A_NETNS
                                && e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_FOUND) throw e;
                    }
                }
                if (ours) owned.put(l.index(), i);
                else notOurs[i] = true;
            }
            for (int i = 0; i < n; i++) {
                if (!netnsExists[i]) continue;
                try {
                    NetNamespaces.delete(specs.get(i).netns());
                } catch (io.jnetkit.netns.NetNsException e) {
                    if (e.kind() != io.jnetkit.netns.NetNsException.Kind.NOT_FOUND) throw e;
                    netnsExists[i] = false;
                }
            }
            awaitGone(hr, owned.keySet());
            for (int i : owned.values()) {
                PodSpec spec = specs.get(i);
                removed.get(i).add("deleted " + kindOf(hostLinks.get(spec.hostDevice())) + " pair " + spec.hostDevice()
                        + " / " + spec.podDevice() + " (with its host routes)");
            }
        }
        List<Down> out = new ArrayList<>();
        String label = NetnsIds.label(host);
        for (int i = 0; i < n; i++) {
            PodSpec spec = specs.get(i);
            if (!notOurs[i]) removed.get(i).addAll(removePins(label, spec, null));
            if (netnsExists[i]) removed.get(i).add("deleted netns " + spec.netns());
            out.add(new Down(spec, removed.get(i)));
        }
        return out;
    }

    /**
     * Waits until no host device of {@code ifindexes} is left, deleting by hand those the kernel
     * does not destroy (their namespace is kept alive) once it has made no progress for a while.
     */
    private static void awaitGone(Rtnl hr, Set<Integer> ifindexes) {
        // In deletion order: the kernel destroys dead namespaces in batches, oldest first.
        java.util.ArrayDeque<Integer> left = new java.util.ArrayDeque<>(ifindexes);
        long lastProgress = System.nanoTime();
        // Each look asks for one device, the oldest left, by ifindex (a dump of every link per look,
        // with the kernel destroying namespaces on the same cores, took most of a 100-pod down's
        // time and forced long pauses): the pause can stay short, 2 ms growing to 20 ms.
        long pauseMillis = 2;
        while (!left.isEmpty()) {
            boolean progress = false;
            while (!left.isEmpty() && !present(hr, left.peekFirst())) {
                left.removeFirst();
                progress = true;
            }
            if (progress) {
                lastProgress = System.nanoTime();
                pauseMillis = 2;
            }
            if (left.isEmpty()) return;
            boolean interrupted = false;
            if (System.nanoTime() - lastProgress <= BATCH_STALL_NANOS) {
                try {
                    Thread.sleep(pauseMillis);
                    pauseMillis = Math.min(20, pauseMillis * 2);
                    continue;
                } catch (InterruptedException e) {
                    // Not waiting any longer is fine: the pairs left are deleted by hand below.
                    interrupted = true;
                }
            }
            java.util.Map<Integer, String> names = new java.util.HashMap<>();
            for (Link l : hr.links().list()) names.put(l.index(), l.name());
            for (int index : left) {
                String name = names.get(index);
                if (name != null) deleteLink(hr, name);
            }
            if (interrupted) Thread.currentThread().interrupt();
            return;
        }
    }

    private static boolean present(Rtnl hr, int ifindex) {
        try {
            hr.links().get(ifindex);
            return true;
        } catch (KernelException e) {
            if (e.errno() == Errno.ENODEV) return false;
            throw e;
        }
    }

    private static void deleteLink(Rtnl r, String dev) {
        try {
            r.links().delete(dev);
        } catch (KernelException e) {
            if (e.errno() != Errno.ENODEV) throw e;
        }
    }

    private static void deleteQuietly(NetNs host, String dev) {
        try (Rtnl r = Rtnl.open(host)) {
            deleteLink(r, dev);
        }
    }

    private io.jnetkit.policy.CompiledPolicy compiled(String text) {
        io.jnetkit.policy.CompiledPolicy c = compiledPolicies.get(text);
        if (c != null) return c;
        c = PolicyCompiler.compile(Policy.parse(text));
        // A bound, not an LRU: a node's distinct policies are few; a flood of distinct ones only recompiles.
        if (compiledPolicies.size() >= COMPILED_POLICIES_KEPT) compiledPolicies.clear();
        compiledPolicies.putIfAbsent(text, c);
        return c;
    }

    /** Removes the policy and program pins at every hook the pod's host device can have. */
    private List<String> removePins(NetNs host, PodSpec spec, RuntimeException failure) {
        return removePins(NetnsIds.label(host), spec, failure);
    }

    /** {@link #removePins(NetNs, PodSpec, RuntimeException)} with the host namespace's label known (a batch's). */
    private List<String> removePins(String label, PodSpec spec, RuntimeException failure) {
        List<String> out = new ArrayList<>();
        for (HookName hn : HookName.values()) {
            HookAddress a = new HookAddress(label, spec.hostDevice(), hn);
            try {
                if (Files.exists(policies.pin(a))) {
                    PolicyStore.Removed r = policies.remove(a);
                    out.add("removed the policy on " + a + " (program " + r.progId() + ")");
                }
                if (Files.isDirectory(hooks.hookDir(a))) {
                    for (PinnedHooks.Detached d : hooks.detachPinnedAt(a)) {
                        out.add("removed program " + d.progId() + " " + d.progName() + " on " + a);
                    }
                }
            } catch (RuntimeException e) {
                if (failure == null) throw e;
                failure.addSuppressed(e);
            }
        }
        return out;
    }
}
