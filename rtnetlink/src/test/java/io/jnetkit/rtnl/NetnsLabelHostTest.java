package io.jnetkit.rtnl;

import io.jnetkit.netns.NetNamespaces;
import io.jnetkit.netns.NetNs;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link NetnsIds#label}: the first name of a namespace in /run/netns, else net-INODE — also
 * while names come, go, and come back holding another namespace (the label cache must notice).
 */
@HostTest
class NetnsLabelHostTest {
    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static String ino(NetNs ns) throws IOException {
        return "net-" + Files.getAttribute(java.nio.file.Path.of("/proc/thread-self/fd/" + ns.fd().value()), "unix:ino");
    }

    @Test
    void namesAliasesAndANameMadeAgain() throws Exception {
        String base = FreshNetns.uniqueName("jl");
        String b = base + "b", a = base + "a";
        NetNs first = null;
        NetNs second = null;
        try {
            first = NetNamespaces.add(b);
            assertEquals(b, NetnsIds.label(first));
            // An alias sorting first (ip netns attach / a bind mount) becomes the label.
            Files.createFile(NetNamespaces.pathOf(a));
            assertEquals(b, NetnsIds.label(first), "a plain file is no alias");
            run("mount", "--bind", NetNamespaces.pathOf(b).toString(), NetNamespaces.pathOf(a).toString());
            try (NetNs again = NetNs.open(b)) {
                assertEquals(a, NetnsIds.label(again), "mounted now, without the directory changing");
            }
            assertEquals(b, NetnsIds.label(first), "a handle keeps its label while its name stands");
            NetNamespaces.delete(a);
            try (NetNs again = NetNs.open(b)) {
                assertEquals(b, NetnsIds.label(again));
            }
            // The name removed and made again holds another namespace: the old one is nameless now.
            NetNamespaces.delete(b);
            assertEquals(ino(first), NetnsIds.label(first));
            second = NetNamespaces.add(b);
            assertEquals(b, NetnsIds.label(second));
            assertEquals(ino(first), NetnsIds.label(first));
            second.close();
            NetNamespaces.delete(b);
            second = NetNamespaces.add(b);
            assertEquals(b, NetnsIds.label(second), "made again at once");
        } finally {
            for (String n : new String[] {a, b}) {
                if (NetNamespaces.exists(n)) NetNamespaces.delete(n);
            }
            if (first != null) first.close();
            if (second != null) second.close();
        }
    }
}
