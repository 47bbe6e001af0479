package io.jnetkit.cli.security;

import io.jnetkit.bpf.AttachType;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Bytecode;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.HookQuery;
import io.jnetkit.bpf.Program;
import io.jnetkit.bpf.ProgramSpec;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.NetkitTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pod can do to its own netkit device from inside its namespace: nothing. The kernel
 * refuses every hook operation and policy change that names the peer with EACCES (netkit's
 * programs and policies are managed through the primary only), as root in the pod's namespace;
 * {@code jnetkit} run there exits 5 saying so. The host's filter stays attached throughout.
 * Root of a user namespace that owns the pod's netns is {@link RootlessPodHostTest}: the lab
 * guest runs its command under chroot, where the kernel refuses to make a user namespace.
 */
@NetkitTest
class PodSecurityNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private static Program program() {
        Bytecode insns = Bytecode.of(Bytecode.encode(0xb7, 0, 0, 0, -1), Bytecode.encode(0x95, 0, 0, 0, 0));
        return Program.load(ProgramSpec.schedCls("jnk_sec", AttachType.NETKIT_PEER, insns));
    }

    /** A netkit pair, primary nk-h in the test's namespace, peer nk-p in {@code pod}, filtered by the host. */
    private int podWithHostPolicy(String pod) {
        CliRun.ok("-n", ns.name(), "link", "add", "nk-h", "type", "netkit", "mode", "l3", "blackhole", "peer", "blackhole",
                "name", "nk-p", "netns", pod);
        CliRun.ok("-n", ns.name(), "policy", "apply", "nk-h", "peer", "deny tcp dport 22; allow any");
        return hostHooks().count();
    }

    private HookQuery hostHooks() {
        try (Rtnl r = Rtnl.open(ns.get())) {
            return Attachments.query(ns.get(), Hook.netkitPeer(r.links().get("nk-h").index()));
        }
    }

    private static void eacces(String what, Runnable op) {
        KernelException e = assertThrows(KernelException.class, op::run, what);
        assertEquals(Errno.EACCES, e.errno(), what + ": " + e.getMessage());
    }

    @Test
    void rootInThePodsNamespaceCannotTouchItsHooksOrPolicy() {
        NetNs pod = ns.another();
        int attached = podWithHostPolicy(pod.name());
        assertEquals(1, attached, "the host's policy is on the peer hook");
        int peer;
        try (Rtnl r = Rtnl.open(pod)) {
            peer = r.links().get("nk-p").index();
        }
        try (Program p = program()) {
            for (Hook h : List.of(Hook.netkitPrimary(peer), Hook.netkitPeer(peer))) {
                eacces("query " + h, () -> Attachments.query(pod, h));
                eacces("attach a link to " + h, () -> Attachments.attachLink(pod, p, h, null, 0).close());
                eacces("attach to " + h, () -> Attachments.attachProg(pod, p, h, null, 0));
                eacces("detach from " + h, () -> Attachments.detachProg(pod, p, h, 0));
            }
        }
        try (Rtnl r = Rtnl.open(pod)) {
            eacces("set the pod's policy", () -> r.links().changeNetkit("nk-p", NetkitPolicy.FORWARD, NetkitPolicy.FORWARD));
        }
        CliRun refused = CliRun.of("-n", pod.name(), "link", "set", "nk-p", "type", "netkit", "forward", "peer", "forward");
        assertEquals(Exit.PERMISSION.code, refused.exit(), refused::toString);
        assertTrue(refused.err().startsWith("jnetkit: change netkit nk-p: EACCES (Permission denied)"), refused::toString);
        assertTrue(refused.err().contains("only through the primary"), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertEquals(1, hostHooks().count(), "the host's policy is still attached");
        assertTrue(CliRun.ok("-n", ns.name(), "link", "show", "-d", "nk-h").out().contains("policy blackhole peer policy blackhole"),
                "both sides still blackholed without a program");
    }
}
