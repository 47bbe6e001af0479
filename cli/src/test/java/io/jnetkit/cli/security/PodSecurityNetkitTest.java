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
import io.jnetkit.cli.Main;
import io.jnetkit.elf.Examples;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.JvmCommand;
import io.jnetkit.testkit.NetkitTest;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pod can do to its own netkit device from inside its namespace: nothing. The kernel
 * refuses every hook operation and policy change that names the peer with EACCES (netkit's
 * programs and policies are managed through the primary only), as root in the pod's namespace
 * and as root of a user namespace that owns it (CAP_NET_ADMIN there, none in the host's);
 * {@code jnetkit} run there exits 5 saying so. The host's filter stays attached throughout.
 */
@NetkitTest
class PodSecurityNetkitTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();
    @TempDir
    Path tmp;

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

    @Test
    void rootOfAUserNamespaceOwningThePodsNetnsCannotEither() throws Exception {
        // A user namespace and a network namespace it owns, held by a process: a rootless pod.
        Process holder = new ProcessBuilder("unshare", "--user", "--map-root-user", "--net", "sleep", "120")
                .redirectErrorStream(true).start();
        try {
            Path userNs = Path.of("/proc", Long.toString(holder.pid()), "ns", "user");
            String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
            long until = System.nanoTime() + 10_000_000_000L;
            while (Files.readSymbolicLink(userNs).toString().equals(mine)) {
                assertTrue(System.nanoTime() < until && holder.isAlive(), "unshare did not make a user namespace");
                Thread.sleep(20);
            }
            String podNetns = "/proc/" + holder.pid() + "/ns/net";
            podWithHostPolicy(podNetns);

            Path object = tmp.resolve("port_filter.o");
            try (var in = Examples.class.getResourceAsStream(Examples.PORT_FILTER)) {
                Files.write(object, in.readAllBytes());
            }
            List<String> jnetkit = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "-U", "-n", "--"));
            jnetkit.addAll(JvmCommand.of(Main.class));
            for (List<String> cmd : List.of(
                    List.of("link", "set", "nk-p", "type", "netkit", "forward", "peer", "forward"),
                    List.of("attach", "nk-p", "peer", object.toString()),
                    List.of("detach", "nk-p", "peer", "all"),
                    List.of("policy", "apply", "nk-p", "peer", "allow any"),
                    List.of("policy", "remove", "nk-p", "peer"))) {
                List<String> all = new ArrayList<>(jnetkit);
                all.addAll(cmd);
                Process p = new ProcessBuilder(all).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jnetkit " + cmd + " did not finish");
                String run = "jnetkit " + String.join(" ", cmd) + " in the pod's user namespace: exit " + p.exitValue()
                        + "\n" + out + err;
                assertEquals(Exit.PERMISSION.code, p.exitValue(), run);
                assertEquals(1, err.lines().count(), run);
                assertTrue(err.startsWith("jnetkit: ") && (err.contains("EACCES") || err.contains("EPERM")), run);
                p.getInputStream().close();
                p.getErrorStream().close();
                p.getOutputStream().close();
            }
            assertEquals(1, hostHooks().count(), "the host's policy is still attached");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.getInputStream().close();
            holder.getOutputStream().close();
            holder.getErrorStream().close();
        }
        // The pair goes with the pod's namespace; the policy's pins with the private bpffs.
    }
}
