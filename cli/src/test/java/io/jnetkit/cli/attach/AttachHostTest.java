package io.jnetkit.cli.attach;

import io.jnetkit.testkit.PrivateBpffs;
import io.jnetkit.bpf.Attachments;
import io.jnetkit.bpf.Hook;
import io.jnetkit.bpf.Program;
import io.jnetkit.cli.CliRun;
import io.jnetkit.cli.Exit;
import io.jnetkit.netns.NetNs;
import io.jnetkit.rtnl.Rtnl;
import io.jnetkit.testkit.FreshNetns;
import io.jnetkit.testkit.HostTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** attach / net show / detach on tcx hooks of a veth pair, with pins in a private bpffs. */
@HostTest
class AttachHostTest {
    @RegisterExtension
    final FreshNetns ns = new FreshNetns();

    @RegisterExtension
    final PrivateBpffs bpffs = new PrivateBpffs();

    private CliRun in(String... args) {
        return CliRun.in(ns.name(), args);
    }

    private CliRun ok(String... args) {
        return CliRun.ok(CliRun.withNetns(ns.name(), args));
    }

    private void fails(Exit exit, String... args) {
        CliRun.fails(exit, CliRun.withNetns(ns.name(), args));
    }

    private int ifindex(String dev) {
        try (Rtnl rtnl = Rtnl.open(ns.get())) {
            return rtnl.links().get(dev).index();
        }
    }

    private List<Integer> attached(Hook h) {
        return Attachments.query(ns.get(), h).programIds();
    }

