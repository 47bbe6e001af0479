package io.jnetkit.cli.security;

import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.cli.Main;
import io.jnetkit.elf.Examples;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.JvmCommand;
import io.jnetkit.testkit.PrivateBpffs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rootless pod: a network namespace owned by a user namespace whose root has CAP_NET_ADMIN
 * there and no capability in the host's. {@code jnetkit} run in it (a JVM of its own, entered
 * with nsenter) cannot load, attach, detach or query programs on the pod's device, nor apply or
 * remove a policy: the kernel refuses the bpf() calls (EPERM) and jnetkit exits 5 saying so,
 * and the host's filter on its side of the pair stays attached. (The netkit variant, root in
 * the pod's namespace, is {@link PodSecurityNetkitTest}; the lab guest cannot make user
 * namespaces, as it runs its command under chroot.)
 */
@HostTest
class RootlessPodHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();
    @TempDir
    Path tmp;

    private int hostHooks() {
        try (Rtnl r = Rtnl.open(ns.get())) {
            return Attachments.query(ns.get(), Hook.tcxIngress(r.links().get("v0").index())).count();
        }
    }

    @Test
    void rootOfAUserNamespaceOwningThePodsNetnsCannotTouchHooksOrPolicies() throws Exception {
        Process holder = new ProcessBuilder("unshare", "--user", "--map-root-user", "--net", "sleep", "120")
                .redirectErrorStream(true).start();
        try {
            Path userNs = Path.of("/proc", Long.toString(holder.pid()), "ns", "user");
            String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
            long until = System.nanoTime() + 10_000_000_000L;
            while (holder.isAlive() && Files.readSymbolicLink(userNs).toString().equals(mine)) {
                assertTrue(System.nanoTime() < until, "unshare did not make a user namespace");
                Thread.sleep(20);
            }
            assertTrue(holder.isAlive(), () -> "unshare failed: " + output(holder));
            CliRun.ok("-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "eth0",
                    "netns", "/proc/" + holder.pid() + "/ns/net");
            CliRun.ok("-n", ns.name(), "policy", "apply", "v0", "tcx-ingress", "deny tcp dport 22; allow any");
            assertEquals(1, hostHooks());

            Path object = tmp.resolve("port_filter.o");
            try (InputStream in = Examples.class.getResourceAsStream(Examples.PORT_FILTER)) {
                Files.write(object, in.readAllBytes());
            }
            List<String> jnetkit = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "-U", "-n", "--"));
            jnetkit.addAll(JvmCommand.of(Main.class));
            for (List<String> cmd : List.of(
                    List.of("attach", "eth0", "tcx-ingress", object.toString()),
                    List.of("detach", "eth0", "tcx-ingress", "all"),
                    List.of("policy", "apply", "eth0", "tcx-egress", "allow any"),
                    List.of("prog", "show", "id", "1"))) {
                List<String> all = new ArrayList<>(jnetkit);
                all.addAll(cmd);
                Process p = new ProcessBuilder(all).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                String err;
                try (InputStream e = p.getErrorStream()) {
                    err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jnetkit " + cmd + " did not finish");
                p.getOutputStream().close();
                String run = "jnetkit " + String.join(" ", cmd) + " in the pod's user namespace: exit " + p.exitValue() + "\n" + err;
                assertEquals(Exit.PERMISSION.code, p.exitValue(), run);
                assertEquals(1, err.lines().count(), run);
                assertTrue(err.startsWith("jnetkit: ") && err.contains("EPERM (Operation not permitted)"), run);
            }
            assertEquals(1, hostHooks(), "the host's policy is still attached");
            CliRun.ok("-n", ns.name(), "policy", "remove", "v0", "tcx-ingress");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.getInputStream().close();
            holder.getOutputStream().close();
            holder.getErrorStream().close();
        }
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
