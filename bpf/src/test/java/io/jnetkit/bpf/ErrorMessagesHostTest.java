package io.jnetkit.bpf;

import io.jnetkit.bpf.internal.Bpf;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import io.jnetkit.testkit.NoBpfFdLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kernel refusals the library explains in its own words, keeping the kernel's errno. */
@HostTest
class ErrorMessagesHostTest {
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    static Program pass(String name) {
        return Program.load(ProgramSpec.schedCls(name, AttachType.TCX_INGRESS, Progs.PASS));
    }

    @Test
    void frozenMapUpdateSaysFrozenNotPermission() {
        try (BpfMap m = BpfMap.create(MapSpec.of("jnk_frozen", MapType.ARRAY, 4, 4, 1))) {
            m.put(new byte[4], new byte[] {1, 0, 0, 0});
            m.freeze();
            FrozenMapException e = assertThrows(FrozenMapException.class,
                    () -> m.put(new byte[4], new byte[] {2, 0, 0, 0}));
            assertEquals(Errno.EPERM, e.errno(), "the kernel's errno is kept");
            assertEquals("update key in map jnk_frozen: EPERM (Operation not permitted); map jnk_frozen is frozen "
                    + "(read-only since load; .rodata is frozen by the loader)", e.getMessage());
            assertNull(e.kernelText());
        }
    }

    @Test
    void pinsAreOpenedOnlyAsTheirKind() throws IOException {
        try (KernelFixtures.BpfFs fs = new KernelFixtures.BpfFs();
             Program p = pass("jnk_pinned");
             BpfMap m = BpfMap.create(MapSpec.of("jnk_pinmap", MapType.ARRAY, 4, 4, 1))) {
            Path progPin = fs.resolve("prog");
            Path mapPin = fs.resolve("map");
            p.pin(progPin);
            m.pin(mapPin);

            IllegalArgumentException progAsLink = assertThrows(IllegalArgumentException.class,
                    () -> BpfLink.fromPinned(progPin).close());
            assertEquals("open pinned link " + progPin + ": " + progPin + " is a pinned program, not a link",
                    progAsLink.getMessage());
            IllegalArgumentException mapAsProg = assertThrows(IllegalArgumentException.class,
                    () -> Program.fromPinned(mapPin).close());
            assertEquals("open pinned program " + mapPin + ": " + mapPin + " is a pinned map, not a program",
                    mapAsProg.getMessage());
            IllegalArgumentException progAsMap = assertThrows(IllegalArgumentException.class,
                    () -> BpfMap.fromPinned(progPin).close());
            assertTrue(progAsMap.getMessage().endsWith("is a pinned program, not a map"), progAsMap.getMessage());
            assertEquals(BpfObjects.Kind.PROGRAM, BpfObjects.pinnedKind(progPin));
            assertEquals(BpfObjects.Kind.MAP, BpfObjects.pinnedKind(mapPin));
            try (Program again = Program.fromPinned(progPin); BpfMap mapAgain = BpfMap.fromPinned(mapPin)) {
                assertEquals(p.id(), again.id());
                assertEquals(m.id(), mapAgain.id());
            }

            IllegalArgumentException passwd = assertThrows(IllegalArgumentException.class,
                    () -> Program.fromPinned(Path.of("/etc/passwd")).close());
            assertTrue(passwd.getMessage().startsWith("open pinned program /etc/passwd: /etc/passwd is not on a bpffs (it is on "),
                    passwd.getMessage());
            IllegalArgumentException dir = assertThrows(IllegalArgumentException.class,
                    () -> BpfLink.fromPinned(fs.dir).close());
            assertTrue(dir.getMessage().endsWith(" is a directory on the bpffs, not a pin"), dir.getMessage());

            Path missing = fs.resolve("nothing-here");
            KernelException gone = assertThrows(KernelException.class, () -> BpfLink.fromPinned(missing).close());
            assertEquals(Errno.ENOENT, gone.errno());
            assertEquals("open pinned link " + missing + ": ENOENT (No such file or directory); nothing is pinned at "
                    + missing, gone.getMessage());
        }
    }

    @Test
    void missingAnchorNamesWhatIsMissing() {
        NetNs netns = ns.get();
        int ifindex = KernelFixtures.veth(ns, "va", "vb");
        Hook hook = Hook.tcxIngress(ifindex);
        try (Program p1 = pass("jnk_a1"); Program p2 = pass("jnk_a2")) {
            int noSuchId = Integer.MAX_VALUE - 7;
            KernelException byId = assertThrows(KernelException.class,
                    () -> Attachments.attachLink(netns, p1, hook, Anchor.beforeId(noSuchId), 0).close());
            assertEquals(Errno.ENOENT, byId.errno(), "the kernel's errno is kept");
            assertEquals("no program id " + noSuchId + " on " + hook + " to place before", byId.hint());
            assertTrue(byId.getMessage().startsWith("attach program jnk_a1 to " + hook + ": ENOENT"), byId.getMessage());

            KernelException legacy = assertThrows(KernelException.class,
                    () -> Attachments.attachProg(netns, p1, hook, Anchor.afterLinkId(noSuchId), 0));
            assertEquals(Errno.ENOENT, legacy.errno());
            assertEquals("no link id " + noSuchId + " on " + hook + " to place after", legacy.hint());

            // p2 exists but is not attached to this hook.
            KernelException notThere = assertThrows(KernelException.class,
                    () -> Attachments.attachLink(netns, p1, hook, Anchor.after(p2), 0).close());
            assertEquals(Errno.ENOENT, notThere.errno());
            assertEquals("no program jnk_a2 (id " + p2.id() + ") on " + hook + " to place after", notThere.hint());
        }
    }

    @Test
    void testRunPacketSizeIsCheckedUpFront() {
        int max = Program.maxSkbTestRunBytes();
        assertTrue(max == 3712 || max == 73344, "x86_64 kernels measured so far: " + max);
        try (Program p = pass("jnk_size")) {
            assertEquals(0, p.testRun(new byte[max], 1).retval(), "the largest packet runs");
            // The kernel's own limit is exactly this: one byte more is its bare EINVAL (or ENOMEM).
            KernelException raw = assertThrows(KernelException.class,
                    () -> Bpf.progTestRun("raw test-run", p.fd().value(), new byte[max + 1], max + 4096, 1));
            assertEquals(max == 3712 ? Errno.EINVAL : Errno.ENOMEM, raw.errno());

            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> p.testRun(new byte[100_000], 1));
            assertTrue(big.getMessage().startsWith("a sched_cls test run takes at most " + max + " bytes on this kernel ("),
                    big.getMessage());
            assertTrue(big.getMessage().endsWith("), got 100000; the kernel says only EINVAL or ENOMEM"), big.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.testRun(new byte[max + 1], 1), "one byte more");
        }
    }
}
