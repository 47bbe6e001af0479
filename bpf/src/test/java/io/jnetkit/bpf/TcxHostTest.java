package io.jnetkit.bpf;

import io.jnetkit.testkit.NoBpfFdLeaks;
import io.jnetkit.netns.NetNs;
import io.jnetkit.sys.Errno;
import io.jnetkit.sys.KernelException;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tcx hooks on a veth inside a fresh namespace: links, anchors, revisions, legacy attach, pins. */
@HostTest
class TcxHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();
    @RegisterExtension
    final NoBpfFdLeaks noLeaks = new NoBpfFdLeaks();

    static Program load(String name, Bytecode insns) {
        return Program.load(ProgramSpec.schedCls(name, AttachType.TCX_INGRESS, insns));
    }

    static HookQuery.Entry entry(Program p, BpfLink l) {
        return new HookQuery.Entry(p.id(), l == null ? 0 : l.id());
    }

    @Test
    void linksRevisionsAnchorsUpdateAndClose() {
        NetNs netns = ns.get();
        int ifindex = KernelFixtures.veth(ns, "va", "vb");
        Hook hook = Hook.tcxIngress(ifindex);
        try (Program p1 = load("jnk_p1", Progs.PASS);
             Program p2 = load("jnk_p2", Progs.NEXT);
             Program p3 = load("jnk_p3", Progs.DROP);
             Program p4 = load("jnk_p4", Progs.PASS)) {
            HookQuery empty = Attachments.query(netns, hook);
            assertEquals(0, empty.count());
            assertEquals(1, empty.revision(), "an untouched hook is at revision 1");
            assertEquals(0, Attachments.query(netns, Hook.tcxEgress(ifindex)).count());

            try (BpfLink l1 = Attachments.attachLink(netns, p1, hook, null, 0)) {
                HookQuery one = Attachments.query(netns, hook);
                assertEquals(2, one.revision());
                assertEquals(List.of(entry(p1, l1)), one.entries());
                LinkInfo info = l1.info();
                assertEquals(LinkType.TCX, info.type());
                assertEquals(l1.id(), info.id());
                assertEquals(p1.id(), info.programId());
                assertEquals(ifindex, info.ifindex());
                assertEquals(AttachType.TCX_INGRESS, info.attachType());
                assertEquals(new LinkInfo.OnDevice(info.ifindex(), AttachType.TCX_INGRESS), info.detail());
                // bpftool link show: the walk over link ids finds it, with the same info
                assertTrue(BpfObjects.links().contains(info), "BpfObjects.links() lists link " + info.id());

                KernelException twice = assertThrows(KernelException.class,
                        () -> Attachments.attachLink(netns, p1, hook, null, 0).close());
                assertEquals(Errno.EEXIST, twice.errno());

                try (BpfLink l2 = Attachments.attachLink(netns, p2, hook, Anchor.head(), 0)) {
                    HookQuery two = Attachments.query(netns, hook);
                    assertEquals(3, two.revision());
                    assertEquals(List.of(entry(p2, l2), entry(p1, l1)), two.entries(), "head() goes first");

                    KernelException stale = assertThrows(KernelException.class,
                            () -> Attachments.attachLink(netns, p3, hook, null, 2).close());
                    assertEquals(Errno.ESTALE, stale.errno());
                    assertTrue(stale.getMessage().contains("no longer at revision 2"), stale.getMessage());
                    assertEquals(3, Attachments.query(netns, hook).revision(), "a refused attach changes nothing");

                    try (BpfLink l3 = Attachments.attachLink(netns, p3, hook, Anchor.afterLink(l2), 3)) {
                        assertEquals(List.of(entry(p2, l2), entry(p3, l3), entry(p1, l1)),
                                Attachments.query(netns, hook).entries(), "afterLink(l2) goes second");
                    }
                    assertEquals(List.of(entry(p2, l2), entry(p1, l1)), Attachments.query(netns, hook).entries(),
                            "closing a link detaches it");

                    l1.update(p4);
                    HookQuery swapped = Attachments.query(netns, hook);
                    assertEquals(List.of(entry(p2, l2), entry(p4, l1)), swapped.entries(),
                            "same link id, same place, new program");
                    assertEquals(p4.id(), l1.info().programId());
                    KernelException wrongOld = assertThrows(KernelException.class, () -> l1.update(p1, p2));
                    assertEquals(Errno.EPERM, wrongOld.errno());
                    l1.update(p1, p4);
                    assertEquals(p1.id(), l1.info().programId());

                    try (BpfLink l4 = Attachments.attachLink(netns, p4, hook, Anchor.before(p1), 0)) {
                        assertEquals(List.of(entry(p2, l2), entry(p4, l4), entry(p1, l1)),
                                Attachments.query(netns, hook).entries(), "before(p1)");
                        l4.detach();
                        assertEquals(2, Attachments.query(netns, hook).count(), "detach() works with the fd open");
                        assertEquals(0, l4.info().ifindex(), "a detached link is defunct");
                    }
                }
                assertEquals(List.of(entry(p1, l1)), Attachments.query(netns, hook).entries());
            }
            HookQuery emptied = Attachments.query(netns, hook);
            assertEquals(0, emptied.count());
            assertEquals(1, emptied.revision(), "emptying a hook frees its mprog entry: back to revision 1");
        }
    }

    @Test
    void legacyAttachAndDetach() {
        NetNs netns = ns.get();
        int ifindex = KernelFixtures.veth(ns, "va", "vb");
        Hook hook = Hook.tcxEgress(ifindex);
        int id;
        try (Program p = Program.load(ProgramSpec.schedCls("jnk_legacy", AttachType.TCX_EGRESS, Progs.PASS));
             Program first = Program.load(ProgramSpec.schedCls("jnk_first", AttachType.TCX_EGRESS, Progs.NEXT))) {
            Attachments.attachProg(netns, p, hook, null, 0);
            id = p.id();
            Attachments.attachProg(netns, first, hook, Anchor.beforeId(id), 2);
            assertEquals(List.of(new HookQuery.Entry(first.id(), 0), new HookQuery.Entry(id, 0)),
                    Attachments.query(netns, hook).entries(), "no link: link id 0");
            Attachments.detachProg(netns, first, hook, 3);
        }
        // The kernel holds its own reference: closing our descriptor does not detach.
        HookQuery still = Attachments.query(netns, hook);
        assertEquals(List.of(new HookQuery.Entry(id, 0)), still.entries());
        assertEquals(4, still.revision());
        try (Program again = Program.fromId(id)) {
            KernelException stale = assertThrows(KernelException.class,
                    () -> Attachments.detachProg(netns, again, hook, 1));
            assertEquals(Errno.ESTALE, stale.errno());
            Attachments.detachProg(netns, again, hook, 0);
            HookQuery emptied = Attachments.query(netns, hook);
            assertEquals(0, emptied.count());
            assertEquals(1, emptied.revision(), "emptying a hook frees its mprog entry: back to revision 1");
            KernelException none = assertThrows(KernelException.class,
                    () -> Attachments.detachProg(netns, again, hook, 0));
            assertEquals(Errno.ENOENT, none.errno());
        }
    }

    @Test
    void linkOwnedProgramCannotBeDetachedTheLegacyWay() {
        NetNs netns = ns.get();
        Hook hook = Hook.tcxIngress(KernelFixtures.veth(ns, "va", "vb"));
        try (Program p = load("jnk_owned", Progs.PASS); BpfLink l = Attachments.attachLink(netns, p, hook, null, 0)) {
            KernelException busy = assertThrows(KernelException.class, () -> Attachments.detachProg(netns, p, hook, 0));
            assertEquals(Errno.EBUSY, busy.errno());
            assertEquals(1, Attachments.query(netns, hook).count());
            assertTrue(BpfObjects.linkIds().contains(l.id()));
            assertTrue(BpfObjects.links().stream().anyMatch(i -> i.id() == l.id() && i.type() == LinkType.TCX));
        }
    }

    @Test
    void pinnedLinkOutlivesItsDescriptor() throws IOException {
        NetNs netns = ns.get();
        Hook hook = Hook.tcxIngress(KernelFixtures.veth(ns, "va", "vb"));
        try (KernelFixtures.BpfFs fs = new KernelFixtures.BpfFs(); Program p = load("jnk_pinlink", Progs.PASS)) {
            Path pin = fs.resolve("link");
            int linkId;
            try (BpfLink l = Attachments.attachLink(netns, p, hook, null, 0)) {
                linkId = l.id();
                l.pin(pin);
            }
            assertEquals(List.of(new HookQuery.Entry(p.id(), linkId)), Attachments.query(netns, hook).entries(),
                    "the pin keeps the attachment");
            try (BpfLink reopened = BpfLink.fromPinned(pin)) {
                assertEquals(linkId, reopened.id());
                assertEquals(p.id(), reopened.info().programId());
                Files.delete(pin);
                assertEquals(1, Attachments.query(netns, hook).count(), "our descriptor still holds it");
            }
            assertEquals(0, Attachments.query(netns, hook).count(), "unpinned and closed: detached");
        }
    }

    @Test
    void wrongIfindexInTheNamespaceIsEnodevWithAHint() {
        NetNs netns = ns.get();
        try (Program p = load("jnk_nodev", Progs.PASS)) {
            KernelException e = assertThrows(KernelException.class,
                    () -> Attachments.attachLink(netns, p, Hook.tcxIngress(9999), null, 0).close());
            assertEquals(Errno.ENODEV, e.errno());
            assertTrue(e.getMessage().contains("network namespace"), e.getMessage());
        }
    }
}
