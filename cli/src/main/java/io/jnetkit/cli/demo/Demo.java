package io.jnetkit.cli.demo;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.netns.Rollback;
import io.jnetkit.probe.IcmpPinger;
import io.jnetkit.probe.TcpProbe;
import io.jnetkit.net.Cidr;
import io.jnetkit.rtnl.CreateResult;
import io.jnetkit.rtnl.Link;
import io.jnetkit.rtnl.NetkitInfo;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.PeerSpec;
import io.jnetkit.rtnl.Rtnl;

import java.io.PrintWriter;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seed walkthrough as twelve checked steps: namespace, netkit pair, move, addresses, ping,
 * TCP on two ports, the port filter on the peer hook, the blocked port failing while the other
 * passes, detach, the blocked port passing again, cleanup.
 *
 * <p>Everything the demo creates is registered for undo (a {@link Rollback}) before it exists;
 * {@link #cleanup} undoes it in reverse order, exactly once, whether called by the last step,
 * after a failure, or by the shutdown hook on Ctrl-C. Nothing the demo did not create is touched, except what
 * {@code --force} (or {@link #removeLeftovers}) names explicitly.
 */
final class Demo {
    static final int BLOCKED_PORT = 12345, OPEN_PORT = 12346;
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    static final Duration PING_INTERVAL = Duration.ofMillis(200);
    /** A connect that should pass gets this long (the lab guest is emulated: be generous). */
    static final Duration CONNECT_PASS = Duration.ofSeconds(5);
    /** A connect to the blocked port must fail within this (the SYN is dropped: it times out). */
    static final Duration CONNECT_BLOCKED = Duration.ofMillis(1500);

    /**
     * What to create and how to behave.
     *
     * @param podNetns the "container" namespace (task_netns)
     * @param primary  the netkit primary, moved into podNetns (task_nk)
     * @param peer     the netkit peer, staying on the host side (nk0)
     */
    record Settings(String podNetns, String primary, String peer, Cidr hostAddress, Cidr podAddress, int pings,
                    boolean keep, boolean force) {
        static Settings defaults() {
            return new Settings("task_netns", "task_nk", "nk0", Cidr.parse("10.0.0.1/24"), Cidr.parse("10.0.0.2/24"),
                    3, false, false);
        }

        Inet4Address podIp() {
            return (Inet4Address) podAddress.address();
        }

        String pod() {
            return podIp().getHostAddress();
        }
    }

    /** A step failed its check (as opposed to an unexpected error); the message says what was seen. */
    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private record Planned(Step step, Action action) {}

    private final Settings s;
    private final NetNs host;
    private final Supplier<Filter> filterFactory;
    private final Report report;
    private final String hostLabel;
    private final Rollback rollback = new Rollback();
    private final List<String> currentOutput = new ArrayList<>();
    /** What this run created (and so must be gone after cleanup); never what was there before. */
    private boolean madeNetns, madePair;

    private Rtnl hostRtnl;
    private NetNs pod;
    private Rtnl podRtnl;
    private int primaryIndex;
    private TcpProbe.Listener blockedListener, openListener;
    private Filter filter;
    private Long loadAttachMillis;

    /**
     * @param host the namespace playing the host (the caller's, or {@code -n NS}); not closed here
     */
    Demo(Settings settings, NetNs host, Supplier<Filter> filterFactory, PrintWriter out, boolean text) {
        this.s = settings;
        this.host = host;
        this.filterFactory = filterFactory;
        this.report = new Report(out, text, plan().size());
        this.hostLabel = host.name() == null ? "the host" : host.name();
    }

    /** The steps in order with their equivalents; also what {@code --json} and the tests list. */
    List<Step> plan() {
        return planned().stream().map(Planned::step).toList();
    }

    private List<Planned> planned() {
        String ns = s.podNetns(), pri = s.primary(), peer = s.peer(), pod = s.pod();
        List<Planned> p = new ArrayList<>();
        add(p, "create network namespace " + ns, List.of("ip netns add " + ns), this::createNetns);
        add(p, "create netkit pair " + pri + " (primary) / " + peer + " (peer)",
                List.of("ip link add " + pri + " type netkit peer name " + peer), this::createPair);
        add(p, "move " + pri + " into " + ns, List.of("ip link set " + pri + " netns " + ns), this::movePrimary);
        add(p, s.podAddress() + " on " + pri + ", up, inside " + ns,
                List.of("ip -n " + ns + " addr add " + s.podAddress() + " dev " + pri,
                        "ip -n " + ns + " link set " + pri + " up"), this::configurePod);
        add(p, s.hostAddress() + " on " + peer + ", up, on the host side",
                List.of("ip addr add " + s.hostAddress() + " dev " + peer, "ip link set " + peer + " up"),
                this::configureHost);
        add(p, "ping " + pod + " from the host side", List.of("ping -c " + s.pings() + " " + pod), this::ping);
        add(p, "tcp to " + pod + ":" + BLOCKED_PORT + " and :" + OPEN_PORT + " from the host side: both pass",
                List.of("ip netns exec " + ns + " nc -lk " + BLOCKED_PORT + " &  (and " + OPEN_PORT + ")",
                        "echo hello | nc -N " + pod + " " + BLOCKED_PORT + "  (and " + OPEN_PORT + ")"),
                this::tcpBothPass);
        add(p, "load port_filter and attach it to the netkit peer hook of " + pri,
                List.of("bpftool prog load port_filter.o /sys/fs/bpf/port_filter",
                        "attach: bpftool cannot attach to netkit; tcx users would use ip netns exec " + ns
                                + " bpftool net attach tcx_ingress pinned /sys/fs/bpf/port_filter dev " + pri),
                this::loadAndAttach);
        add(p, "tcp to :" + BLOCKED_PORT + " is dropped, :" + OPEN_PORT + " still passes",
                List.of("echo hello | nc -N -w 2 " + pod + " " + BLOCKED_PORT + "  (times out)",
                        "bpftool map dump name port_fil.bss"), this::tcpFiltered);
        add(p, "detach port_filter from the peer hook",
                List.of("bpftool cannot; tcx users would use ip netns exec " + ns + " bpftool net detach tcx_ingress dev "
                        + pri),
                this::detach);
        add(p, "tcp to :" + BLOCKED_PORT + " passes again", List.of("echo hello | nc -N " + pod + " " + BLOCKED_PORT),
                this::tcpPassesAgain);
        if (s.keep()) {
            add(p, "leave the setup in place (--keep)", List.of(), this::keep);
        } else {
            add(p, "clean up", List.of("ip link del " + peer, "ip netns del " + ns), this::finalCleanup);
        }
        return p;
    }

    private static void add(List<Planned> p, String title, List<String> eq, Action a) {
        p.add(new Planned(new Step(p.size() + 1, title, eq), a));
    }

    /** Runs every step (stopping the checks at the first failure), always cleans up, returns the summary. */
    Report.Summary run() {
        long start = System.nanoTime();
        List<Planned> plan = planned();
        List<StepResult> results = new ArrayList<>();
        Integer failed = null;
        Rollback.ShutdownHook hook = rollback.onShutdown(ending(s.keep()), failures -> report.note("demo: interrupted; "
                + (s.keep() ? "left the setup in place (--keep)" : "removed what it had made")
                + (failures.isEmpty() ? "" : "; failed: " + String.join("; ", messages(failures)))));
        try {
            for (Planned p : plan) {
                boolean last = p.step().number() == plan.size();
                if (failed != null && !last) {
                    results.add(new StepResult(p.step().number(), p.step().title(), p.step().equivalent(),
                            StepResult.Status.SKIPPED, List.of(), "step " + failed + " failed", 0));
                    continue;
                }
                report.started(p.step());
                StepResult r = runStep(p);
                results.add(r);
                report.finished(r);
                if (!r.passed() && failed == null) {
                    failed = r.number();
                }
            }
        } finally {
            // The last step cleans up; this catches an Error or anything that escaped it.
            cleanup(s.keep());
            hook.close();
        }
        int passed = (int) results.stream().filter(StepResult::passed).count();
        return new Report.Summary(System.getProperty("os.version"), results, passed, plan.size(), failed,
                loadAttachMillis, s.keep(), (System.nanoTime() - start) / 1_000_000);
    }

    private StepResult runStep(Planned p) {
        currentOutput.clear();
        long t0 = System.nanoTime();
        String error = null;
        try {
            p.action().run();
        } catch (CheckFailed e) {
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception | LinkageError e) {
            // LinkageError too: a class missing from a broken jar fails the step, and cleanup still runs.
            error = e.getMessage() == null ? e.toString() : e instanceof LinkageError ? e.toString() : e.getMessage();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new StepResult(p.step().number(), p.step().title(), p.step().equivalent(),
                error == null ? StepResult.Status.PASSED : StepResult.Status.FAILED, currentOutput, error, ms);
    }

    private void say(String line) {
        currentOutput.add(line);
        report.line(line);
    }

    private static Rollback.Ending ending(boolean keepKernelState) {
        return keepKernelState ? Rollback.Ending.KEPT : Rollback.Ending.ROLLED_BACK;
    }

    private static List<String> messages(List<Rollback.Failure> failures) {
        return failures.stream().map(Rollback.Failure::message).toList();
    }

    // ------------------------------------------------------------------ steps

    private void createNetns() throws Exception {
        hostRtnl = Rtnl.open(host);
        rollback.release("close rtnetlink on " + hostLabel, () -> hostRtnl.close());
        List<String> clashes = clashes();
        if (!clashes.isEmpty()) {
            if (!s.force()) {
                throw new CheckFailed(String.join(", ", clashes) + " already exist"
                        + (clashes.size() == 1 ? "s" : "") + " (left by 'jnetkit demo --keep'?): remove "
                        + (clashes.size() == 1 ? "it" : "them") + " with 'jnetkit demo --cleanup', "
                        + "or run 'jnetkit demo --force' to do that first");
            }
            for (String line : removeLeftovers(s, host, hostRtnl)) {
                say(line + " (--force)");
            }
        }
        pod = NetNamespaces.add(s.podNetns());
        madeNetns = true;
        rollback.undo("delete namespace " + s.podNetns(), () -> NetNamespaces.delete(s.podNetns()));
        rollback.release("close " + s.podNetns(), () -> pod.close());
        podRtnl = Rtnl.open(pod);
        rollback.release("close rtnetlink in " + s.podNetns(), () -> podRtnl.close());
        say(s.podNetns() + ": " + pod.id() + " at " + NetNamespaces.pathOf(s.podNetns()));
    }

    /** What already exists under the demo's names: the namespace, and either device on the host side. */
    private List<String> clashes() {
        List<String> out = new ArrayList<>();
        if (NetNamespaces.exists(s.podNetns())) out.add("namespace " + s.podNetns());
        for (String dev : List.of(s.primary(), s.peer())) {
            if (hostRtnl.links().find(dev).isPresent()) out.add("device " + dev + " on " + hostLabel);
        }
        return out;
    }

    private void createPair() throws Exception {
        // Registered before the request, with a handle of its own: a Ctrl-C while the kernel is
        // still creating the pair (the shutdown hook closes hostRtnl) must remove it too. Step 1
        // found both names free, so whatever carries them now is the demo's.
        NetkitSpec spec = NetkitSpec.builder().name(s.primary()).peer(PeerSpec.named(s.peer())).build();
        CreateResult created = rollback.create("delete " + s.peer() + " (and " + s.primary() + ")",
                () -> hostRtnl.links().create(spec), this::deletePairIfPresent);
        madePair = true;
        Link pri = created.link();
        Link peer = created.peer() != null ? created.peer() : hostRtnl.links().get(s.peer());
        NetkitInfo nk = pri.netkit();
        String mode = nk == null || nk.mode() == null || nk.policy() == null || nk.peerPolicy() == null ? ""
                : ", mode " + nk.mode().word() + ", policy " + nk.policy().word() + ", peer policy "
                        + nk.peerPolicy().word();
        say(s.primary() + ": ifindex " + pri.index() + ", netkit primary" + mode);
        say(s.peer() + ": ifindex " + peer.index() + ", netkit peer");
    }

    /** Deletes the pair through whichever end is still on the host side (one end takes both). */
    private void deletePairIfPresent() {
        try (Rtnl r = Rtnl.open(host)) {
            for (String dev : List.of(s.peer(), s.primary())) {
                if (r.links().find(dev).isPresent()) {
                    r.links().delete(dev);
                    return;
                }
            }
        }
    }

    private void movePrimary() {
        hostRtnl.links().moveTo(s.primary(), pod);
        Link moved = podRtnl.links().get(s.primary());
        primaryIndex = moved.index();
        if (hostRtnl.links().find(s.primary()).isPresent()) {
            throw new CheckFailed(s.primary() + " is still visible on " + hostLabel + " after the move");
        }
        Link peer = hostRtnl.links().get(s.peer());
        say(s.primary() + " is ifindex " + primaryIndex + " in " + s.podNetns() + "; " + s.peer()
                + " (ifindex " + peer.index() + ") stays on " + hostLabel);
    }

    private void configurePod() {
        podRtnl.addresses().add(s.primary(), s.podAddress());
        podRtnl.links().setUp(s.primary(), true);
        podRtnl.links().setUp("lo", true);
        say(s.primary() + ": " + s.podAddress() + ", " + state(podRtnl.links().get(s.primary())));
    }

    private void configureHost() {
        hostRtnl.addresses().add(s.peer(), s.hostAddress());
        hostRtnl.links().setUp(s.peer(), true);
        // Until the kernel's deferred link-watch work has run, a device just set up still drops
        // everything and the first ping is lost (seen on 7.3 in a loaded guest): wait for both ends.
        io.jnetkit.pod.Pods.awaitOperational(hostRtnl, podRtnl, hostRtnl.links().get(s.peer()).index(),
                podRtnl.links().get(s.primary()).index());
        say(s.peer() + ": " + s.hostAddress() + ", " + state(hostRtnl.links().get(s.peer())));
    }

    private static String state(Link l) {
        return (l.up() ? "UP" : "DOWN") + (l.lowerUp() ? ",LOWER_UP" : "") + (l.noArp() ? ",NOARP" : "");
    }

    private void ping() throws InterruptedException {
        List<IcmpPinger.Reply> replies = new ArrayList<>();
        long t0 = System.nanoTime();
        say(IcmpPinger.header(s.pod()));
        try (IcmpPinger pinger = IcmpPinger.open(host)) {
            for (int seq = 1; seq <= s.pings(); seq++) {
                if (seq > 1) Thread.sleep(PING_INTERVAL);
                Optional<IcmpPinger.Reply> r = pinger.ping(s.podIp(), seq, PING_TIMEOUT);
                if (r.isPresent()) {
                    replies.add(r.get());
                    say(r.get().line());
                } else {
                    say("no reply to icmp_seq=" + seq + " within " + PING_TIMEOUT.toMillis() + " ms");
                }
            }
        }
        for (String line : IcmpPinger.summary(s.pod(), s.pings(), replies, (System.nanoTime() - t0) / 1_000_000)) {
            say(line);
        }
        // ping's own rule: reachable when any echo came back. A lost echo under a loaded, emulated
        // guest is shown above but is not a broken pair; no reply at all is.
        if (replies.isEmpty()) {
            throw new CheckFailed("none of " + s.pings() + " pings got a reply");
        }
    }

    private void tcpBothPass() throws Exception {
        blockedListener = TcpProbe.Listener.open(pod, s.podIp(), BLOCKED_PORT);
        rollback.release("stop listener :" + BLOCKED_PORT, () -> blockedListener.close());
        openListener = TcpProbe.Listener.open(pod, s.podIp(), OPEN_PORT);
        rollback.release("stop listener :" + OPEN_PORT, () -> openListener.close());
        say("listening in " + s.podNetns() + " on " + s.pod() + ":" + BLOCKED_PORT + " and :" + OPEN_PORT);
        expectPass(blockedListener, "hello netkit " + BLOCKED_PORT);
        expectPass(openListener, "hello netkit " + OPEN_PORT);
    }

    private void expectPass(TcpProbe.Listener l, String message) {
        TcpProbe.Outcome o = TcpProbe.send(host, s.podIp(), l, message, CONNECT_PASS);
        say(o.detail());
        if (!o.delivered()) {
            throw new CheckFailed("tcp to " + s.pod() + ":" + l.port() + " should pass but did not");
        }
    }

    private void loadAndAttach() throws Exception {
        filter = filterFactory.get();
        rollback.release("unload port_filter", () -> filter.close());
        long t0 = System.nanoTime();
        List<String> loaded = filter.load();
        long t1 = System.nanoTime();
        List<String> attached = filter.attachPeer(pod, s.primary(), primaryIndex);
        long t2 = System.nanoTime();
        loaded.forEach(this::say);
        attached.forEach(this::say);
        loadAttachMillis = (t2 - t0) / 1_000_000;
        say(String.format(java.util.Locale.ROOT, "load + attach: %.1f ms (load %.1f ms, attach %.1f ms)",
                (t2 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6));
    }

    private void tcpFiltered() {
        long before = filter.counter("dropped");
        TcpProbe.Outcome o = TcpProbe.send(host, s.podIp(), blockedListener, "hello netkit " + BLOCKED_PORT,
                CONNECT_BLOCKED);
        say(o.detail() + (o.delivered() ? "" : " (dropped by port_filter, as expected)"));
        if (o.delivered()) {
            throw new CheckFailed("tcp to " + s.pod() + ":" + BLOCKED_PORT + " passed, but port_filter should drop it");
        }
        expectPass(openListener, "hello netkit " + OPEN_PORT);
        long dropped = filter.counter("dropped");
        say("port_filter .bss: dropped = " + dropped + ", seen = " + filter.counter("seen"));
        if (dropped <= before) {
            throw new CheckFailed("port_filter's dropped counter did not move (" + before + " -> " + dropped + ")");
        }
    }

    private void detach() {
        filter.detach().forEach(this::say);
    }

    private void tcpPassesAgain() {
        expectPass(blockedListener, "hello netkit " + BLOCKED_PORT + " again");
    }

    private void keep() {
        say("left in place: namespace " + s.podNetns() + " with " + s.primary() + " (" + s.pod() + "), "
                + s.peer() + " (" + s.hostAddress() + ") on " + hostLabel);
        say("explore:  jnetkit -n " + s.podNetns() + " link show -d " + s.primary());
        say("remove:   jnetkit demo --cleanup" + namesArgs() + "   (or: ip link del " + s.peer() + "; ip netns del "
                + s.podNetns() + ")");
    }

    private String namesArgs() {
        Settings d = Settings.defaults();
        return (s.podNetns().equals(d.podNetns()) ? "" : " --pod-netns " + s.podNetns())
                + (s.primary().equals(d.primary()) ? "" : " --primary " + s.primary())
                + (s.peer().equals(d.peer()) ? "" : " --peer " + s.peer());
    }

    private void finalCleanup() {
        List<String> errors = cleanup(false);
        if (!errors.isEmpty()) {
            throw new CheckFailed("cleanup: " + String.join("; ", errors));
        }
        List<String> left = new ArrayList<>();
        if (madeNetns && NetNamespaces.exists(s.podNetns())) left.add("namespace " + s.podNetns());
        if (madePair) {
            try (Rtnl r = Rtnl.open(host)) {
                for (String dev : List.of(s.peer(), s.primary())) {
                    if (r.links().find(dev).isPresent()) left.add("device " + dev);
                }
            }
        }
        if (!left.isEmpty()) {
            throw new CheckFailed("still there after cleanup: " + String.join(", ", left));
        }
        List<String> removed = new ArrayList<>();
        if (madePair) removed.add(s.peer() + " (and with it " + s.primary() + ")");
        if (madeNetns) removed.add("namespace " + s.podNetns());
        say(removed.isEmpty() ? "nothing was created, nothing to remove"
                : "removed " + String.join(" and ", removed) + "; nothing left behind");
    }

    /**
     * Undoes what the demo made, newest first, exactly once per item. With {@code keepKernelState}
     * the namespace and devices stay and only this process's resources are released.
     *
     * @return the undo steps that failed, as messages
     */
    List<String> cleanup(boolean keepKernelState) {
        return messages(rollback.finish(ending(keepKernelState)));
    }

    Long loadAttachMillis() {
        return loadAttachMillis;
    }

    /**
     * Removes what a demo with these names may have left: the namespace and the two devices on
     * the host side ({@code jnetkit demo --cleanup}, and {@code --force} before a run).
     *
     * @return one line per thing removed
     */
    static List<String> removeLeftovers(Settings s, NetNs host, Rtnl hostRtnl) {
        List<String> removed = new ArrayList<>();
        for (String dev : List.of(s.peer(), s.primary())) {
            if (hostRtnl.links().find(dev).isPresent()) {
                hostRtnl.links().delete(dev);
                removed.add("removed device " + dev);
            }
        }
        if (NetNamespaces.exists(s.podNetns())) {
            // Delete the pair from inside too: the namespace may be kept alive by something else.
            try (NetNs ns = NetNs.open(s.podNetns()); Rtnl r = Rtnl.open(ns)) {
                if (r.links().find(s.primary()).isPresent()) {
                    r.links().delete(s.primary());
                    removed.add("removed device " + s.primary() + " in " + s.podNetns());
                }
            }
            NetNamespaces.delete(s.podNetns());
            removed.add("removed namespace " + s.podNetns());
        }
        return removed;
    }
}
