package io.jnetkit.bpf;

import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.sys.internal.Linux;
import io.jnetkit.testkit.FreshNetns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Devices and a private bpffs for kernel tests, made with iproute2 (test code only). */
final class KernelFixtures {
    private KernelFixtures() {}

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static final Pattern LINK_LINE = Pattern.compile("^(\\d+): ([^:@\\s]+)(?:@([^:\\s]+))?:");

    /** name → ifindex of every device in the namespace, from {@code ip -o link show}. */
    static List<String[]> links(FreshNetns ns) {
        List<String[]> out = new ArrayList<>();
        for (String line : run("ip", "-n", ns.name(), "-o", "link", "show").split("\n")) {
            Matcher m = LINK_LINE.matcher(line);
            if (m.find()) out.add(new String[] {m.group(2), m.group(1), m.group(3)});
        }
        return out;
    }

    static int ifindex(FreshNetns ns, String dev) {
        for (String[] l : links(ns)) {
            if (l[0].equals(dev)) return Integer.parseInt(l[1]);
        }
        throw new AssertionError("no device " + dev + " in " + ns.name());
    }

    /** A veth pair a/b in the test's namespace; returns the ifindex of {@code a}. Deleted with the namespace. */
    static int veth(FreshNetns ns, String a, String b) {
        run("ip", "-n", ns.name(), "link", "add", a, "type", "veth", "peer", "name", b);
        return ifindex(ns, a);
    }

    /** A private bpffs mounted on a fresh temp directory; unmounted and removed on close. */
    static final class BpfFs implements AutoCloseable {
        final Path dir;

        BpfFs() throws IOException {
            dir = Files.createTempDirectory("jnk-bpffs");
            try {
                Linux.mount("bpf", dir.toString(), "bpf", 0, null);
            } catch (KernelException e) {
                Files.delete(dir);
                throw e;
            }
        }

        Path resolve(String name) {
            return dir.resolve(name);
        }

        @Override
        public void close() throws IOException {
            try {
                Linux.umount(dir.toString(), Linux.MNT_DETACH);
            } catch (KernelException e) {
                if (e.errno() != Errno.EINVAL) throw e;
            }
            Files.delete(dir);
        }
    }
}