    @Test
    void attachShowDetachOnTcx() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        int v0 = ifindex("v0");
        try (Program drop = TestProgs.returning("jnk_drop", 2); Program next = TestProgs.returning("jnk_next", -1)) {
            Path dropPin = bpffs.root().resolve("jnk_drop");
            drop.pin(dropPin);

            // Default: a link, pinned under <bpffs>/jnetkit/<netns>/<dev>/<hook>/<prog>.
            String out = ok("attach", "v0", "tcx-ingress", "pinned", dropPin.toString()).out();
            Path linkPin = bpffs.root().resolve("jnetkit").resolve(ns.name()).resolve("v0/tcx-ingress/programs/jnk_drop");
            assertTrue(out.contains("attached jnk_drop (prog id " + drop.id() + ") to tcx ingress of v0"), out);
            assertTrue(out.contains("pinned at " + linkPin), out);
            assertTrue(Files.exists(linkPin), "pinned by default");
            assertEquals(List.of(drop.id()), attached(Hook.tcxIngress(v0)));
            // The link pin stands for its program in prog show and test-run (bpftool refuses a link pin there).
            assertTrue(ok("prog", "show", "pinned", linkPin.toString()).out().startsWith(drop.id() + ": sched_cls  name jnk_drop"));
            assertTrue(ok("prog", "test-run", "pinned", linkPin.toString(), "--data-hex", "00".repeat(64)).out()
                    .startsWith("retval 2 (drop)"));

            // first: before everything; JSON output.
            String json = ok("attach", "v0", "tcx-ingress", "id", String.valueOf(next.id()), "first", "--json").out();
            assertTrue(json.contains("\"prog_id\":" + next.id()) && json.contains("\"link_id\":"), json);
            assertEquals(List.of(next.id(), drop.id()), attached(Hook.tcxIngress(v0)));

            // A stale revision changes nothing.
            fails(Exit.KERNEL, "attach", "v0", "tcx-egress", "id", String.valueOf(next.id()), "--expected-revision", "7");
            assertEquals(List.of(), attached(Hook.tcxEgress(v0)));

            // Legacy attach on egress, recorded by a program pin.
            ok("attach", "v0", "tcx-egress", "id", String.valueOf(drop.id()), "--legacy");
            assertEquals(List.of(drop.id()), attached(Hook.tcxEgress(v0)));

            String show = ok("net", "show").out();
            assertTrue(show.matches("(?s)tc:\nv0\\(" + v0 + "\\) tcx/ingress revision 3\n    prog_id " + next.id()
                    + " name jnk_next tag \\p{XDigit}{16} link_id \\d+\n    prog_id " + drop.id()
                    + " name jnk_drop tag \\p{XDigit}{16} link_id \\d+\nv0\\(" + v0 + "\\) tcx/egress revision 2\n"
                    + "    prog_id " + drop.id() + " name jnk_drop .* \\(prog attach\\)\nnetkit:\n"), show);
            String showJson = ok("net", "show", "dev", "v1", "--json").out();
            assertTrue(showJson.startsWith("[{\"xdp\":[],\"tc\":[],\"flow_dissector\":[],\"netfilter\":[],\"hooks\":[{\"ifname\":\"v1\""), showJson);
            assertTrue(showJson.contains("\"kind\":\"tcx/ingress\",\"revision\":1,\"progs\":[]"), showJson);

            // Detach by program id (its link), then everything else jnetkit pinned.
            String d = ok("detach", "v0", "tcx-ingress", "id", String.valueOf(next.id())).out();
            assertTrue(d.startsWith("detached jnk_next (prog id " + next.id() + ", link "), d);
            assertEquals(List.of(drop.id()), attached(Hook.tcxIngress(v0)));
            ok("detach", "v0", "tcx-ingress", "all");
            ok("detach", "v0", "tcx-egress", "all");
            assertEquals(List.of(), attached(Hook.tcxIngress(v0)));
            assertEquals(List.of(), attached(Hook.tcxEgress(v0)));
            assertFalse(Files.exists(bpffs.root().resolve("jnetkit").resolve(ns.name())), "pin directories removed");
            assertTrue(ok("detach", "v0", "tcx-ingress", "all").out().startsWith("nothing attached to tcx ingress of v0"));
        }
    }

    @Test
    void detachPinnedAndByLinkIdAndPlacement() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        int v1 = ifindex("v1");
        try (Program a = TestProgs.returning("jnk_a", -1); Program b = TestProgs.returning("jnk_b", -1);
             Program c = TestProgs.returning("jnk_c", 0)) {
            Path custom = bpffs.root().resolve("my-link");
            ok("attach", "v1", "tcx-egress", "id", String.valueOf(a.id()), "--pin", custom.toString());
            ok("attach", "v1", "tcx-egress", "id", String.valueOf(c.id()));
            ok("attach", "v1", "tcx-egress", "id", String.valueOf(b.id()), "before", "id", String.valueOf(c.id()));
            assertEquals(List.of(a.id(), b.id(), c.id()), attached(Hook.tcxEgress(v1)));
            ok("detach", "v1", "tcx-egress", "pinned", custom.toString());
            assertFalse(Files.exists(custom));
            int linkOfB = Attachments.query(ns.get(), Hook.tcxEgress(v1)).entries().getFirst().linkId();
            ok("detach", "v1", "tcx-egress", "link-id", String.valueOf(linkOfB));
            assertEquals(List.of(c.id()), attached(Hook.tcxEgress(v1)));
            ok("detach", "v1", "tcx-egress", "all");
            assertEquals(List.of(), attached(Hook.tcxEgress(v1)));
            assertEquals(List.of(), bpffs.pins());
        }
    }

    @Test
    void badInputIsOneLineWithTheRightExitCodeAndLeavesNothing() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        int v0 = ifindex("v0");
        try (Program p = TestProgs.returning("jnk_p", 2)) {
            String id = String.valueOf(p.id());
            fails(Exit.USAGE, "attach", "v0", "tcx-sideways", "id", id);
            fails(Exit.NOT_FOUND, "attach", "nosuchdev", "tcx-ingress", "id", id);
            fails(Exit.NOT_FOUND, "attach", "v0", "tcx-ingress", "id", "2000000000");
            fails(Exit.USAGE, "attach", "v0", "peer", "id", id); // veth has no netkit hooks
            fails(Exit.USAGE, "attach", "v0", "tcx-ingress", "id", "x1");
            fails(Exit.USAGE, "attach", "v0", "tcx-ingress", "id", id, "sideways");
            fails(Exit.USAGE, "attach", "v0", "tcx-ingress", "id", id, "--no-pin");
            fails(Exit.NOT_FOUND, "attach", "v0", "tcx-ingress", "pinned", bpffs.root().resolve("nothing").toString());
            fails(Exit.NOT_FOUND, "detach", "v0", "tcx-ingress", "id", id);
            fails(Exit.USAGE, "detach", "v0", "tcx-ingress", "everything");
            fails(Exit.NOT_FOUND, "net", "show", "dev", "nosuchdev");
            // Attaching the same program twice: idempotent (nothing changes); --add asks the kernel for a
            // second copy of the same program, which it refuses (EEXIST), and that pin is undone.
            ok("attach", "v0", "tcx-ingress", "id", id);
            assertTrue(ok("attach", "v0", "tcx-ingress", "id", id).out().contains("already attached; nothing changed"));
            fails(Exit.KERNEL, "attach", "v0", "tcx-ingress", "id", id, "--add");
            assertEquals(List.of(p.id()), attached(Hook.tcxIngress(v0)));
            ok("detach", "v0", "tcx-ingress", "all");
            assertEquals(List.of(), attached(Hook.tcxIngress(v0)));
            assertEquals(List.of(), attached(Hook.tcxEgress(v0)));
            assertEquals(List.of(), bpffs.pins());
        }
    }

    @Test
    void pinsSurviveTheCommandAndTheProgramDescriptor() throws Exception {
        ok("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        int v0 = ifindex("v0");
        int id;
        try (Program p = TestProgs.returning("jnk_keep", 2)) {
            id = p.id();
            ok("attach", "v0", "tcx-ingress", "id", String.valueOf(id));
        }
        // The test's descriptor is closed; the pinned link keeps program and attachment.
        assertEquals(List.of(id), attached(Hook.tcxIngress(v0)));
        try (NetNs other = NetNs.open(ns.name())) {
            assertEquals(List.of(id), Attachments.query(other, Hook.tcxIngress(v0)).programIds());
        }
        ok("detach", "v0", "tcx-ingress", "all");
        assertEquals(List.of(), attached(Hook.tcxIngress(v0)));
    }
}
